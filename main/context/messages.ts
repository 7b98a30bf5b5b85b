/** The hub's own messages, shaped as the FHIRcast 3.0.0 examples (2.4, 3.2.x). Pure builders. */
import type { EventName, Notification } from './events.js';

export interface Confirmation { 'hub.mode': 'subscribe'; 'hub.topic': string; 'hub.events': string; 'hub.lease_seconds': number }
export interface Denial { 'hub.mode': 'denied'; 'hub.topic': string; 'hub.events': string; 'hub.reason'?: string }

export function confirmation(topic: string, events: readonly EventName[], leaseSeconds: number): Confirmation {
  return { 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.events': events.join(','), 'hub.lease_seconds': leaseSeconds };
}

export function denial(topic: string, events: readonly EventName[], reason?: string): Denial {
  return { 'hub.mode': 'denied', 'hub.topic': topic, 'hub.events': events.join(','), ...(reason ? { 'hub.reason': reason } : {}) };
}

/** ISO 8601 in UTC, as the spec's `timestamp`. */
export function isoTime(ms: number): string { return new Date(ms).toISOString(); }

const SYNCERROR = 'https://fhircast.hl7.org/events/syncerror';

/** A SyncError event (spec 3.2.1): an OperationOutcome naming the event id and name it concerns and
 * the subscriber that did not follow. */
export function syncError(opts: { id: string; timestamp: string; topic: string; eventId: string; eventName: string; subscriber: string; diagnostics: string }): Notification {
  return {
    timestamp: opts.timestamp, id: opts.id,
    event: {
      'hub.topic': opts.topic, 'hub.event': 'SyncError',
      context: [{
        key: 'operationoutcome',
        resource: {
          resourceType: 'OperationOutcome',
          issue: [{
            severity: 'warning', code: 'processing', diagnostics: opts.diagnostics,
            details: {
              coding: [
                { system: `${SYNCERROR}/eventid`, code: opts.eventId },
                { system: `${SYNCERROR}/eventname`, code: opts.eventName },
                { system: `${SYNCERROR}/subscriber`, code: opts.subscriber },
              ],
            },
          }],
        },
      }],
    },
  };
}

/** Reads back the subscriber and event a SyncError names (ours or an app's). */
export function syncErrorDetails(n: Notification): { eventId?: string; eventName?: string; subscriber?: string; diagnostics?: string } {
  const first = n.event.context[0] as { resource?: { issue?: { diagnostics?: unknown; details?: { coding?: { system?: unknown; code?: unknown }[] } }[] } } | undefined;
  const issue = first?.resource?.issue?.[0];
  const code = (suffix: string) => {
    const c = issue?.details?.coding?.find((x) => x.system === `${SYNCERROR}/${suffix}`)?.code;
    return typeof c === 'string' ? c : undefined;
  };
  const out: { eventId?: string; eventName?: string; subscriber?: string; diagnostics?: string } = {};
  const eventId = code('eventid'); if (eventId) out.eventId = eventId;
  const eventName = code('eventname'); if (eventName) out.eventName = eventName;
  const subscriber = code('subscriber'); if (subscriber) out.subscriber = subscriber;
  if (typeof issue?.diagnostics === 'string') out.diagnostics = issue.diagnostics;
  return out;
}

export function heartbeat(id: string, timestamp: string, topic: string, periodSeconds: number): Notification {
  return { timestamp, id, event: { 'hub.topic': topic, 'hub.event': 'heartbeat', context: [{ key: 'period', decimal: String(periodSeconds) }] } };
}

/** UserLogout / UserHibernate with the spec's Parameters context (3.2.3, 3.2.4). */
export function sessionEvent(kind: Extract<EventName, 'UserLogout' | 'UserHibernate'>, id: string, timestamp: string, topic: string, code: string, display: string): Notification {
  const system = kind === 'UserLogout'
    ? 'http://hl7.org/fhir/uv/fhircast/CodeSystem/fhircast-logout-codesystem'
    : 'http://hl7.org/fhir/uv/fhircast/CodeSystem/fhircast-hibernate-codesystem';
  return {
    timestamp, id,
    event: {
      'hub.topic': topic, 'hub.event': kind,
      context: [{ key: 'parameters', resource: { resourceType: 'Parameters', parameter: [{ name: 'code', valueCoding: { system, code, display } }] } }],
    },
  };
}

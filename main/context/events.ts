/**
 * FHIRcast 3.0.0 event names, wildcards, scopes and context validation. Pure: no I/O.
 * Event names are case-insensitive (spec 2.3); we keep the catalogue's Upper-Camel spelling.
 */
import { ContextError } from './context-error.js';

export const CONTEXT_EVENTS = [
  'Patient-open', 'Patient-close', 'Encounter-open', 'Encounter-close', 'DiagnosticReport-open', 'DiagnosticReport-close',
] as const;
export const INFRASTRUCTURE_EVENTS = ['SyncError', 'heartbeat', 'UserLogout', 'UserHibernate'] as const;
export type ContextEventName = typeof CONTEXT_EVENTS[number];
export type EventName = ContextEventName | typeof INFRASTRUCTURE_EVENTS[number];
export const ALL_EVENTS: readonly EventName[] = [...CONTEXT_EVENTS, ...INFRASTRUCTURE_EVENTS];

/** Events only the hub itself sends: an app may not publish them. */
export const HUB_ONLY_EVENTS: readonly EventName[] = ['heartbeat', 'UserLogout', 'UserHibernate'];

/** The anchor resource of each context event and the context keys it must carry (spec 3.3–3.6). */
export const ANCHORS: Record<ContextEventName, { type: 'Patient' | 'Encounter' | 'DiagnosticReport'; key: string; keys: string[] }> = {
  'Patient-open': { type: 'Patient', key: 'patient', keys: ['patient'] },
  'Patient-close': { type: 'Patient', key: 'patient', keys: ['patient'] },
  'Encounter-open': { type: 'Encounter', key: 'encounter', keys: ['encounter', 'patient'] },
  'Encounter-close': { type: 'Encounter', key: 'encounter', keys: ['encounter', 'patient'] },
  'DiagnosticReport-open': { type: 'DiagnosticReport', key: 'report', keys: ['report', 'patient'] },
  'DiagnosticReport-close': { type: 'DiagnosticReport', key: 'report', keys: ['report', 'patient'] },
};

const BY_LOWER = new Map(ALL_EVENTS.map((e) => [e.toLowerCase(), e]));

export function canonicalEvent(name: string): EventName | undefined {
  return BY_LOWER.get(name.toLowerCase());
}

export function isContextEvent(name: EventName): name is ContextEventName {
  return (CONTEXT_EVENTS as readonly string[]).includes(name);
}

/** `*`, `Patient-*`, `*-open` or an exact name, case-insensitively (spec 2.3 "Event name"). */
export function matchesPattern(pattern: string, event: EventName): boolean {
  const p = pattern.toLowerCase();
  const e = event.toLowerCase();
  if (p === '*' || p === e) return true;
  const dash = p.indexOf('-');
  if (dash < 0) return false;
  const [res, verb] = [p.slice(0, dash), p.slice(dash + 1)];
  const edash = e.indexOf('-');
  if (edash < 0) return false;
  return (res === '*' || res === e.slice(0, edash)) && (verb === '*' || verb === e.slice(edash + 1));
}

/** Expands a subscription's `hub.events` into the events it names; unknown names are refused. */
export function expandEvents(list: string): EventName[] {
  const patterns = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (patterns.length === 0 || patterns.length > 32) throw new ContextError('malformed', 'hub.events must list 1 to 32 events');
  const out = new Set<EventName>();
  for (const p of patterns) {
    if (!/^[A-Za-z*]+(-[A-Za-z*]+)?$/.test(p)) throw new ContextError('malformed', `hub.events has a malformed name: ${p.slice(0, 40)}`);
    const matched = ALL_EVENTS.filter((e) => e !== 'heartbeat' && matchesPattern(p, e));
    if (matched.length === 0) throw new ContextError('malformed', `hub.events names an event this hub does not support: ${p}`);
    for (const m of matched) out.add(m);
  }
  return [...out];
}

/** Whether granted scopes allow `mode` on `event`: fhircast/{event|*}.{read|write|*} (spec 2.2). */
export function scopeAllows(scopes: readonly string[], event: EventName, mode: 'read' | 'write'): boolean {
  const e = event.toLowerCase();
  return scopes.some((s) => {
    const m = /^fhircast\/([^.]+)\.(read|write|\*)$/i.exec(s);
    if (!m) return false;
    const [, name = '', access = ''] = m;
    return (name === '*' || name.toLowerCase() === e) && (access === '*' || access.toLowerCase() === mode);
  });
}

/** The FHIRcast scopes a provider offers for this hub's events (what the reference provider registers). */
export function fhircastScopes(): string[] {
  const out: string[] = [];
  for (const e of [...CONTEXT_EVENTS, 'SyncError']) out.push(`fhircast/${e}.read`, `fhircast/${e}.write`);
  out.push('fhircast/UserLogout.read', 'fhircast/UserHibernate.read');
  return out;
}

export interface FhirResource { resourceType: string; id?: string; [k: string]: unknown }
export interface ContextEntry { key: string; resource: FhirResource }
export interface HubEvent {
  'hub.topic': string;
  'hub.event': string;
  'context.versionId'?: string;
  context: unknown[];
}
export interface Notification { timestamp: string; id: string; event: HubEvent }

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** Checks a context-change event's context against the catalogue: required keys, resource types,
 * ids, and that the anchor's subject is the patient in the same context. Returns the entries. */
export function validateContext(event: ContextEventName, context: unknown): ContextEntry[] {
  if (!Array.isArray(context) || context.length === 0 || context.length > 8) throw new ContextError('malformed', 'context must be an array of 1 to 8 entries');
  const entries: ContextEntry[] = [];
  for (const c of context) {
    if (!isObject(c) || typeof c.key !== 'string' || !isObject(c.resource) || typeof c.resource.resourceType !== 'string') {
      throw new ContextError('malformed', 'each context entry needs a key and a FHIR resource');
    }
    entries.push({ key: c.key, resource: c.resource as FhirResource });
  }
  const anchor = ANCHORS[event];
  for (const key of anchor.keys) {
    const found = entries.filter((e) => e.key === key);
    if (found.length !== 1) throw new ContextError('malformed', `${event} needs exactly one "${key}" entry`);
  }
  const patient = entries.find((e) => e.key === 'patient')?.resource;
  const main = entries.find((e) => e.key === anchor.key)?.resource;
  if (!patient || patient.resourceType !== 'Patient' || typeof patient.id !== 'string' || !ID.test(patient.id)) {
    throw new ContextError('malformed', 'the patient entry must be a Patient resource with an id');
  }
  if (!main || main.resourceType !== anchor.type || typeof main.id !== 'string' || !ID.test(main.id)) {
    throw new ContextError('malformed', `the ${anchor.key} entry must be a ${anchor.type} resource with an id`);
  }
  if (anchor.type !== 'Patient') {
    const subject = isObject(main.subject) ? main.subject.reference : undefined;
    if (subject !== undefined && subject !== `Patient/${patient.id}`) {
      throw new ContextError('patient-mismatch', `${event}: the ${anchor.key} belongs to another patient than the one in context`);
    }
  }
  return entries;
}

/** Parses an event notification or publish request body: `timestamp`, `id`, `event`. */
export function parseNotification(body: unknown): Notification {
  if (!isObject(body) || typeof body.id !== 'string' || typeof body.timestamp !== 'string' || !isObject(body.event)) {
    throw new ContextError('malformed', 'an event needs "timestamp", "id" and "event"');
  }
  if (body.id.length === 0 || body.id.length > 128) throw new ContextError('malformed', 'event id must be 1 to 128 characters');
  if (Number.isNaN(Date.parse(body.timestamp))) throw new ContextError('malformed', 'event timestamp is not an ISO 8601 time');
  const ev = body.event;
  if (typeof ev['hub.topic'] !== 'string' || typeof ev['hub.event'] !== 'string' || !Array.isArray(ev.context)) {
    throw new ContextError('malformed', 'event needs "hub.topic", "hub.event" and a "context" array');
  }
  return { id: body.id, timestamp: body.timestamp, event: { 'hub.topic': ev['hub.topic'], 'hub.event': ev['hub.event'], context: ev.context } };
}

/** A topic's context and the rules for changing it: access checks, rate limit, applying a change, relaying an app's SyncError. */
import { ContextError } from './context-error.js';
import { patientOf } from './context-stack.js';
import { isContextEvent, type ContextEntry, type EventName, type Notification } from './events.js';
import { syncError, syncErrorDetails } from './messages.js';
import type { TokenGrant } from './tokens.js';
import { deliver } from './hub-delivery.js';
import { short, type HubState, type Topic } from './hub-types.js';

export function applyContext(hub: HubState, topic: Topic, name: EventName, n: Notification, entries: ContextEntry[], by: string): void {
  if (!isContextEvent(name)) return;
  const out = topic.context.apply(name, entries, (versionId): Notification => ({
    timestamp: n.timestamp, id: n.id, event: { 'hub.topic': topic.id, 'hub.event': name, 'context.versionId': versionId, context: n.event.context },
  }));
  hub.opts.log.info('context changed', { topic: short(topic.id), event: name, by });
  // Spec 2.6: an accepted change goes to every subscriber, the requester included (its echo is its confirmation).
  for (const sub of topic.subs.values()) deliver(hub, topic, sub, out, sub.clientId !== by);
  hub.emit({ type: 'context-changed', topic: topic.id, event: name, patient: name === 'Patient-close' ? undefined : patientOf(entries), by });
}

export function relaySyncError(hub: HubState, topic: Topic, clientId: string, n: Notification): void {
  const details = syncErrorDetails(n);
  const first = n.event.context[0] as { resource?: { resourceType?: unknown } } | undefined;
  if (first?.resource?.resourceType !== 'OperationOutcome' || !details.eventId) throw new ContextError('malformed', 'a SyncError carries one OperationOutcome naming the event id');
  // The app speaks for itself: its own client id and name, whatever the body claims.
  const out = syncError({ id: n.id, timestamp: n.timestamp, topic: topic.id, eventId: details.eventId, eventName: details.eventName ?? '', subscriber: hub.appName(clientId), diagnostics: details.diagnostics ?? 'did not follow the context change' });
  for (const sub of topic.subs.values()) {
    const pending = sub.clientId === clientId ? sub.pending.get(details.eventId) : undefined;
    if (pending) { pending.timer.cancel(); sub.pending.delete(details.eventId); }
    if (sub.clientId !== clientId) deliver(hub, topic, sub, out, false);
  }
  hub.opts.log.warn('app did not follow context', { client: clientId, topic: short(topic.id), event: details.eventName, reason: 'sync-error' });
  hub.emit({ type: 'not-followed', topic: topic.id, app: hub.appName(clientId), clientId, eventId: details.eventId, eventName: details.eventName ?? '', reason: 'sync-error' });
}

export function authorisedTopic(hub: HubState, grant: TokenGrant, topicId: string | undefined): Topic {
  if (typeof topicId !== 'string' || topicId === '' || topicId.length > 128) throw new ContextError('malformed', 'hub.topic is required');
  if (hub.opts.allowedClients && !hub.opts.allowedClients.includes(grant.clientId)) throw new ContextError('app-not-allowed', 'this app does not take part in context sharing');
  if (grant.expiresAtMs <= hub.wallNow()) throw new ContextError('bad-token', 'the access token has expired');
  if (grant.topic !== topicId) throw new ContextError('wrong-topic', 'the access token was not issued for this session');
  if (hub.ended.includes(topicId)) throw new ContextError('topic-ended', 'the session has ended');
  const topic = hub.topics.get(topicId);
  if (!topic) throw new ContextError('unknown-topic', 'no such topic');
  return topic;
}

export function liveTopic(hub: HubState, topicId: string): Topic {
  const topic = hub.topics.get(topicId);
  if (!topic) throw new ContextError(hub.ended.includes(topicId) ? 'topic-ended' : 'unknown-topic', 'no such topic');
  return topic;
}

export function rateLimit(hub: HubState, topic: Topic, clientId: string): void {
  const now = hub.opts.clock.now();
  const recent = (topic.sent.get(clientId) ?? []).filter((t) => now - t < hub.limits.rateWindowMs);
  if (recent.length >= hub.limits.rateEvents) {
    topic.sent.set(clientId, recent);
    throw new ContextError('rate-limited', `more than ${hub.limits.rateEvents} events in ${hub.limits.rateWindowMs} ms`);
  }
  recent.push(now);
  topic.sent.set(clientId, recent);
}

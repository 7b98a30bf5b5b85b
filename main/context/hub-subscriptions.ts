/** Subscribing, unsubscribing, leases and attaching sockets: how an app's subscription comes to exist, apart from delivery. */
import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import { ContextError } from './context-error.js';
import { expandEvents, scopeAllows } from './events.js';
import { confirmation } from './messages.js';
import { Subscription } from './subscription.js';
import type { TokenGrant } from './tokens.js';
import { deliver, drop, onClose, onMessage } from './hub-delivery.js';
import { short, type HubState, type Topic } from './hub-types.js';

export function subscribe(hub: HubState, topic: Topic, grant: TokenGrant, form: Record<string, string>, endpointBase: string): string {
  if (form['hub.mode'] === 'unsubscribe') {
    const sub = ownSubscription(grant, topic, form['hub.channel.endpoint']);
    drop(hub, sub, 'unsubscribed');
    return `${endpointBase}/${sub.endpointId}`;
  }
  if (form['hub.mode'] !== 'subscribe') throw new ContextError('malformed', 'hub.mode must be subscribe or unsubscribe');
  const requested = expandEvents(form['hub.events'] ?? '');
  const events = requested.filter((e) => scopeAllows(grant.scopes, e, 'read'));
  if (events.length === 0) throw new ContextError('scope', 'the token grants none of the requested events (fhircast/<event>.read)');
  const lease = leaseFor(hub, grant, form['hub.lease_seconds']);
  const existing = form['hub.channel.endpoint'];
  if (existing !== undefined) {
    const sub = ownSubscription(grant, topic, existing);
    sub.events = events;
    startLease(hub, sub, lease);
    if (sub.connected()) sub.socket?.send(JSON.stringify(confirmation(topic.id, events, lease)));
    return existing;
  }
  if (topic.subs.size >= hub.limits.maxSubscriptionsPerTopic) throw new ContextError('rate-limited', 'too many subscriptions on this topic');
  const sub = new Subscription(randomBytes(24).toString('base64url'), topic.id, grant.clientId, hub.appName(grant.clientId), events, lease);
  topic.subs.set(sub.endpointId, sub);
  hub.endpoints.set(sub.endpointId, sub);
  startLease(hub, sub, lease);
  sub.connectTimer = hub.opts.clock.setTimeout(() => drop(hub, sub, 'no connection to the endpoint'), hub.limits.connectTimeoutMs);
  hub.opts.log.info('subscribed', { client: grant.clientId, topic: short(topic.id), events: events.join(',') });
  return `${endpointBase}/${sub.endpointId}`;
}

export function attach(hub: HubState, endpointId: string, socket: WebSocket): void {
  const sub = hub.endpoints.get(endpointId);
  if (!sub) { socket.close(1008, 'unknown endpoint'); return; }
  if (sub.connected()) { socket.close(1008, 'endpoint already connected'); return; }
  const topic = hub.topics.get(sub.topic);
  if (!topic) { socket.close(1008, 'unknown topic'); return; }
  sub.connectTimer?.cancel();
  sub.connectTimer = undefined;
  sub.socket = socket;
  socket.on('message', (data, isBinary) => onMessage(hub, sub, socket, data.toString(), isBinary));
  socket.on('close', (code) => onClose(hub, sub, socket, code));
  socket.on('error', (err) => hub.opts.log.warn('subscriber socket error', { client: sub.clientId, error: err.message }));
  socket.send(JSON.stringify(confirmation(topic.id, sub.events, sub.leaseSeconds)));
  if (topic.state === 'active') for (const open of topic.context.opensByAnchor()) deliver(hub, topic, sub, open, true);
}

function ownSubscription(grant: TokenGrant, topic: Topic, endpoint: string | undefined): Subscription {
  const id = endpoint?.split('/').pop()?.trim() ?? '';
  const sub = topic.subs.get(id);
  if (!sub || sub.clientId !== grant.clientId) throw new ContextError('unknown-topic', 'no such subscription for this app');
  return sub;
}

function leaseFor(hub: HubState, grant: TokenGrant, requested: string | undefined): number {
  let lease = hub.limits.maxLeaseSeconds;
  if (requested !== undefined) {
    if (!/^[1-9][0-9]{0,8}$/.test(requested)) throw new ContextError('malformed', 'hub.lease_seconds must be a positive integer');
    lease = Math.min(lease, Number(requested));
  }
  // Spec 2.4: with OAuth 2.0 the lease is at most the access token's remaining life.
  lease = Math.min(lease, Math.floor((grant.expiresAtMs - hub.wallNow()) / 1000));
  if (lease <= 0) throw new ContextError('bad-token', 'the access token has expired');
  return lease;
}

function startLease(hub: HubState, sub: Subscription, lease: number): void {
  sub.leaseSeconds = lease;
  sub.leaseTimer?.cancel();
  sub.leaseTimer = hub.opts.clock.setTimeout(() => drop(hub, sub, 'lease expired'), lease * 1000);
}

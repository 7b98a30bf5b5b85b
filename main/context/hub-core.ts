/**
 * The FHIRcast hub's state and rules, apart from HTTP: topics (one per user session),
 * subscriptions, the current context, delivery with acknowledgement, SyncError, heartbeats and
 * leases. Time comes from the Clock port so tests move it. hub-server.ts puts it on loopback.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { Clock, Timer } from '../core/ports/clock.js';
import type { Log } from '../core/ports/log.js';
import { ContextError } from './context-error.js';
import { ContextStack, patientOf } from './context-stack.js';
import {
  canonicalEvent, expandEvents, HUB_ONLY_EVENTS, isContextEvent, scopeAllows, validateContext,
  type ContextEntry, type EventName, type FhirResource, type Notification,
} from './events.js';
import { confirmation, denial, heartbeat, isoTime, sessionEvent, syncError, syncErrorDetails } from './messages.js';
import { Subscription } from './subscription.js';
import type { TokenGrant } from './tokens.js';

export type NotFollowedReason = 'sync-error' | 'refused' | 'no-ack' | 'disconnected';

export type HubNotice =
  | { type: 'context-changed'; topic: string; event: EventName; patient: FhirResource | undefined; by: string }
  | { type: 'not-followed'; topic: string; app: string; clientId: string; eventId: string; eventName: string; reason: NotFollowedReason }
  | { type: 'followed'; topic: string; clientId: string; eventId: string };

export interface HubLimits {
  /** Policy: a subscriber that has not acknowledged an event by then did not follow (spec: 10 s). */
  ackTimeoutMs: number;
  heartbeatSeconds: number;
  maxLeaseSeconds: number;
  /** How long a subscription waits for its socket (first connect, or after a drop). */
  connectTimeoutMs: number;
  /** Events an app may publish per window before 429. */
  rateEvents: number;
  rateWindowMs: number;
  maxSubscriptionsPerTopic: number;
}

export const DEFAULT_LIMITS: HubLimits = {
  ackTimeoutMs: 10_000, heartbeatSeconds: 10, maxLeaseSeconds: 7200, connectTimeoutMs: 30_000,
  rateEvents: 20, rateWindowMs: 10_000, maxSubscriptionsPerTopic: 64,
};

export interface HubCoreOptions {
  clock: Clock;
  log: Log;
  limits?: Partial<HubLimits>;
  /** Clients that take part (policy `context.apps`); absent = every client the provider bound. */
  allowedClients?: readonly string[];
  /** Policy `context.appsMayChangeContext`: false = apps only follow. */
  appsMayChangeContext?: boolean;
  /** Display names by client id, for the shell's warning. */
  appNames?: Readonly<Record<string, string>>;
  /** Wall clock for `timestamp` fields (default Date.now). */
  wallNow?: () => number;
  newId?: () => string;
}

interface Topic {
  id: string;
  state: 'active' | 'suspended';
  subs: Map<string, Subscription>;
  context: ContextStack;
  /** Per-client publish times, for the rate limit. */
  sent: Map<string, number[]>;
}

const ENDED_TOPICS_KEPT = 256;

export class HubCore {
  private readonly topics = new Map<string, Topic>();
  private readonly endpoints = new Map<string, Subscription>();
  private readonly ended: string[] = [];
  private readonly listeners = new Set<(n: HubNotice) => void>();
  private readonly limits: HubLimits;
  private readonly wallNow: () => number;
  private readonly newId: () => string;
  private heartbeatTimer: Timer | undefined;

  constructor(private readonly opts: HubCoreOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.wallNow = opts.wallNow ?? Date.now;
    this.newId = opts.newId ?? randomUUID;
    this.scheduleHeartbeat();
  }

  on(listener: (n: HubNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- the station's side: one topic per user session ----

  openTopic(): string {
    const id = randomBytes(16).toString('hex');
    this.topics.set(id, { id, state: 'active', subs: new Map(), context: new ContextStack(this.newId), sent: new Map() });
    return id;
  }

  /** UserHibernate to the topic's subscribers, then silence: nothing is delivered, nothing accepted. */
  hibernate(topicId: string): void {
    const topic = this.live(topicId);
    this.broadcast(topic, sessionEvent('UserHibernate', this.newId(), this.now(), topic.id, 'system-timeout', 'The session was suspended at the workstation.'));
    topic.state = 'suspended';
    for (const sub of topic.subs.values()) { for (const p of sub.pending.values()) p.timer.cancel(); sub.pending.clear(); }
  }

  /** Back to active; every subscriber is told the context again, so a tab that drifted is brought back. */
  resume(topicId: string): void {
    const topic = this.live(topicId);
    topic.state = 'active';
    for (const sub of topic.subs.values()) for (const open of topic.context.opensByAnchor()) this.deliver(topic, sub, open, true);
  }

  /** UserLogout, denial and close for every subscriber; the context is destroyed and the topic refused from now on. */
  endTopic(topicId: string): void {
    const topic = this.topics.get(topicId);
    if (!topic) return;
    topic.state = 'active';
    this.broadcast(topic, sessionEvent('UserLogout', this.newId(), this.now(), topic.id, 'user-initiated', 'The user\'s session at the workstation has ended.'));
    for (const sub of [...topic.subs.values()]) this.drop(sub, 'session ended');
    topic.context.clear();
    this.topics.delete(topicId);
    this.ended.push(topicId);
    if (this.ended.length > ENDED_TOPICS_KEPT) this.ended.shift();
  }

  /** The shell's "Close patient": the hub itself publishes the close for the current patient. */
  closePatient(topicId: string): void {
    const topic = this.live(topicId);
    const patient = topic.context.patient();
    if (!patient || topic.state !== 'active') return;
    const n: Notification = { timestamp: this.now(), id: this.newId(), event: { 'hub.topic': topic.id, 'hub.event': 'Patient-close', context: [{ key: 'patient', resource: patient }] } };
    this.applyContext(topic, 'Patient-close', n, n.event.context as ContextEntry[], 'lanyard');
  }

  current(topicId: string): Notification | undefined {
    return this.topics.get(topicId)?.context.top();
  }

  currentPatient(topicId: string): FhirResource | undefined {
    return this.topics.get(topicId)?.context.patient();
  }

  /** GET {hub}/{topic} (spec 2.9). */
  currentContext(grant: TokenGrant, topicId: string): Record<string, unknown> {
    const topic = this.authorisedTopic(grant, topicId);
    const top = topic.context.top();
    const type = top ? String(top.event['hub.event']).split('-')[0] ?? '' : '';
    return { 'context.type': type, 'context.versionId': topic.context.versionId, context: top ? top.event.context : [] };
  }

  // ---- the apps' side ----

  subscribe(grant: TokenGrant, form: Record<string, string>, endpointBase: string): string {
    if (form['hub.channel.type'] !== 'websocket') throw new ContextError('malformed', 'hub.channel.type must be websocket');
    const topic = this.authorisedTopic(grant, form['hub.topic']);
    if (form['hub.mode'] === 'unsubscribe') {
      const sub = this.ownSubscription(grant, topic, form['hub.channel.endpoint']);
      this.drop(sub, 'unsubscribed');
      return `${endpointBase}/${sub.endpointId}`;
    }
    if (form['hub.mode'] !== 'subscribe') throw new ContextError('malformed', 'hub.mode must be subscribe or unsubscribe');
    const requested = expandEvents(form['hub.events'] ?? '');
    const events = requested.filter((e) => scopeAllows(grant.scopes, e, 'read'));
    if (events.length === 0) throw new ContextError('scope', 'the token grants none of the requested events (fhircast/<event>.read)');
    const lease = this.leaseFor(grant, form['hub.lease_seconds']);
    const existing = form['hub.channel.endpoint'];
    if (existing !== undefined) {
      const sub = this.ownSubscription(grant, topic, existing);
      sub.events = events;
      this.startLease(sub, lease);
      if (sub.connected()) sub.socket?.send(JSON.stringify(confirmation(topic.id, events, lease)));
      return existing;
    }
    if (topic.subs.size >= this.limits.maxSubscriptionsPerTopic) throw new ContextError('rate-limited', 'too many subscriptions on this topic');
    const sub = new Subscription(randomBytes(24).toString('base64url'), topic.id, grant.clientId, this.appName(grant.clientId), events, lease);
    topic.subs.set(sub.endpointId, sub);
    this.endpoints.set(sub.endpointId, sub);
    this.startLease(sub, lease);
    sub.connectTimer = this.opts.clock.setTimeout(() => this.drop(sub, 'no connection to the endpoint'), this.limits.connectTimeoutMs);
    this.opts.log.info('subscribed', { client: grant.clientId, topic: short(topic.id), events: events.join(',') });
    return `${endpointBase}/${sub.endpointId}`;
  }

  /** An app's event (context change or SyncError): POST hub.url with JSON (spec 2.6). */
  publish(grant: TokenGrant, n: Notification): void {
    const topic = this.authorisedTopic(grant, n.event['hub.topic']);
    if (topic.state === 'suspended') throw new ContextError('topic-suspended', 'the session is suspended');
    const name = canonicalEvent(n.event['hub.event']);
    if (!name) throw new ContextError('malformed', 'unknown hub.event');
    if (HUB_ONLY_EVENTS.includes(name)) throw new ContextError('scope', `${name} is sent by the hub only`);
    if (!scopeAllows(grant.scopes, name, 'write')) throw new ContextError('scope', `the token does not grant fhircast/${name}.write`);
    this.rateLimit(topic, grant.clientId);
    if (name === 'SyncError') return this.relaySyncError(topic, grant.clientId, n);
    if (!isContextEvent(name)) throw new ContextError('malformed', `${name} cannot be published`);
    if (this.opts.appsMayChangeContext === false) throw new ContextError('app-not-allowed', 'policy: apps follow context but may not change it');
    const entries = validateContext(name, n.event.context);
    this.applyContext(topic, name, { ...n, event: { ...n.event, 'hub.event': name } }, entries, grant.clientId);
  }

  attach(endpointId: string, socket: WebSocket): void {
    const sub = this.endpoints.get(endpointId);
    if (!sub) { socket.close(1008, 'unknown endpoint'); return; }
    if (sub.connected()) { socket.close(1008, 'endpoint already connected'); return; }
    const topic = this.topics.get(sub.topic);
    if (!topic) { socket.close(1008, 'unknown topic'); return; }
    sub.connectTimer?.cancel();
    sub.connectTimer = undefined;
    sub.socket = socket;
    socket.on('message', (data, isBinary) => this.onMessage(sub, socket, data.toString(), isBinary));
    socket.on('close', (code) => this.onClose(sub, socket, code));
    socket.on('error', (err) => this.opts.log.warn('subscriber socket error', { client: sub.clientId, error: err.message }));
    socket.send(JSON.stringify(confirmation(topic.id, sub.events, sub.leaseSeconds)));
    if (topic.state === 'active') for (const open of topic.context.opensByAnchor()) this.deliver(topic, sub, open, true);
  }

  close(): void {
    this.heartbeatTimer?.cancel();
    for (const id of [...this.topics.keys()]) this.endTopic(id);
  }

  // ---- inside ----

  private applyContext(topic: Topic, name: EventName, n: Notification, entries: ContextEntry[], by: string): void {
    if (!isContextEvent(name)) return;
    const out = topic.context.apply(name, entries, (versionId): Notification => ({
      timestamp: n.timestamp, id: n.id, event: { 'hub.topic': topic.id, 'hub.event': name, 'context.versionId': versionId, context: n.event.context },
    }));
    this.opts.log.info('context changed', { topic: short(topic.id), event: name, by });
    // Spec 2.6: an accepted change goes to every subscriber, the requester included (its echo is its confirmation).
    for (const sub of topic.subs.values()) this.deliver(topic, sub, out, sub.clientId !== by);
    this.emit({ type: 'context-changed', topic: topic.id, event: name, patient: name === 'Patient-close' ? undefined : patientOf(entries), by });
  }

  private relaySyncError(topic: Topic, clientId: string, n: Notification): void {
    const details = syncErrorDetails(n);
    const first = n.event.context[0] as { resource?: { resourceType?: unknown } } | undefined;
    if (first?.resource?.resourceType !== 'OperationOutcome' || !details.eventId) throw new ContextError('malformed', 'a SyncError carries one OperationOutcome naming the event id');
    // The app speaks for itself: its own client id and name, whatever the body claims.
    const out = syncError({ id: n.id, timestamp: n.timestamp, topic: topic.id, eventId: details.eventId, eventName: details.eventName ?? '', subscriber: this.appName(clientId), diagnostics: details.diagnostics ?? 'did not follow the context change' });
    for (const sub of topic.subs.values()) {
      const pending = sub.clientId === clientId ? sub.pending.get(details.eventId) : undefined;
      if (pending) { pending.timer.cancel(); sub.pending.delete(details.eventId); }
      if (sub.clientId !== clientId) this.deliver(topic, sub, out, false);
    }
    this.opts.log.warn('app did not follow context', { client: clientId, topic: short(topic.id), event: details.eventName, reason: 'sync-error' });
    this.emit({ type: 'not-followed', topic: topic.id, app: this.appName(clientId), clientId, eventId: details.eventId, eventName: details.eventName ?? '', reason: 'sync-error' });
  }

  /** Sends `n` to one subscriber if it asked for that event; context events wait for an acknowledgement. */
  private deliver(topic: Topic, sub: Subscription, n: Notification, expectAck: boolean): void {
    const name = canonicalEvent(n.event['hub.event']);
    if (!name || !sub.wants(name)) return;
    if (topic.state === 'suspended' && name !== 'UserHibernate' && name !== 'heartbeat') return;
    if (!sub.connected()) {
      if (expectAck) this.notFollowed(topic, sub, n.id, name, 'disconnected');
      return;
    }
    sub.socket?.send(JSON.stringify(n));
    if (!expectAck || !isContextEvent(name)) return;
    sub.pending.get(n.id)?.timer.cancel();
    const timer = this.opts.clock.setTimeout(() => {
      sub.pending.delete(n.id);
      this.notFollowed(topic, sub, n.id, name, 'no-ack');
      // Spec 2.5: an unresponsive subscriber is unsubscribed once the hub has said so.
      this.drop(sub, 'no acknowledgement');
    }, this.limits.ackTimeoutMs);
    sub.pending.set(n.id, { eventId: n.id, eventName: name, timer });
  }

  private onMessage(sub: Subscription, socket: WebSocket, text: string, isBinary: boolean): void {
    let msg: unknown;
    try { msg = isBinary ? undefined : JSON.parse(text); } catch { msg = undefined; }
    const m = msg as { id?: unknown; status?: unknown; event?: unknown } | undefined;
    if (typeof m !== 'object' || m === null || Array.isArray(m) || typeof m.id !== 'string') {
      this.opts.log.warn('malformed message from subscriber', { client: sub.clientId, bytes: text.length });
      socket.close(1007, 'messages must be JSON acknowledgements {id, status}');
      return;
    }
    if (m.event !== undefined) { this.opts.log.warn('event sent over the socket refused: POST it to hub.url', { client: sub.clientId }); return; }
    const pending = sub.pending.get(m.id);
    if (!pending) return;
    pending.timer.cancel();
    sub.pending.delete(m.id);
    // Medplum's client acknowledges with {id, timestamp} and no status: receipt is acceptance.
    const status = m.status === undefined ? 200 : Number(m.status);
    const topic = this.topics.get(sub.topic);
    if (!topic) return;
    if (status >= 200 && status < 300) { this.emit({ type: 'followed', topic: topic.id, clientId: sub.clientId, eventId: m.id }); return; }
    this.notFollowed(topic, sub, m.id, pending.eventName, 'refused');
  }

  private onClose(sub: Subscription, socket: WebSocket, code: number): void {
    if (sub.socket !== socket) return;
    sub.socket = undefined;
    for (const p of sub.pending.values()) p.timer.cancel();
    const pending = [...sub.pending.values()];
    sub.pending.clear();
    if (!this.endpoints.has(sub.endpointId)) return;
    if (code === 1000 || code === 1001) { this.drop(sub, 'closed by subscriber'); return; }
    const topic = this.topics.get(sub.topic);
    this.opts.log.warn('subscriber connection lost', { client: sub.clientId, code });
    if (topic) {
      const last = pending[0] ?? (topic.context.top() ? { eventId: topic.context.top()?.id ?? '', eventName: String(topic.context.top()?.event['hub.event']) } : undefined);
      if (last) this.notFollowed(topic, sub, last.eventId, last.eventName, 'disconnected');
    }
    sub.connectTimer = this.opts.clock.setTimeout(() => this.drop(sub, 'did not reconnect'), this.limits.connectTimeoutMs);
  }

  /** Hub-generated SyncError to the other subscribers (spec 2.5), and a notice for the shell. */
  private notFollowed(topic: Topic, sub: Subscription, eventId: string, eventName: string, reason: NotFollowedReason): void {
    this.opts.log.warn('app did not follow context', { client: sub.clientId, topic: short(topic.id), event: eventName, reason });
    const n = syncError({ id: this.newId(), timestamp: this.now(), topic: topic.id, eventId, eventName, subscriber: sub.appName, diagnostics: `${sub.appName} did not follow the context change (${reason})` });
    for (const other of topic.subs.values()) if (other !== sub) this.deliver(topic, other, n, false);
    this.emit({ type: 'not-followed', topic: topic.id, app: sub.appName, clientId: sub.clientId, eventId, eventName, reason });
  }

  private drop(sub: Subscription, reason: string): void {
    sub.cancelTimers();
    this.endpoints.delete(sub.endpointId);
    this.topics.get(sub.topic)?.subs.delete(sub.endpointId);
    if (sub.connected()) {
      sub.socket?.send(JSON.stringify(denial(sub.topic, sub.events, reason)));
      sub.socket?.close(1000, reason.slice(0, 100));
    }
    sub.socket = undefined;
    this.opts.log.info('subscription ended', { client: sub.clientId, reason });
  }

  private broadcast(topic: Topic, n: Notification): void {
    for (const sub of topic.subs.values()) this.deliver(topic, sub, n, false);
  }

  private scheduleHeartbeat(): void {
    this.heartbeatTimer = this.opts.clock.setTimeout(() => {
      for (const topic of this.topics.values()) {
        for (const sub of topic.subs.values()) {
          if (sub.connected()) sub.socket?.send(JSON.stringify(heartbeat(this.newId(), this.now(), topic.id, this.limits.heartbeatSeconds)));
        }
      }
      this.scheduleHeartbeat();
    }, this.limits.heartbeatSeconds * 1000);
  }

  private authorisedTopic(grant: TokenGrant, topicId: string | undefined): Topic {
    if (typeof topicId !== 'string' || topicId === '' || topicId.length > 128) throw new ContextError('malformed', 'hub.topic is required');
    if (this.opts.allowedClients && !this.opts.allowedClients.includes(grant.clientId)) throw new ContextError('app-not-allowed', 'this app does not take part in context sharing');
    if (grant.expiresAtMs <= this.wallNow()) throw new ContextError('bad-token', 'the access token has expired');
    if (grant.topic !== topicId) throw new ContextError('wrong-topic', 'the access token was not issued for this session');
    if (this.ended.includes(topicId)) throw new ContextError('topic-ended', 'the session has ended');
    const topic = this.topics.get(topicId);
    if (!topic) throw new ContextError('unknown-topic', 'no such topic');
    return topic;
  }

  private live(topicId: string): Topic {
    const topic = this.topics.get(topicId);
    if (!topic) throw new ContextError(this.ended.includes(topicId) ? 'topic-ended' : 'unknown-topic', 'no such topic');
    return topic;
  }

  private ownSubscription(grant: TokenGrant, topic: Topic, endpoint: string | undefined): Subscription {
    const id = endpoint?.split('/').pop()?.trim() ?? '';
    const sub = topic.subs.get(id);
    if (!sub || sub.clientId !== grant.clientId) throw new ContextError('unknown-topic', 'no such subscription for this app');
    return sub;
  }

  private leaseFor(grant: TokenGrant, requested: string | undefined): number {
    let lease = this.limits.maxLeaseSeconds;
    if (requested !== undefined) {
      if (!/^[1-9][0-9]{0,8}$/.test(requested)) throw new ContextError('malformed', 'hub.lease_seconds must be a positive integer');
      lease = Math.min(lease, Number(requested));
    }
    // Spec 2.4: with OAuth 2.0 the lease is at most the access token's remaining life.
    lease = Math.min(lease, Math.floor((grant.expiresAtMs - this.wallNow()) / 1000));
    if (lease <= 0) throw new ContextError('bad-token', 'the access token has expired');
    return lease;
  }

  private startLease(sub: Subscription, lease: number): void {
    sub.leaseSeconds = lease;
    sub.leaseTimer?.cancel();
    sub.leaseTimer = this.opts.clock.setTimeout(() => this.drop(sub, 'lease expired'), lease * 1000);
  }

  private rateLimit(topic: Topic, clientId: string): void {
    const now = this.opts.clock.now();
    const recent = (topic.sent.get(clientId) ?? []).filter((t) => now - t < this.limits.rateWindowMs);
    if (recent.length >= this.limits.rateEvents) {
      topic.sent.set(clientId, recent);
      throw new ContextError('rate-limited', `more than ${this.limits.rateEvents} events in ${this.limits.rateWindowMs} ms`);
    }
    recent.push(now);
    topic.sent.set(clientId, recent);
  }

  private appName(clientId: string): string { return this.opts.appNames?.[clientId] ?? clientId; }
  private now(): string { return isoTime(this.wallNow()); }
  private emit(n: HubNotice): void { for (const l of this.listeners) l(n); }
}

/** Topics are bearer-like secrets: logs carry only their start. */
function short(topic: string): string { return `${topic.slice(0, 6)}…`; }

/**
 * The FHIRcast hub's state and rules, apart from HTTP: topics (one per user session),
 * subscriptions, the current context, delivery with acknowledgement, SyncError, heartbeats and
 * leases. Time comes from the Clock port so tests move it. hub-server.ts puts it on loopback.
 * The entry point: subscriptions live in hub-subscriptions.ts, delivery and acknowledgement in
 * hub-delivery.ts, a topic's context rules in hub-topic-context.ts, shared shapes in hub-types.ts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { Timer } from '../core/ports/clock.js';
import { ContextError } from './context-error.js';
import { ContextStack } from './context-stack.js';
import {
  canonicalEvent, HUB_ONLY_EVENTS, isContextEvent, scopeAllows, validateContext,
  type ContextEntry, type FhirResource, type Notification,
} from './events.js';
import { isoTime, sessionEvent } from './messages.js';
import type { Subscription } from './subscription.js';
import type { TokenGrant } from './tokens.js';
import { broadcast, deliver, drop, sendHeartbeats } from './hub-delivery.js';
import { attach, subscribe } from './hub-subscriptions.js';
import { applyContext, authorisedTopic, liveTopic, rateLimit, relaySyncError } from './hub-topic-context.js';
import { DEFAULT_LIMITS, type HubCoreOptions, type HubLimits, type HubNotice, type HubState, type Topic } from './hub-types.js';

export { DEFAULT_LIMITS };
export type { HubCoreOptions, HubLimits, HubNotice, NotFollowedReason } from './hub-types.js';

const ENDED_TOPICS_KEPT = 256;

export class HubCore {
  private readonly topics = new Map<string, Topic>();
  private readonly endpoints = new Map<string, Subscription>();
  private readonly ended: string[] = [];
  private readonly listeners = new Set<(n: HubNotice) => void>();
  private readonly limits: HubLimits;
  private readonly wallNow: () => number;
  private readonly newId: () => string;
  private readonly state: HubState;
  private heartbeatTimer: Timer | undefined;

  constructor(private readonly opts: HubCoreOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.wallNow = opts.wallNow ?? Date.now;
    this.newId = opts.newId ?? randomUUID;
    this.state = {
      opts, limits: this.limits, topics: this.topics, endpoints: this.endpoints, ended: this.ended,
      wallNow: this.wallNow, newId: this.newId,
      now: () => this.now(),
      appName: (clientId) => this.opts.appNames?.[clientId] ?? clientId,
      emit: (n) => { for (const l of this.listeners) l(n); },
    };
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
    const topic = liveTopic(this.state, topicId);
    broadcast(this.state, topic, sessionEvent('UserHibernate', this.newId(), this.now(), topic.id, 'system-timeout', 'The session was suspended at the workstation.'));
    topic.state = 'suspended';
    for (const sub of topic.subs.values()) { for (const p of sub.pending.values()) p.timer.cancel(); sub.pending.clear(); }
  }

  /** Back to active; every subscriber is told the context again, so a tab that drifted is brought back. */
  resume(topicId: string): void {
    const topic = liveTopic(this.state, topicId);
    topic.state = 'active';
    for (const sub of topic.subs.values()) for (const open of topic.context.opensByAnchor()) deliver(this.state, topic, sub, open, true);
  }

  /** UserLogout, denial and close for every subscriber; the context is destroyed and the topic refused from now on. */
  endTopic(topicId: string): void {
    const topic = this.topics.get(topicId);
    if (!topic) return;
    topic.state = 'active';
    broadcast(this.state, topic, sessionEvent('UserLogout', this.newId(), this.now(), topic.id, 'user-initiated', 'The user\'s session at the workstation has ended.'));
    for (const sub of [...topic.subs.values()]) drop(this.state, sub, 'session ended');
    topic.context.clear();
    this.topics.delete(topicId);
    this.ended.push(topicId);
    if (this.ended.length > ENDED_TOPICS_KEPT) this.ended.shift();
  }

  /** The shell's "Close patient": the hub itself publishes the close for the current patient. */
  closePatient(topicId: string): void {
    const topic = liveTopic(this.state, topicId);
    const patient = topic.context.patient();
    if (!patient || topic.state !== 'active') return;
    const n: Notification = { timestamp: this.now(), id: this.newId(), event: { 'hub.topic': topic.id, 'hub.event': 'Patient-close', context: [{ key: 'patient', resource: patient }] } };
    applyContext(this.state, topic, 'Patient-close', n, n.event.context as ContextEntry[], 'lanyard');
  }

  current(topicId: string): Notification | undefined {
    return this.topics.get(topicId)?.context.top();
  }

  currentPatient(topicId: string): FhirResource | undefined {
    return this.topics.get(topicId)?.context.patient();
  }

  /** GET {hub}/{topic} (spec 2.9). */
  currentContext(grant: TokenGrant, topicId: string): Record<string, unknown> {
    const topic = authorisedTopic(this.state, grant, topicId);
    const top = topic.context.top();
    const type = top ? String(top.event['hub.event']).split('-')[0] ?? '' : '';
    return { 'context.type': type, 'context.versionId': topic.context.versionId, context: top ? top.event.context : [] };
  }

  // ---- the apps' side ----

  subscribe(grant: TokenGrant, form: Record<string, string>, endpointBase: string): string {
    if (form['hub.channel.type'] !== 'websocket') throw new ContextError('malformed', 'hub.channel.type must be websocket');
    const topic = authorisedTopic(this.state, grant, form['hub.topic']);
    return subscribe(this.state, topic, grant, form, endpointBase);
  }

  /** An app's event (context change or SyncError): POST hub.url with JSON (spec 2.6). */
  publish(grant: TokenGrant, n: Notification): void {
    const topic = authorisedTopic(this.state, grant, n.event['hub.topic']);
    if (topic.state === 'suspended') throw new ContextError('topic-suspended', 'the session is suspended');
    const name = canonicalEvent(n.event['hub.event']);
    if (!name) throw new ContextError('malformed', 'unknown hub.event');
    if (HUB_ONLY_EVENTS.includes(name)) throw new ContextError('scope', `${name} is sent by the hub only`);
    if (!scopeAllows(grant.scopes, name, 'write')) throw new ContextError('scope', `the token does not grant fhircast/${name}.write`);
    rateLimit(this.state, topic, grant.clientId);
    if (name === 'SyncError') return relaySyncError(this.state, topic, grant.clientId, n);
    if (!isContextEvent(name)) throw new ContextError('malformed', `${name} cannot be published`);
    if (this.opts.appsMayChangeContext === false) throw new ContextError('app-not-allowed', 'policy: apps follow context but may not change it');
    const entries = validateContext(name, n.event.context);
    applyContext(this.state, topic, name, { ...n, event: { ...n.event, 'hub.event': name } }, entries, grant.clientId);
  }

  attach(endpointId: string, socket: WebSocket): void {
    attach(this.state, endpointId, socket);
  }

  close(): void {
    this.heartbeatTimer?.cancel();
    for (const id of [...this.topics.keys()]) this.endTopic(id);
  }

  // ---- inside ----

  private scheduleHeartbeat(): void {
    this.heartbeatTimer = this.opts.clock.setTimeout(() => {
      sendHeartbeats(this.state);
      this.scheduleHeartbeat();
    }, this.limits.heartbeatSeconds * 1000);
  }

  private now(): string { return isoTime(this.wallNow()); }
}

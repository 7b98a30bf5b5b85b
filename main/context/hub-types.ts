/** The hub's shared shapes (notices, limits, options, topic) and the state its parts share, so the split files agree on one model. */
import type { ContextStack } from './context-stack.js';
import type { EventName, FhirResource } from './events.js';
import type { Subscription } from './subscription.js';
import type { Clock } from '../core/ports/clock.js';
import type { Log } from '../core/ports/log.js';

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

export interface Topic {
  id: string;
  state: 'active' | 'suspended';
  subs: Map<string, Subscription>;
  context: ContextStack;
  /** Per-client publish times, for the rate limit. */
  sent: Map<string, number[]>;
}

/** What HubCore owns and hands to its parts: the topics, the endpoints, and the helpers they all use. */
export interface HubState {
  readonly opts: HubCoreOptions;
  readonly limits: HubLimits;
  readonly topics: Map<string, Topic>;
  readonly endpoints: Map<string, Subscription>;
  readonly ended: string[];
  readonly wallNow: () => number;
  readonly newId: () => string;
  now(): string;
  appName(clientId: string): string;
  emit(n: HubNotice): void;
}

/** Topics are bearer-like secrets: logs carry only their start. */
export function short(topic: string): string { return `${topic.slice(0, 6)}…`; }

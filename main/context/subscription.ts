/** One app's subscription to a session topic, and the socket it was confirmed on. */
import type { WebSocket } from 'ws';
import type { Timer } from '../core/ports/clock.js';
import { matchesPattern, type EventName } from './events.js';

export interface PendingAck { eventId: string; eventName: string; timer: Timer }

export class Subscription {
  socket: WebSocket | undefined;
  /** Set while waiting for a (re)connection; the subscription is dropped when it fires. */
  connectTimer: Timer | undefined;
  leaseTimer: Timer | undefined;
  readonly pending = new Map<string, PendingAck>();

  constructor(
    readonly endpointId: string,
    readonly topic: string,
    readonly clientId: string,
    readonly appName: string,
    public events: EventName[],
    public leaseSeconds: number,
  ) {}

  wants(event: EventName): boolean {
    return event === 'heartbeat' || this.events.some((e) => matchesPattern(e, event));
  }

  connected(): boolean {
    return this.socket !== undefined && this.socket.readyState === this.socket.OPEN;
  }

  cancelTimers(): void {
    this.connectTimer?.cancel();
    this.leaseTimer?.cancel();
    for (const p of this.pending.values()) p.timer.cancel();
    this.pending.clear();
  }
}

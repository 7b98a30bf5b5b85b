/**
 * Shift-long sessions: each live session's access token is refreshed before it expires, on the
 * Clock, while the session is active and while it is suspended (until the station ends it). A
 * provider that is down is tried again while the token still has time left; a refresh that cannot
 * succeed (revoked, expired, the provider gone too long) is handed to `failed` once, and that
 * session is not refreshed again. Ending a session stops its timer, and a late answer is dropped.
 */
import type { Clock, Timer } from '../../core/ports/clock.js';
import type { Log } from '../../core/ports/log.js';
import type { SignedInSession } from '../sign-in-types.js';

/** Refresh when this share of the token's lifetime has passed. */
const REFRESH_AT = 0.75;
/** When the provider does not say how long a token lasts. */
const ASSUMED_LIFETIME_S = 300;
/** Pause before trying a provider that did not answer again. */
export const REFRESH_RETRY_MS = 15_000;

interface Tracked { session: SignedInSession; timer: Timer | undefined; expiresAt: number; generation: number }

export class TokenRefresh {
  readonly #live = new Map<string, Tracked>();
  #generation = 0;

  constructor(private readonly clock: Clock, private readonly failed: (sessionId: string, error: unknown) => void, private readonly log: Log) {}

  start(sessionId: string, session: SignedInSession): void {
    this.stop(sessionId);
    const tracked: Tracked = { session, timer: undefined, expiresAt: 0, generation: ++this.#generation };
    this.#live.set(sessionId, tracked);
    this.#aim(sessionId, tracked);
  }

  stop(sessionId: string): void {
    this.#live.get(sessionId)?.timer?.cancel();
    this.#live.delete(sessionId);
  }

  stopAll(): void {
    for (const id of [...this.#live.keys()]) this.stop(id);
  }

  /** Sessions being kept fresh (tests, diagnostics). */
  sessionIds(): string[] { return [...this.#live.keys()]; }

  #aim(sessionId: string, tracked: Tracked): void {
    const lifetimeMs = (tracked.session.accessTokenLifetimeSeconds ?? ASSUMED_LIFETIME_S) * 1000;
    tracked.expiresAt = this.clock.now() + lifetimeMs;
    this.#after(sessionId, tracked, Math.max(1000, lifetimeMs * REFRESH_AT));
  }

  #after(sessionId: string, tracked: Tracked, ms: number): void {
    tracked.timer = this.clock.setTimeout(() => this.#refresh(sessionId, tracked), ms);
  }

  #refresh(sessionId: string, tracked: Tracked): void {
    tracked.timer = undefined;
    const current = () => this.#live.get(sessionId)?.generation === tracked.generation;
    tracked.session.refresh().then(() => {
      if (current()) this.#aim(sessionId, tracked);
    }, (error: unknown) => {
      if (!current()) return;
      const retryable = (error as { retryable?: unknown } | null)?.retryable === true;
      if (retryable && this.clock.now() + REFRESH_RETRY_MS < tracked.expiresAt) {
        this.log.warn('token refresh failed: trying again', { error: String(error) });
        return this.#after(sessionId, tracked, REFRESH_RETRY_MS);
      }
      this.#live.delete(sessionId);
      this.failed(sessionId, error);
    });
  }
}

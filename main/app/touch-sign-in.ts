/**
 * Sign-in by touch. While the station is locked and a fingerprint key is plugged in, one WebAuthn
 * ceremony waits for a finger (the key blinks, as users expect); a touch with the enrolled finger
 * is verified by the identity provider and handed to the station. A card tapped meanwhile cancels
 * the wait (CTAPHID CANCEL). "No finger in time" starts the wait again with the same provider
 * challenge while it is still valid, so a quiet ward does not ask the provider for a new sign-in
 * every few seconds. A provider that is down is tried again with exponential back-off on the Clock,
 * and the outage is reported once, not at every retry.
 */
import type { Clock, Timer } from '../core/ports/clock.js';
import type { Log } from '../core/ports/log.js';
import type { KeySource } from './station/deps.js';
import { userMessageOf, type FidoSignIn, type IdentityGateway, type RoleChoice } from './sign-in-types.js';
import { backoffMs, isRetryable, type Backoff } from './station/retry.js';

export interface TouchResult { path: string; credentialId: string; choice: RoleChoice }

export interface TouchEvents {
  /** May a ceremony wait for a finger now? (station locked, no card sign-in under way) */
  canWait(): boolean;
  signedIn(result: TouchResult): void;
  /** Said once per problem: a refusal, or the start of a provider outage. */
  failed(message: string, code: string | undefined): void;
}

const QUIET = new Set(['user-action-timeout', 'timeout', 'cancelled', 'keepalive-cancel', 'device-removed']);
export const TOUCH_BACKOFF: Backoff = { firstMs: 1500, maxMs: 60_000 };
/** A provider challenge is reused for new waits until this long before it expires. */
const CHALLENGE_MARGIN_MS = 5000;
const DEFAULT_CHALLENGE_MS = 60_000;

export class TouchSignIn {
  private running: { path: string; abort: AbortController } | undefined;
  private readonly blocked = new Set<string>();
  private waitTimer: Timer | undefined;
  /** The provider's sign-in in hand, reused across quiet timeouts while it is valid. */
  private signIn: { value: FidoSignIn; until: number } | undefined;
  /** Consecutive failures: the back-off step, and whether an outage was already reported. */
  private failures = 0;

  constructor(private readonly keys: KeySource, private readonly identity: IdentityGateway, private readonly clock: Clock,
    private readonly events: TouchEvents, private readonly log: Log) {}

  /** Starts waiting for a finger when the station allows it; call after anything changes. */
  arm(): void {
    if (this.running || this.waitTimer || !this.events.canWait()) return;
    const path = this.keys.present().find((p) => !this.blocked.has(p));
    if (!path) return;
    const abort = new AbortController();
    this.running = { path, abort };
    void this.ceremony(path, abort);
  }

  /** Stops waiting (a card was tapped, or a session came to the front). */
  disarm(): void {
    this.running?.abort.abort();
    this.running = undefined;
  }

  /** A key just enrolled may now sign in (it was set aside after "no credentials"). */
  enrolled(path: string): void {
    this.blocked.delete(path);
  }

  keyRemoved(path: string): void {
    this.blocked.delete(path);
    if (this.running?.path === path) this.disarm();
  }

  private async providerSignIn(): Promise<FidoSignIn> {
    if (this.signIn && this.clock.now() < this.signIn.until) return this.signIn.value;
    const value = await this.identity.beginFidoSignIn();
    this.signIn = { value, until: this.clock.now() + (value.options.timeout ?? DEFAULT_CHALLENGE_MS) - CHALLENGE_MARGIN_MS };
    return value;
  }

  private async ceremony(path: string, abort: AbortController): Promise<void> {
    let pause = 0;
    try {
      const signIn = await this.providerSignIn();
      const response = await this.keys.authenticate(path, signIn.options, abort.signal);
      this.signIn = undefined; // a touch spends the challenge, whatever the provider says of it
      const choice = await signIn.complete(response);
      this.recovered();
      if (abort.signal.aborted) await choice.abandon().catch(() => undefined);
      else this.events.signedIn({ path, credentialId: response.id, choice });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (abort.signal.aborted || (code && QUIET.has(code))) return;
      this.signIn = undefined;
      this.failures++;
      pause = isRetryable(error) ? backoffMs(TOUCH_BACKOFF, this.failures) : TOUCH_BACKOFF.firstMs;
      if (code === 'uv-blocked' || code === 'uv-not-supported' || code === 'no-credentials') this.blocked.add(path);
      // A provider outage is one problem however long it lasts; a refusal is said every time.
      if (!isRetryable(error) || this.failures === 1) {
        this.log.warn('fingerprint sign-in failed', { code: code ?? 'unknown', retryInMs: pause });
        this.events.failed(userMessageOf(error, 'Fingerprint sign-in failed. Touch your key again, or tap your smartcard.'), code);
      }
    } finally {
      if (this.running?.abort === abort) this.running = undefined;
      this.waitTimer = this.clock.setTimeout(() => { this.waitTimer = undefined; this.arm(); }, pause);
    }
  }

  private recovered(): void {
    if (this.failures > 0) this.log.info('fingerprint sign-in works again', { after: this.failures });
    this.failures = 0;
  }
}

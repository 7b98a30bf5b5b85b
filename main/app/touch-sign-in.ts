/**
 * Sign-in by touch. While the station is locked and a fingerprint key is plugged in, one WebAuthn
 * ceremony waits for a finger (the key blinks, as users expect); a touch with the enrolled finger
 * is verified by the identity provider and handed to the station. A card tapped meanwhile cancels
 * the wait (CTAPHID CANCEL). "No finger in time" simply starts the wait again.
 */
import type { Log } from '../core/ports/log.js';
import type { FidoKeys } from './fido-keys.js';
import { userMessageOf, type IdentityGateway, type RoleChoice } from './sign-in-types.js';

export interface TouchResult { path: string; credentialId: string; choice: RoleChoice }

export interface TouchEvents {
  /** May a ceremony wait for a finger now? (station locked, no card sign-in under way) */
  canWait(): boolean;
  signedIn(result: TouchResult): Promise<void>;
  failed(message: string, code: string | undefined): void;
}

const QUIET = new Set(['user-action-timeout', 'timeout', 'cancelled', 'keepalive-cancel', 'device-removed']);
const RETRY_AFTER_ERROR_MS = 1500;

export class TouchSignIn {
  private running: { path: string; abort: AbortController } | undefined;
  private readonly blocked = new Set<string>();

  constructor(private readonly keys: FidoKeys, private readonly identity: IdentityGateway,
    private readonly events: TouchEvents, private readonly log: Log) {}

  /** Starts waiting for a finger when the station allows it; call after anything changes. */
  arm(): void {
    if (this.running || !this.events.canWait()) return;
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

  private async ceremony(path: string, abort: AbortController): Promise<void> {
    let pause = 0;
    try {
      const signIn = await this.identity.beginFidoSignIn();
      const response = await this.keys.authenticate(path, signIn.options, abort.signal);
      const choice = await signIn.complete(response);
      if (!abort.signal.aborted) await this.events.signedIn({ path, credentialId: `fido:${response.id}`, choice });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (abort.signal.aborted || (code && QUIET.has(code))) return;
      this.log.warn('fingerprint sign-in failed', { code: code ?? 'unknown' });
      if (code === 'uv-blocked' || code === 'uv-not-supported' || code === 'no-credentials') this.blocked.add(path);
      this.events.failed(userMessageOf(error, 'Fingerprint sign-in failed. Touch your key again, or tap your smartcard.'), code);
      pause = RETRY_AFTER_ERROR_MS;
    } finally {
      if (this.running?.abort === abort) this.running = undefined;
      setTimeout(() => this.arm(), pause).unref?.();
    }
  }
}

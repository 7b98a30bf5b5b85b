/**
 * Sign-in challenges: each is fresh random bytes bound to one interaction, lives a short time and
 * can be spent once. Spent and expired records are kept a while longer so a second use is reported
 * as a replay rather than as an unknown challenge.
 */
import { randomBytes } from 'node:crypto';
import { SignInRefused } from './refusals.js';

export interface Challenge {
  /** Public handle the client sends back (base64url). */
  nonce: string;
  /** The exact bytes the authenticator signs. */
  bytes: Uint8Array;
  expiresAt: number;
}

interface Entry extends Challenge {
  interactionUid: string;
  spent: boolean;
}

const KEEP_AFTER_EXPIRY_MS = 10 * 60_000;

export class ChallengeStore {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly issuer: string, private readonly ttlMs: number, private readonly now: () => number = Date.now) {}

  /** A new challenge for `interactionUid`. The signed bytes name the provider and the purpose, so a
   * card signature made here is useless anywhere else. */
  issue(interactionUid: string, purpose: 'smartcard' | 'fido'): Challenge {
    this.#purge();
    const nonce = randomBytes(32).toString('base64url');
    const bytes = new TextEncoder().encode(`lanyard-sign-in:${purpose}:${this.issuer}:${nonce}`);
    const entry: Entry = { nonce, bytes, expiresAt: this.now() + this.ttlMs, interactionUid, spent: false };
    this.#entries.set(nonce, entry);
    return { nonce, bytes, expiresAt: entry.expiresAt };
  }

  /** Spends the challenge: succeeds once, within its lifetime, for the interaction it was issued to. */
  spend(nonce: string, interactionUid: string): Uint8Array {
    const entry = this.#entries.get(nonce);
    if (!entry) throw new SignInRefused('stale-nonce', 'challenge unknown or long expired');
    if (entry.spent) throw new SignInRefused('replayed-nonce', 'challenge already used');
    entry.spent = true;
    if (entry.interactionUid !== interactionUid) throw new SignInRefused('stale-nonce', 'challenge belongs to another sign-in');
    if (this.now() > entry.expiresAt) throw new SignInRefused('stale-nonce', 'challenge expired');
    return entry.bytes;
  }

  #purge(): void {
    const cutoff = this.now() - KEEP_AFTER_EXPIRY_MS;
    for (const [nonce, entry] of this.#entries) if (entry.expiresAt < cutoff) this.#entries.delete(nonce);
  }
}

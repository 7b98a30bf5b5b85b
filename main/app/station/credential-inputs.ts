/**
 * Cards and fingerprint keys coming and going, turned into station events (inside the queue). A
 * touch that does not start a new sign-in (it resumed a session, or the same key is in front) gives
 * back what it redeemed at the provider: the resumed session keeps its own tokens.
 */
import type { Station } from '../../core/session/station.js';
import type { StationEvent } from '../../core/session/types.js';
import { credentialKey } from '../../core/session/binding.js';
import type { Log } from '../../core/ports/log.js';
import type { PresentedCard } from '../card-watcher.js';
import type { TouchResult } from '../touch-sign-in.js';
import { cardBinding } from '../card-possession.js';
import type { AuditRecorder } from './audit-recorder.js';
import type { StationStatus } from './status.js';

export interface CredentialContext {
  smartcardAllowed: boolean;
  station: Station;
  recorder: AuditRecorder;
  status: StationStatus;
  log: Log;
  dispatch(event: StationEvent): void;
  /** A card in the reader wins over a key waiting for a finger. */
  stopKeyWait(): void;
  keyRemoved(path: string): void;
}

export class CredentialInputs {
  /** The touch the station is about to take (between credential-presented and begin-sign-in). */
  #touched: TouchResult | undefined;
  /** Which credential each plugged key signed in, so pulling the key can lock that session. */
  readonly #keyCredentials = new Map<string, string>();

  constructor(private readonly ctx: CredentialContext) {}

  /** Taken by the 'begin-sign-in' effect of a fingerprint sign-in. */
  takeTouch(): TouchResult | undefined {
    const touched = this.#touched;
    this.#touched = undefined;
    return touched;
  }

  cardPresented(card: PresentedCard): void {
    this.ctx.recorder.station('card-inserted', { method: 'smartcard' });
    if (!this.ctx.smartcardAllowed) return this.ctx.status.say('error', 'Smartcard sign-in is turned off on this workstation. Use your fingerprint key.');
    this.ctx.status.clear();
    this.ctx.stopKeyWait();
    this.ctx.dispatch({ type: 'credential-presented', credential: cardBinding(card) });
  }

  cardRemoved(cardId: string): void {
    this.ctx.recorder.station('card-removed', { method: 'smartcard' });
    this.ctx.dispatch({ type: 'credential-removed', key: credentialKey({ kind: 'card', cardId, certSha256: '' }) });
  }

  touchSignedIn(result: TouchResult): void {
    this.ctx.status.clear();
    this.#keyCredentials.set(result.path, result.credentialId);
    this.#touched = result;
    this.ctx.dispatch({ type: 'credential-presented', credential: { kind: 'fido', credentialId: result.credentialId } });
    if (this.takeTouch() === result) {
      void result.choice.abandon().catch((error: unknown) => this.ctx.log.warn('touch sign-in not released', { error: String(error) }));
    }
  }

  keyRemoved(path: string): void {
    this.ctx.keyRemoved(path);
    const credentialId = this.#keyCredentials.get(path);
    this.#keyCredentials.delete(path);
    if (credentialId) this.ctx.dispatch({ type: 'credential-removed', key: credentialKey({ kind: 'fido', credentialId }) });
  }
}

/**
 * What a card profile (PIV today, a trust's own applet tomorrow) offers once a card answered.
 * The session layer only ever talks to this, never to APDUs.
 */
import type { CardChannel } from './card-readers.js';

export type SignatureAlgorithm = 'RS256' | 'ES256';

export interface CardCredential {
  /** Stable card identifier (PIV: CHUID GUID as a UUID string). */
  readonly cardId: string;
  /** DER of the authentication certificate (PIV slot 9A). */
  readonly certificateDer: Uint8Array;
  readonly algorithm: SignatureAlgorithm;
  readonly pinLength: { min: number; max: number };
  /** Tries left without spending one (PIV: empty VERIFY); null when the card cannot tell. */
  pinTriesLeft(): Promise<number | null>;
  /** Verifies the PIN once. Throws CardError ('pin-wrong' with triesLeft, 'pin-blocked', ...). */
  verifyPin(pin: string): Promise<void>;
  /** Signs `data` (the card hashes nothing: the profile builds DigestInfo/pads as needed). Returns
   * a JOSE-style algorithm and the signature: RSASSA-PKCS1-v1_5 bytes, or ECDSA as DER. */
  sign(data: Uint8Array): Promise<Uint8Array>;
  /** The PIV Card Authentication key (slot 9E, NIST SP 800-73-4): it signs with no PIN, so a re-tap
   * within the PIN grace proves it is this very card and not a copy of its readable objects. Read
   * (certificate) when the card is opened; absent when the card has no such key. */
  readonly cardAuthentication?: CardAuthenticationKey;
  close(): Promise<void>;
}

export interface CardAuthenticationKey {
  /** DER of the Card Authentication certificate (PIV slot 9E). */
  readonly certificateDer: Uint8Array;
  readonly algorithm: SignatureAlgorithm;
  /** Signs `data` with the 9E key (no PIN); same signature format as CardCredential.sign. */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

export interface CardProfile {
  readonly name: string;
  /** Returns a credential when the card speaks this profile, null when it does not. */
  open(channel: CardChannel): Promise<CardCredential | null>;
}

/**
 * Proof that the card in the reader holds the Card Authentication key (PIV slot 9E) of a given
 * certificate: it signs a fresh challenge with no PIN, and the signature must verify with that
 * certificate's public key. A clone made from a card's readable objects (CHUID, certificates)
 * cannot answer. Which certificate is the right one (its hash bound at sign-in) is the caller's
 * decision.
 */
import { X509Certificate, verify, type KeyObject } from 'node:crypto';
import type { CardAuthenticationKey } from '../../core/ports/card-credential.js';

/** Shorter challenges could repeat; the caller should pass fresh random bytes. */
export const MIN_CHALLENGE_BYTES = 16;

/**
 * Resolves true when the card's 9E signature over `challenge` verifies with `key.certificateDer`,
 * false when it does not (wrong key, garbled signature, unreadable certificate). Rejects with the
 * card's CardError when the card could not sign (pulled, 6982 because it wants a PIN, …).
 */
export async function verifyCardAuthentication(key: CardAuthenticationKey, challenge: Uint8Array): Promise<boolean> {
  if (challenge.length < MIN_CHALLENGE_BYTES) throw new RangeError(`a card authentication challenge is at least ${MIN_CHALLENGE_BYTES} bytes`);
  let publicKey: KeyObject;
  try {
    publicKey = new X509Certificate(key.certificateDer).publicKey;
  } catch {
    return false;
  }
  const expectedType = key.algorithm === 'RS256' ? 'rsa' : 'ec';
  if (publicKey.asymmetricKeyType !== expectedType) return false;
  const signature = await key.sign(challenge);
  try {
    return verify('sha256', challenge, publicKey, signature);
  } catch {
    return false; // e.g. an ECDSA signature that is not DER
  }
}

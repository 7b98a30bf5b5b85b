/** Proves the card in the reader holds the private key of a certificate: a fresh random challenge
 * signed on the card and verified here. Used when a suspended session resumes: with the PIV
 * Authentication key after the PIN, or with the PIN-less Card Authentication key within the grace. */
import { createHash, createPublicKey, randomBytes, verify, X509Certificate, type KeyObject } from 'node:crypto';
import type { SignatureAlgorithm } from '../core/ports/card-credential.js';
import type { CredentialBinding } from '../core/session/binding.js';
import type { PresentedCard } from './card-watcher.js';

export interface SigningKey {
  readonly certificateDer: Uint8Array;
  readonly algorithm: SignatureAlgorithm;
  sign(data: Uint8Array): Promise<Uint8Array>;
}

export async function proveCardPossession(credential: SigningKey): Promise<void> {
  const challenge = randomBytes(32);
  const key = publicKeyOf(credential.certificateDer);
  const signature = await credential.sign(challenge);
  let ok = false;
  try {
    ok = verify('sha256', challenge, credential.algorithm === 'ES256' ? { key, dsaEncoding: 'der' } : key, Buffer.from(signature));
  } catch { /* a malformed signature proves nothing */ }
  if (!ok) throw Object.assign(new Error('card signature does not match its certificate'), {
    userMessage: 'This card could not prove it is genuine. Use your own card, or call the IT service desk.',
  });
}

function publicKeyOf(der: Uint8Array): KeyObject {
  try {
    return createPublicKey(new X509Certificate(Buffer.from(der)).publicKey.export({ type: 'spki', format: 'pem' }));
  } catch (cause) {
    throw Object.assign(new Error('the card certificate cannot be read', { cause }), {
      code: 'certificate-invalid', userMessage: 'This card\'s certificate cannot be read. Use your own card, or call the IT service desk.',
    });
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What a presented card binds a session to: its ID and the hashes of its certificates. */
export function cardBinding(card: PresentedCard): CredentialBinding {
  const cardAuth = card.credential.cardAuthentication;
  return {
    kind: 'card', cardId: card.cardId, certSha256: sha256Hex(card.credential.certificateDer),
    ...(cardAuth ? { cardAuthSha256: sha256Hex(cardAuth.certificateDer) } : {}),
  };
}

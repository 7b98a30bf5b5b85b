/** Proves the card in the reader holds the private key of its certificate: a fresh random
 * challenge signed on the card and verified here. Used when a suspended session resumes. */
import { createPublicKey, randomBytes, verify, X509Certificate } from 'node:crypto';
import type { CardCredential } from '../core/ports/card-credential.js';

export async function proveCardPossession(credential: CardCredential): Promise<void> {
  const challenge = randomBytes(32);
  const signature = await credential.sign(challenge);
  const key = createPublicKey(new X509Certificate(Buffer.from(credential.certificateDer)).publicKey.export({ type: 'spki', format: 'pem' }));
  const ok = verify('sha256', challenge, credential.algorithm === 'ES256' ? { key, dsaEncoding: 'der' } : key, Buffer.from(signature));
  if (!ok) throw Object.assign(new Error('card signature does not match its certificate'), {
    userMessage: 'This card could not prove it is genuine. Use your own card, or call the IT service desk.',
  });
}

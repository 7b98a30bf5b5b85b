/**
 * The private-key half of the virtual card: what the card's chip does inside GENERAL AUTHENTICATE.
 * RSA is the raw private-key operation on a block the host already padded; ECDSA signs the hash it
 * is given (the card hashes nothing) and answers DER, as PIV requires.
 */
import { createPrivateKey, privateDecrypt, constants, type KeyObject } from 'node:crypto';
// Node's crypto always hashes before ECDSA; a card signs the hash it is given, so use noble's
// audited P-256 with prehash off.
import { p256 } from '@noble/curves/nist.js';

export type CardKeyAlgorithm = 'rsa2048' | 'p256';

export interface CardKey {
  readonly algorithm: CardKeyAlgorithm;
  /** PIV algorithm identifier: 07 RSA-2048, 11 ECC P-256. */
  readonly pivAlgorithmId: number;
  /** Input length the card accepts (RSA: the modulus size; ECDSA: at most this many bytes of hash). */
  readonly inputLength: number;
  /** Returns null when the input is unacceptable (wrong length, value ≥ modulus). */
  sign(input: Uint8Array): Uint8Array | null;
}

export function loadCardKey(privateKeyPkcs8: Uint8Array): CardKey {
  const key: KeyObject = createPrivateKey({ key: Buffer.from(privateKeyPkcs8), format: 'der', type: 'pkcs8' });
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' && details.modulusLength === 2048) {
    return {
      algorithm: 'rsa2048', pivAlgorithmId: 0x07, inputLength: 256,
      sign(input) {
        if (input.length !== 256) return null;
        try {
          return new Uint8Array(privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, input));
        } catch {
          return null; // input numerically ≥ modulus
        }
      },
    };
  }
  if (key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1') {
    const d = key.export({ format: 'jwk' }).d;
    if (!d) throw new RangeError('EC private key without a scalar');
    const secret = new Uint8Array(Buffer.from(d, 'base64url'));
    return {
      algorithm: 'p256', pivAlgorithmId: 0x11, inputLength: 32,
      sign(input) {
        if (input.length !== 32) return null;
        return p256.sign(input, secret, { prehash: false, lowS: false, format: 'der', extraEntropy: true });
      },
    };
  }
  throw new RangeError('the virtual card holds RSA-2048 or ECC P-256 keys only');
}

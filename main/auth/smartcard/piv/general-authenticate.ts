/**
 * GENERAL AUTHENTICATE as a signature (SP 800-73-4 part 2 §3.2.4): the host hashes and pads, the
 * card does only the private-key operation with the key in `keyReference` (9A PIV Authentication,
 * 9E Card Authentication). One function for every slot, so both get the same padding and parsing.
 */
import { createHash } from 'node:crypto';
import { CardError } from '../../../core/card-error.js';
import type { SignatureAlgorithm } from '../../../core/ports/card-credential.js';
import type { CardChannel } from '../../../core/ports/card-readers.js';
import type { Log } from '../../../core/ports/log.js';
import { SW } from './apdu.js';
import { PIV_ALGORITHM, PIV_INS, PIV_TAG } from './piv-constants.js';
import { statusToError } from './status-words.js';
import { encodeTlv, requireTlv } from './tlv.js';
import { transceive } from './transceive.js';

/** DER prefix of DigestInfo for SHA-256 (RFC 8017 §9.2 note 1). */
const SHA256_DIGEST_INFO = Uint8Array.of(0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20);

/** Signs SHA-256(`data`) with the card key `keyReference`: RSASSA-PKCS1-v1_5 bytes or DER ECDSA. */
export async function signWithCardKey(
  channel: CardChannel, keyReference: number, algorithm: SignatureAlgorithm, data: Uint8Array, log: Log | undefined,
): Promise<Uint8Array> {
  const hash = new Uint8Array(createHash('sha256').update(data).digest());
  const [algorithmId, input] = algorithm === 'RS256'
    ? [PIV_ALGORITHM.rsa2048, emsaPkcs1v15(hash, 256)]
    : [PIV_ALGORITHM.p256, hash];
  const template = encodeTlv(PIV_TAG.dynamicAuthenticationTemplate, encodeTlv(0x82, new Uint8Array(0)), encodeTlv(0x81, input));
  const r = await transceive(channel, {
    cla: 0, ins: PIV_INS.GENERAL_AUTHENTICATE, p1: algorithmId, p2: keyReference, data: template, le: 256,
  }, log);
  if (r.sw !== SW.OK) throw statusToError(r.sw, 'general-authenticate');
  const inner = requireTlv(r.data, PIV_TAG.dynamicAuthenticationTemplate, 'dynamic authentication template');
  const signature = requireTlv(inner, 0x82, 'signature');
  if (algorithm === 'RS256' && signature.length !== 256) {
    throw new CardError('malformed-response', { detail: `RSA signature of ${signature.length} bytes` });
  }
  return new Uint8Array(signature);
}

/** EMSA-PKCS1-v1_5 encoding of a SHA-256 hash to `length` bytes: 00 01 FF… 00 DigestInfo. */
export function emsaPkcs1v15(hash: Uint8Array, length: number): Uint8Array {
  const t = new Uint8Array(SHA256_DIGEST_INFO.length + hash.length);
  t.set(SHA256_DIGEST_INFO);
  t.set(hash, SHA256_DIGEST_INFO.length);
  if (length < t.length + 11) throw new RangeError('modulus too short');
  const em = new Uint8Array(length).fill(0xff);
  em[0] = 0x00;
  em[1] = 0x01;
  em[length - t.length - 1] = 0x00;
  em.set(t, length - t.length);
  return em;
}

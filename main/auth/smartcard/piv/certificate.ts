/**
 * PIV certificate objects (SP 800-73-4 part 1 Table 10: tag 70 the certificate, 71 CertInfo, gzip
 * when CertInfo bit 0 is set) and the checks Lanyard makes on a certificate before any PIN is
 * asked. The card is untrusted input here: inflating is capped, and every parse or key-decoding
 * failure becomes a CardError rather than a raw OpenSSL error.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { CardError } from '../../../core/card-error.js';
import type { SignatureAlgorithm } from '../../../core/ports/card-credential.js';
import { requireTlv } from './tlv.js';

/** Largest certificate Lanyard accepts, compressed or not: card certificates are 1–2 KiB, and a
 * gzip bomb must stop inflating here rather than fill memory on the main thread. */
export const MAX_CERTIFICATE_BYTES = 16 * 1024;

/** The DER certificate inside a certificate object (the value of the 53 container). */
export function unpackCertificateObject(object: Uint8Array): Uint8Array {
  const cert = requireTlv(object, 0x70, 'certificate');
  const info = requireTlv(object, 0x71, 'CertInfo');
  if (((info[0] ?? 0) & 0x01) === 0) return new Uint8Array(cert);
  try {
    return new Uint8Array(gunzipSync(cert, { maxOutputLength: MAX_CERTIFICATE_BYTES }));
  } catch (cause) {
    if (cause instanceof RangeError && (cause as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new CardError('certificate-invalid', { detail: `compressed certificate inflates past ${MAX_CERTIFICATE_BYTES} bytes`, cause });
    }
    throw new CardError('malformed-response', { detail: 'compressed certificate does not inflate', cause });
  }
}

/** Parses the certificate, checks its dates and returns the signature algorithm its key implies. */
export function checkCertificate(der: Uint8Array, now: number): SignatureAlgorithm {
  let cert: X509Certificate;
  let key: KeyObject;
  try {
    cert = new X509Certificate(der);
    key = cert.publicKey; // decoded lazily: a corrupt SubjectPublicKeyInfo only throws here
  } catch (cause) {
    throw new CardError('certificate-invalid', { detail: 'certificate or its public key does not parse', cause });
  }
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  if (Number.isNaN(from) || Number.isNaN(to)) throw new CardError('certificate-invalid', { detail: 'validity dates do not parse' });
  if (now < from || now > to) {
    throw new CardError('certificate-expired', { detail: `valid ${cert.validFrom} – ${cert.validTo}` });
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' && details.modulusLength === 2048) return 'RS256';
  if (key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1') return 'ES256';
  throw new CardError('certificate-invalid', { detail: `unsupported key ${key.asymmetricKeyType ?? '?'}` });
}

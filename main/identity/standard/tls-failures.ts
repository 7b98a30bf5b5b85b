/**
 * Names what failed in a card TLS connection from OpenSSL's and Node's error codes: the card's
 * middleware (engine, PKCS#11 login, a key that is not the certificate's), the provider refusing
 * the certificate (TLS alerts), or the network.
 */
import type { CardTlsFailure } from './card-tls-protocol.js';

const ALERTS: [RegExp, CardTlsFailure['code']][] = [
  [/ALERT_UNKNOWN_CA|ALERT_ACCESS_DENIED/, 'untrusted-ca'],
  [/ALERT_CERTIFICATE_REVOKED/, 'revoked'],
  [/ALERT_CERTIFICATE_EXPIRED/, 'expired'],
  [/ALERT_(BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|DECRYPT_ERROR)/, 'certificate-refused'],
];

export function classifyTlsFailure(err: unknown, what: string): CardTlsFailure {
  const e = err as { code?: unknown; message?: unknown; reason?: unknown; library?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const text = typeof e?.message === 'string' ? e.message : String(err);
  // The PIN travels in the key URI; no OpenSSL message quotes it, but never pass one on that might.
  const message = `${what}: ${code ? `${code} ` : ''}${text.replace(/pin-value=[^;&\s]*/gi, 'pin-value=…')}`;
  for (const [pattern, failure] of ALERTS) if (pattern.test(code)) return { code: failure, message };
  if (code === 'ETIMEDOUT') return { code: 'idp-timeout', message };
  if (['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE'].includes(code)) return { code: 'idp-unreachable', message };
  if (/ENGINE|PKCS11|PKCS#11|pkcs11|_PIN_|KEY_VALUES_MISMATCH|key values mismatch|private key/i.test(`${code} ${text}`)) return { code: 'card-middleware', message };
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return { code: 'certificate-refused', message };
  return { code: 'idp-unreachable', message };
}

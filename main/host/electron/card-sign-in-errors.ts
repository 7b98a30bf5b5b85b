/**
 * How an Electron card sign-in (card-sign-in.ts) fails, as codes. Codes shared with the identity
 * layer's IdentityErrorCode mean the same there ('certificate-refused', 'card-middleware',
 * 'idp-unreachable', 'idp-timeout', 'idp-protocol'); the rest are this path's own. Chromium's net
 * error names (net/base/net_error_list.h), as loadURL and did-fail-load give them, are mapped here.
 * No sentence for a person: the app layer words it from the code.
 */
export type CardSignInErrorCode =
  /** The attempt's signal fired (a pulled card, a lock, a newer tap). */
  | 'aborted'
  /** Another card sign-in is in progress on this station. */
  | 'busy'
  /** The request itself is unusable (no certificate, a URL that is not the provider's). */
  | 'bad-request'
  /** The provider asked for the card's PIN a second time: the PIN given was refused. Never retried. */
  | 'pin-refused'
  /** The handshake failed without the tapped card's certificate ever being offered to Lanyard:
   * the platform's card middleware does not see the card (not installed or configured), or the
   * provider asked only for certificates of other CAs. */
  | 'card-not-offered'
  /** The provider's page went to a site that is neither the provider nor the redirect URI. */
  | 'left-provider'
  /** The provider's own TLS certificate is not trusted (TLS inspection, wrong host, expired). */
  | 'server-certificate'
  | 'certificate-refused' | 'card-middleware' | 'idp-unreachable' | 'idp-timeout' | 'idp-protocol';

const RETRYABLE: ReadonlySet<CardSignInErrorCode> = new Set(['busy', 'idp-unreachable', 'idp-timeout', 'card-middleware']);

export class CardSignInError extends Error {
  readonly domain = 'card-sign-in';
  readonly retryable: boolean;
  constructor(readonly code: CardSignInErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CardSignInError';
    this.retryable = RETRYABLE.has(code);
  }
}

/** The client certificate's key could not be used: the card middleware's side of the handshake. */
const MIDDLEWARE = new Set([
  'ERR_SSL_CLIENT_AUTH_PRIVATE_KEY_ACCESS_DENIED', 'ERR_SSL_CLIENT_AUTH_CERT_NO_PRIVATE_KEY',
  'ERR_SSL_CLIENT_AUTH_SIGNATURE_FAILED', 'ERR_SSL_CLIENT_AUTH_NO_COMMON_ALGORITHMS', 'ERR_SSL_CLIENT_AUTH_CERT_BAD_FORMAT',
]);
/** The server wanted a certificate it did not get, or refused the one it got (Chromium maps the
 * provider's bad_certificate, unknown_ca, certificate_revoked/expired alerts to these). */
const REFUSED = new Set(['ERR_BAD_SSL_CLIENT_AUTH_CERT', 'ERR_SSL_CLIENT_AUTH_CERT_NEEDED', 'ERR_SSL_PROTOCOL_ERROR', 'ERR_SSL_VERSION_OR_CIPHER_MISMATCH']);
const TIMEOUT = new Set(['ERR_TIMED_OUT', 'ERR_CONNECTION_TIMED_OUT']);
const UNREACHABLE = new Set([
  'ERR_CONNECTION_REFUSED', 'ERR_CONNECTION_RESET', 'ERR_CONNECTION_CLOSED', 'ERR_CONNECTION_FAILED', 'ERR_NAME_NOT_RESOLVED',
  'ERR_NAME_RESOLUTION_FAILED', 'ERR_INTERNET_DISCONNECTED', 'ERR_ADDRESS_UNREACHABLE', 'ERR_NETWORK_CHANGED', 'ERR_PROXY_CONNECTION_FAILED',
]);

/** The code for a failed load of the sign-in page, from Chromium's error name ('ERR_…'). */
export function classifyLoadFailure(errorCode: string): CardSignInErrorCode {
  const name = errorCode.startsWith('ERR_') ? errorCode : `ERR_${errorCode}`;
  if (MIDDLEWARE.has(name)) return 'card-middleware';
  if (REFUSED.has(name)) return 'certificate-refused';
  if (name.startsWith('ERR_CERT_')) return 'server-certificate';
  if (TIMEOUT.has(name)) return 'idp-timeout';
  if (UNREACHABLE.has(name)) return 'idp-unreachable';
  return 'idp-protocol';
}

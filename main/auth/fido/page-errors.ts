/**
 * Why Lanyard refuses, or fails, a WebAuthn call made by a provider's sign-in page. `code` is for
 * logs, audit and tests; `domName` is the DOMException the page receives, chosen as a browser
 * would (WebAuthn §5.1.3/§5.1.4), so the provider's own script shows its own message. The page
 * never learns more than that name.
 */
export type PageWebAuthnCode =
  /** The calling document's origin is not one of the provider's configured origins. */
  | 'origin-not-allowed'
  /** The RP ID is neither the origin's host nor a registrable domain suffix of it. */
  | 'rp-id-mismatch'
  /** The calling document is not https (nor http on loopback, for tests). */
  | 'insecure-origin'
  /** The options are not PublicKeyCredential*OptionsJSON Lanyard can act on. */
  | 'malformed-options'
  /** None of pubKeyCredParams is ES256, the only algorithm Lanyard's keys are asked for. */
  | 'unsupported-algorithm'
  /** The call came from a subframe: only the sign-in page's top frame may use the key. */
  | 'subframe'
  /** A ceremony is already running for this sign-in page. */
  | 'busy'
  /** The page, the sign-in or the key aborted the ceremony. */
  | 'aborted'
  /** The key refused or failed (wrong finger, timeout, no credential, excluded credential…). */
  | 'ceremony-failed';

export type PageDomExceptionName = 'NotAllowedError' | 'SecurityError' | 'TypeError' | 'NotSupportedError' | 'InvalidStateError' | 'AbortError';

const DOM_NAMES: Record<PageWebAuthnCode, PageDomExceptionName> = {
  'origin-not-allowed': 'NotAllowedError',
  'rp-id-mismatch': 'SecurityError',
  'insecure-origin': 'SecurityError',
  'malformed-options': 'TypeError',
  'unsupported-algorithm': 'NotSupportedError',
  subframe: 'NotAllowedError',
  busy: 'NotAllowedError',
  aborted: 'AbortError',
  'ceremony-failed': 'NotAllowedError',
};

export class PageWebAuthnError extends Error {
  override readonly name = 'PageWebAuthnError';
  readonly domain = 'page-webauthn';
  /** Worth trying again without changing anything (the person can touch the key again). */
  readonly retryable: boolean;
  constructor(readonly code: PageWebAuthnCode, message: string, options?: { cause?: unknown; domName?: PageDomExceptionName }) {
    super(message, options);
    this.domName = options?.domName ?? DOM_NAMES[code];
    this.retryable = code === 'ceremony-failed' || code === 'busy' || code === 'aborted';
  }
  readonly domName: PageDomExceptionName;
}

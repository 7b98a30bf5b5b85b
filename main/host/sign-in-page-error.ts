/**
 * How a provider's sign-in page shown by a host (the standard profile's key sign-in: Chromium's
 * authorize-in-page.ts, Electron's key-sign-in-page.ts) fails, as codes: one class for both hosts,
 * so the identity layer (standard-client.ts) reads both alike. Load failures keep the identity
 * layer's meaning ('idp-unreachable', 'idp-timeout'). No sentence for a person here.
 */
export type SignInPageErrorCode =
  /** The sign-in's signal fired (Cancel, a card tap, a session in front, a lock). */
  | 'aborted'
  /** No redirect within the overall deadline (5 minutes by default). */
  | 'timeout'
  /** The page closed itself, or the window it was shown in went. */
  | 'page-closed'
  /** The provider's page did not load, for a reason of its own (HTTP or protocol errors). */
  | 'load-failed'
  /** The page's renderer died. */
  | 'page-crashed'
  /** The provider's page went to a site that is neither the provider nor the redirect URI. */
  | 'left-provider'
  /** Another key sign-in page is open on this station. */
  | 'busy'
  /** The request itself is unusable (a URL that is not https, no provider origin). */
  | 'bad-request'
  /** There is no shell window to show the page in. */
  | 'no-window'
  | 'server-certificate' | 'idp-unreachable' | 'idp-timeout';

const RETRYABLE: ReadonlySet<SignInPageErrorCode> = new Set(['timeout', 'page-closed', 'load-failed', 'page-crashed', 'busy', 'idp-unreachable', 'idp-timeout']);

export class SignInPageError extends Error {
  override readonly name = 'SignInPageError';
  readonly domain = 'sign-in-page';
  readonly retryable: boolean;
  constructor(readonly code: SignInPageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.retryable = RETRYABLE.has(code);
  }
}

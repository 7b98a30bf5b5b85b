/**
 * How an Electron key sign-in on the provider's own page (key-sign-in-page.ts) fails, as codes.
 * The domain and the first four codes are those of the Chromium host's sign-in page
 * (authorize-in-page.ts), so the station treats both hosts alike; load failures keep the
 * identity layer's meaning ('idp-unreachable', 'idp-timeout'). No sentence for a person here.
 */
import { classifyLoadFailure } from './card-sign-in-errors.js';

export type KeySignInPageErrorCode =
  /** The sign-in's signal fired (Cancel, a card tap, a session in front, a lock). */
  | 'aborted'
  /** No redirect within the overall deadline (5 minutes by default). */
  | 'timeout'
  /** The page closed itself, or the shell window it was shown in went. */
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

const RETRYABLE: ReadonlySet<KeySignInPageErrorCode> = new Set(['timeout', 'page-closed', 'load-failed', 'page-crashed', 'busy', 'idp-unreachable', 'idp-timeout']);

export class KeySignInPageError extends Error {
  override readonly name = 'SignInPageError';
  readonly domain = 'sign-in-page';
  readonly retryable: boolean;
  constructor(readonly code: KeySignInPageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.retryable = RETRYABLE.has(code);
  }
}

/** The code for a failed load of the provider's page, from Chromium's error name ('ERR_…'). */
export function loadFailureCode(errorCode: string): KeySignInPageErrorCode {
  const code = classifyLoadFailure(errorCode);
  return code === 'server-certificate' || code === 'idp-unreachable' || code === 'idp-timeout' ? code : 'load-failed';
}

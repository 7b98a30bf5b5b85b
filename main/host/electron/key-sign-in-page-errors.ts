/**
 * How an Electron key sign-in on the provider's own page (key-sign-in-page.ts) fails: the hosts'
 * one SignInPageError (main/host/sign-in-page-error.ts), and Chromium's load-failure names mapped
 * to its codes.
 */
import { classifyLoadFailure } from './card-sign-in-errors.js';
import type { SignInPageErrorCode } from '../sign-in-page-error.js';

export { SignInPageError as KeySignInPageError, type SignInPageErrorCode as KeySignInPageErrorCode } from '../sign-in-page-error.js';

/** The code for a failed load of the provider's page, from Chromium's error name ('ERR_…'). */
export function loadFailureCode(errorCode: string): SignInPageErrorCode {
  const code = classifyLoadFailure(errorCode);
  return code === 'server-certificate' || code === 'idp-unreachable' || code === 'idp-timeout' ? code : 'load-failed';
}

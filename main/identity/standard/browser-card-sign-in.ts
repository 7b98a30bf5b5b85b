/**
 * The standard flow's walk to the redirect URI run by the host's browser engine (Electron: its
 * card middleware makes the TLS signature; `Host.cardCertificateSignIn`), in place of Lanyard's own
 * TLS client. Its failures, coded by the host, become IdentityErrors with a sentence for people;
 * the cookies it brings back are the provider session, held in a jar like the Node walk's.
 */
import type { BrowserCardSignInRequest, BrowserCardSignInResult } from '../../core/ports/host.js';
import { CookieJar } from '../cookie-jar.js';
import { IdentityError, isIdentityErrorCode, type IdentityErrorCode } from '../identity-error.js';

export type BrowserCardSignIn = (request: BrowserCardSignInRequest) => Promise<BrowserCardSignInResult>;

/** The host's own codes for what the identity layer has no code of its own. */
const HOST_CODES: Record<string, { code: IdentityErrorCode; why: string }> = {
  'pin-refused': { code: 'card-middleware', why: 'the card middleware asked for the PIN again (the PIN it was given was refused)' },
  'card-not-offered': { code: 'card-middleware', why: 'the card middleware did not offer the tapped card\'s certificate (not installed, or the provider asked for another CA)' },
  'server-certificate': { code: 'idp-protocol', why: 'the identity provider\'s TLS certificate is not trusted (TLS inspection, wrong host or expired)' },
  'left-provider': { code: 'certificate-refused', why: 'the provider\'s pages went to another site instead of accepting the card' },
  busy: { code: 'idp-protocol', why: 'another card sign-in was already running in the host' },
  'bad-request': { code: 'idp-protocol', why: 'the host refused the sign-in request' },
};

function identityErrorOf(err: unknown): IdentityError {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof code === 'string' && HOST_CODES[code]) return new IdentityError(HOST_CODES[code].code, `${HOST_CODES[code].why}: ${message}`, { cause: err });
  if (isIdentityErrorCode(code)) return new IdentityError(code, message, { cause: err });
  return new IdentityError('card-middleware', `the browser's card sign-in failed: ${message}`, { cause: err });
}

export interface BrowserWalk { callback: URL; jar: CookieJar }

/** `timeoutMs` bounds a provider page that waits for a person; `signal` (a pulled card) ends it at once. */
/** `origins`: the provider's, under which the cookies the browser brings back are kept. */
export async function walkInBrowser(signIn: BrowserCardSignIn, origins: readonly string[], request: Omit<BrowserCardSignInRequest, 'signal'>,
  timeoutMs: number, signal?: AbortSignal): Promise<BrowserWalk> {
  const deadline = AbortSignal.timeout(timeoutMs);
  let result: BrowserCardSignInResult;
  try {
    result = await signIn({ ...request, signal: signal ? AbortSignal.any([signal, deadline]) : deadline });
  } catch (err) {
    signal?.throwIfAborted();
    if (deadline.aborted) throw new IdentityError('idp-timeout', `the card sign-in at ${request.certificateHost} took longer than ${timeoutMs} ms`, { cause: err });
    throw identityErrorOf(err);
  }
  const jar = new CookieJar();
  jar.put(result.cookies, origins);
  return { callback: result.redirect, jar };
}

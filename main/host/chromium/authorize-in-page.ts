/**
 * One authorization on the provider's own sign-in page (standard profile, security keys): a
 * fresh, non-persistent browser context used for this authorization only, the WebAuthn bridge on
 * its page, and the redirect to `redirectUri` caught in the top frame and never loaded (RFC 8252:
 * Lanyard opens no port; a redirect hop is seen as well as a first request, through main's own
 * DevTools session). Resolves with the callback URL and the cookies the provider left, for the
 * user's partition; the context is closed whatever happens.
 */
import type { Browser, BrowserContext, Cookie, Page } from 'playwright-core';
import type { HostCookie } from '../../core/ports/host.js';
import type { PageWebAuthnError } from '../../auth/fido/page-errors.js';
import type { PublicSuffixes } from '../../auth/fido/public-suffix.js';
import { installWebAuthnBridge, type PageCeremony } from './webauthn-bridge.js';

import { SignInPageError } from '../sign-in-page-error.js';

export { SignInPageError };

/**
 * A fresh browser for one authorization, from the host: AppModeBrowser (its own process and
 * profile folder, deleted on close) fits as it is.
 */
export interface SignInBrowser {
  readonly context: BrowserContext;
  /** How the host opens a window in it; default context.newPage(). */
  openWindow?(): Promise<Page>;
  /** Ends the context and everything it stored. */
  close(): Promise<void>;
}

export interface AuthorizeInPageOptions {
  /** A browser to open a fresh non-persistent context in, or the host's factory for a sign-in browser. */
  browser: Browser | (() => Promise<SignInBrowser>);
  authorizationUrl: URL | string;
  /** Caught, never loaded: the first top-frame navigation to this origin and path ends the walk. */
  redirectUri: string;
  /** The provider's origins: the only ones the key answers for. */
  allowedOrigins: readonly string[];
  webauthn: PageCeremony;
  signal?: AbortSignal;
  /** Whole authorization, the person's typing included. Default 5 minutes. */
  timeoutMs?: number;
  suffixes?: PublicSuffixes;
  onRefused?: (error: PageWebAuthnError, frameUrl: string) => void;
  /** Called with the sign-in page before it loads (the host shows and lays it out). */
  onPage?: (page: Page) => Promise<void> | void;
}

export interface PageAuthorization {
  callback: URL;
  /** Every cookie of the sign-in context (the provider session), for the user's partition. */
  cookies: HostCookie[];
}

export async function authorizeInPage(options: AuthorizeInPageOptions): Promise<PageAuthorization> {
  options.signal?.throwIfAborted();
  const local = new AbortController();
  const outer = options.signal;
  const forward = () => local.abort(outer?.reason);
  // Listening before the launch: a Cancel while Chromium starts (about a second) ends it too.
  outer?.addEventListener('abort', forward, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const ended = new Promise<never>((_, reject) => {
    const cancelled = () => {
      const reason: unknown = local.signal.reason;
      reject(reason instanceof SignInPageError ? reason : new SignInPageError('aborted', 'the sign-in was cancelled', { cause: reason }));
    };
    if (local.signal.aborted) { cancelled(); return; }
    const timeoutMs = options.timeoutMs ?? 300_000;
    timer = setTimeout(() => reject(new SignInPageError('timeout', `no redirect within ${timeoutMs} ms`)), timeoutMs);
    local.signal.addEventListener('abort', cancelled, { once: true });
  });
  ended.catch(() => undefined);
  let signIn: SignInBrowser | undefined;
  try {
    const launching = typeof options.browser === 'function' ? options.browser() : freshContext(options.browser);
    // A launch that finishes after a cancel is closed below all the same.
    launching.then((b) => { signIn ??= b; if (local.signal.aborted) void b.close().catch(() => undefined); }, () => undefined);
    signIn = await Promise.race([launching, ended]);
    const { context } = signIn;
    const page = await Promise.race([signIn.openWindow ? signIn.openWindow() : context.newPage(), ended]);
    // Anything else the provider opens (popups) is closed: only this page may reach the key.
    context.on('page', (other) => { if (other !== page) void other.close().catch(() => undefined); });
    page.once('close', () => local.abort(new SignInPageError('page-closed', 'the sign-in page was closed')));
    await installWebAuthnBridge(page, {
      allowedOrigins: options.allowedOrigins, webauthn: options.webauthn, signal: local.signal,
      ...(options.suffixes ? { suffixes: options.suffixes } : {}), ...(options.onRefused ? { onRefused: options.onRefused } : {}),
    });
    const { caught: callback } = await catchRedirect(context, page, options.redirectUri, [String(options.authorizationUrl), ...options.allowedOrigins]);
    local.signal.throwIfAborted();
    await options.onPage?.(page);
    const loaded = page.goto(String(options.authorizationUrl)).then(() => new Promise<never>(() => undefined), (cause: unknown) => {
      throw new SignInPageError('load-failed', `the provider's sign-in page did not load: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    });
    // The losers of the race settle later (the abort below rejects `ended`): nobody awaits them.
    for (const p of [callback, loaded]) p.catch(() => undefined);
    const url = await Promise.race([callback, ended, loaded]);
    const cookies = (await context.cookies()).map(hostCookieOf);
    return { callback: url, cookies };
  } catch (error) {
    const reason: unknown = local.signal.reason;
    if (local.signal.aborted && reason instanceof SignInPageError && !(error instanceof SignInPageError)) throw reason;
    if (local.signal.aborted && !(error instanceof SignInPageError)) throw new SignInPageError('aborted', 'the sign-in was cancelled', { cause: reason });
    throw error;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', forward);
    local.abort(new SignInPageError('aborted', 'the sign-in page closed'));
    await signIn?.close().catch(() => undefined);
  }
}

async function freshContext(browser: Browser): Promise<SignInBrowser> {
  const context = await browser.newContext({ acceptDownloads: false });
  return { context, close: () => context.close() };
}

/**
 * Once Fetch interception is on, `caught` is the top frame's first request or
 * redirect hop to the redirect URI: answered 204, its URL kept.
 */
async function catchRedirect(context: BrowserContext, page: Page, redirectUri: string, providerUrls: readonly string[]): Promise<{ caught: Promise<URL> }> {
  const target = new URL(redirectUri);
  // The page is kept to the provider: a link off it (help, "forgot password") would let a passer-by
  // browse from a locked ward PC. Subframes (the provider's own widgets) are left to it.
  const provider = new Set(providerUrls.map((u) => new URL(u).origin));
  const cdp = await context.newCDPSession(page);
  const { targetInfo } = await cdp.send('Target.getTargetInfo');
  const caught = new Promise<URL>((resolve) => {
    cdp.on('Fetch.requestPaused', (event) => {
      const { requestId } = event;
      const url = new URL(event.request.url);
      const isCallback = url.origin === target.origin && url.pathname === target.pathname;
      const topFrame = event.frameId === targetInfo.targetId;
      const answer = !isCallback
        ? (topFrame && !provider.has(url.origin)
          ? cdp.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' })
          : cdp.send('Fetch.continueRequest', { requestId }))
        : topFrame
          ? cdp.send('Fetch.fulfillRequest', { requestId, responseCode: 204, body: '' }).then(() => resolve(url))
          // A subframe carrying a code to the redirect URI is not the provider's answer.
          : cdp.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' });
      answer.catch(() => undefined); // the page went away: the walk ends by its close event
    });
  });
  await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', resourceType: 'Document', requestStage: 'Request' }] });
  return { caught };
}

function hostCookieOf(c: Cookie): HostCookie {
  const host = c.domain.startsWith('.') ? c.domain.slice(1) : c.domain;
  return {
    name: c.name, value: c.value, url: `${c.secure ? 'https' : 'http'}://${host}${c.path}`,
    httpOnly: c.httpOnly, secure: c.secure, sameSite: c.sameSite,
    ...(c.expires > 0 ? { expires: c.expires } : {}),
  };
}

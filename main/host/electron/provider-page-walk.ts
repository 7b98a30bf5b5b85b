/**
 * Walking a provider's sign-in page in Electron to its redirect URI, shared by the card sign-in
 * (card-sign-in.ts) and the key sign-in page (key-sign-in-page.ts): load the authorization URL,
 * catch the redirect URI in the top frame (never loaded), end when the page leaves the provider's
 * origins, fails to load, dies or the signal fires. Each caller words its own errors.
 */
import type { Event, WebContents } from 'electron';
import { originForLog, originOf, parseUrl } from './origins.js';

export interface WalkEndings<E extends Error> {
  aborted(signal: AbortSignal): E;
  left(origin: string): E;
  loadFailed(errorCode: string, cause?: unknown): E;
  crashed(): E;
  /** The page's contents destroyed under the walk. Default: not watched. */
  closed?(): E;
  /** A deadline of the walk's own. Default: none (the caller's signal may carry one). */
  timeout?: { ms: number; error(): E };
}

/** net::ERR_ABORTED: a navigation replaced (or Lanyard cancelled) the one loading. */
const ERR_ABORTED = -3;

export function walkProviderPage<E extends Error>(contents: WebContents, start: URL, redirect: URL, allowed: readonly string[],
  signal: AbortSignal, endings: WalkEndings<E>): Promise<URL> {
  return new Promise<URL>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: URL | E): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (outcome instanceof URL) resolve(outcome);
      else reject(outcome);
    };
    const onAbort = (): void => finish(endings.aborted(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    const { timeout } = endings;
    if (timeout) timer = setTimeout(() => finish(timeout.error()), timeout.ms);
    const failed = (errorCode: string, cause?: unknown): void => finish(endings.loadFailed(errorCode, cause));
    const onNavigation = (event: Event<{ url: string; isMainFrame: boolean }>): void => {
      if (!event.isMainFrame) return; // the one navigation guard decides subframes
      const target = parseUrl(event.url);
      if (target !== undefined && target.origin === redirect.origin && target.pathname === redirect.pathname) {
        event.preventDefault(); // the redirect URI is caught here, never loaded
        finish(target);
      } else if (!allowed.includes(originOf(event.url) ?? '')) {
        finish(endings.left(originForLog(event.url)));
      }
    };
    contents.on('will-navigate', onNavigation);
    contents.on('will-redirect', onNavigation);
    contents.on('did-fail-load', (_event, errno, errorCode, _url, isMainFrame) => {
      if (isMainFrame && errno !== ERR_ABORTED) failed(errorCode);
    });
    contents.on('render-process-gone', () => finish(endings.crashed()));
    const { closed } = endings;
    if (closed) contents.once('destroyed', () => finish(closed()));
    contents.loadURL(start.href).catch((error: unknown) => {
      const { errno, code } = (error ?? {}) as { errno?: unknown; code?: unknown };
      if (errno !== ERR_ABORTED) failed(typeof code === 'string' ? code : 'ERR_FAILED', error);
    });
  });
}

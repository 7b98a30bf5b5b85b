/**
 * The one navigation rule for app tabs, shared by both hosts: a tab may go only to its app's
 * allowed origins (http/https, exact scheme + host + port). Everything else opens nowhere.
 * `decideNavigation` is the single decision point: every navigation either host sees (top frame,
 * subframe, each redirect hop, window.open) is put to it.
 */
export function isNavigationAllowed(url: string, allowedOrigins: readonly string[]): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return false;
  if (target.username || target.password) return false;
  return allowedOrigins.some((o) => sameOrigin(o, target));
}

function sameOrigin(allowed: string, target: URL): boolean {
  try {
    return new URL(allowed).origin === target.origin;
  } catch {
    return false;
  }
}

export type NavigationKind = 'navigate' | 'redirect' | 'frame-navigate' | 'window-open';

export interface NavigationRequest {
  kind: NavigationKind;
  url: string;
  /** False for navigations (and redirects) of a subframe. */
  isMainFrame: boolean;
}

export type NavigationDecision =
  /** Let the navigation proceed. */
  | { action: 'allow' }
  /** window.open inside the app's origins: load it in the same tab instead of a new window. */
  | { action: 'load-in-tab'; url: string }
  /** Open nowhere; the host raises 'navigation-refused'. */
  | { action: 'refuse'; reason: string };

/** Subframes may hold these: they inherit the parent's origin and load nothing from the network. */
const INERT_SUBFRAME_URLS = new Set(['about:blank', 'about:srcdoc']);

/**
 * Decides a navigation of a page that may live only in `allowedOrigins`.
 * An empty list (the shell, or a page the host does not know) refuses everything.
 */
export function decideNavigation(request: NavigationRequest, allowedOrigins: readonly string[]): NavigationDecision {
  if (!request.isMainFrame && INERT_SUBFRAME_URLS.has(request.url)) return { action: 'allow' };
  if (!isNavigationAllowed(request.url, allowedOrigins)) {
    return { action: 'refuse', reason: `${request.kind} to a URL outside the app's allowed origins` };
  }
  if (request.kind === 'window-open') return { action: 'load-in-tab', url: request.url };
  return { action: 'allow' };
}

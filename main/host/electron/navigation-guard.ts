/**
 * The one navigation guard. will-navigate, will-redirect, will-frame-navigate and the window-open
 * handler all ask this function, so there is a single place that decides where an app tab may go.
 * The origin rule itself is core's, shared with the Chromium host. Pure: the Electron wiring lives
 * in navigation-wiring.ts.
 */
import { isNavigationAllowed } from '../../core/navigation.js';

export type NavigationKind = 'navigate' | 'redirect' | 'frame-navigate' | 'window-open';

export interface NavigationRequest {
  kind: NavigationKind;
  url: string;
  /** False for navigations of a subframe (will-frame-navigate only). */
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
 * Decides a navigation of a web contents whose pages may live only in `allowedOrigins`.
 * An empty list (the shell, or a contents the host does not know) refuses everything.
 */
export function decideNavigation(request: NavigationRequest, allowedOrigins: readonly string[]): NavigationDecision {
  if (!request.isMainFrame && INERT_SUBFRAME_URLS.has(request.url)) return { action: 'allow' };
  if (!isNavigationAllowed(request.url, allowedOrigins)) {
    return { action: 'refuse', reason: `${request.kind} to a URL outside the app's allowed origins` };
  }
  if (request.kind === 'window-open') return { action: 'load-in-tab', url: request.url };
  return { action: 'allow' };
}

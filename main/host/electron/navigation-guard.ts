/**
 * The one navigation guard. will-navigate, will-redirect, will-frame-navigate and the window-open
 * handler all ask core's `decideNavigation` (main/core/navigation.ts), the same function the
 * Chromium host asks, so there is a single place that decides where an app tab may go. The
 * Electron wiring lives in navigation-wiring.ts.
 */
export { decideNavigation, type NavigationDecision, type NavigationKind, type NavigationRequest } from '../../core/navigation.js';

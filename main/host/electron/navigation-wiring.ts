/**
 * Wires the one navigation guard (navigation-guard.ts) into every web contents the app creates.
 * Installed from app 'web-contents-created', so no contents ever exists without it: a contents the
 * host has not registered (or the shell) gets an empty allow-list and can go nowhere.
 */
import type { Event, WebContents } from 'electron';
import { decideNavigation, type NavigationDecision, type NavigationRequest } from './navigation-guard.js';

/** What the host knows about one web contents it created. */
export interface GuardedContents {
  allowedOrigins: readonly string[];
  /** Called for every refused navigation (the host raises 'navigation-refused' and logs). */
  onRefused(url: string, reason: string): void;
}

/** Host-filled lookup: contents -> its guard facts. Weak, so closed contents are forgotten. */
export class GuardRegistry {
  readonly #entries = new WeakMap<WebContents, GuardedContents>();
  set(contents: WebContents, entry: GuardedContents): void {
    this.#entries.set(contents, entry);
  }
  get(contents: WebContents): GuardedContents | undefined {
    return this.#entries.get(contents);
  }
}

export function installNavigationGuard(contents: WebContents, registry: GuardRegistry, onUnknown: (url: string) => void): void {
  /** The single decision point; every event below goes through it. */
  const guard = (request: NavigationRequest): NavigationDecision => {
    const entry = registry.get(contents);
    const decision = decideNavigation(request, entry?.allowedOrigins ?? []);
    if (decision.action === 'refuse') {
      if (entry === undefined) onUnknown(request.url);
      else entry.onRefused(request.url, decision.reason);
    }
    return decision;
  };
  const onNavigate = (event: Event<{ url: string; isMainFrame: boolean }>, kind: NavigationRequest['kind']): void => {
    if (guard({ kind, url: event.url, isMainFrame: event.isMainFrame }).action !== 'allow') event.preventDefault();
  };
  contents.on('will-navigate', (event) => onNavigate(event, 'navigate'));
  contents.on('will-redirect', (event) => onNavigate(event, 'redirect'));
  contents.on('will-frame-navigate', (event) => onNavigate(event, 'frame-navigate'));
  contents.setWindowOpenHandler(({ url }) => {
    const decision = guard({ kind: 'window-open', url, isMainFrame: true });
    // Same tab, never a new window: loadURL is programmatic, so the origin was checked just above.
    if (decision.action === 'load-in-tab') void contents.loadURL(decision.url).catch(() => undefined);
    return { action: 'deny' };
  });
}

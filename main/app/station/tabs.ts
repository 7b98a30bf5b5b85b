/**
 * A live session's app tabs: opened all at once on its first show (each signs in silently in the
 * session's partition), re-opened when a tab that failed is chosen again, and put on screen only
 * while their session is the one in front. Page loads run outside the station's queue; what they
 * bring back comes in through the callbacks, which the controller routes through its queue.
 */
import type { Host } from '../../core/ports/host.js';
import type { LiveSession } from './session-resources.js';
import type { Screen } from './screen.js';

export interface TabEvents {
  /** Whether this session is still in front and active. */
  inFront(sessionId: string): boolean;
  opened(sessionId: string, appId: string): void;
  failed(sessionId: string, appId: string, error: unknown): void;
}

export class Tabs {
  constructor(private readonly host: Host, private readonly screen: Screen, private readonly events: TabEvents) {}

  /** The session came to the front: open its apps the first time, otherwise show its active tab. */
  shown(sessionId: string, live: LiveSession): void {
    if (live.apps.started) return this.showActive(sessionId, live);
    live.apps.started = true;
    for (const app of live.apps.list) this.load(sessionId, live, app.id);
  }

  select(sessionId: string, live: LiveSession, appId: string): void {
    if (!live.apps.list.some((a) => a.id === appId)) return;
    live.apps.active = appId;
    // A tab that failed to open earlier (its server was down) is tried again now it is asked for.
    if (live.apps.loaded.has(appId)) this.showActive(sessionId, live);
    else this.load(sessionId, live, appId);
  }

  /** A tab finished loading (called from the controller's queue). */
  loaded(sessionId: string, live: LiveSession, appId: string): void {
    live.apps.loaded.add(appId);
    if (appId === live.apps.active) this.showActive(sessionId, live);
  }

  showActive(sessionId: string, live: LiveSession): void {
    const appId = live.apps.active;
    if (!appId || !live.apps.loaded.has(appId)) return;
    void this.screen.show(sessionId, appId, () => this.events.inFront(sessionId) && live.apps.active === appId);
  }

  private load(sessionId: string, live: LiveSession, appId: string): void {
    const app = live.apps.list.find((a) => a.id === appId);
    if (!app) return;
    this.host.openApp(sessionId, app).then(() => this.events.opened(sessionId, appId), (error: unknown) => this.events.failed(sessionId, appId, error));
  }
}

/** What the app tabs report (loaded, refused a navigation, crashed, typed a login by hand, input)
 * and what their loads bring back, for the session whose partition they belong to. */
import type { AppEvent } from '../../core/ports/host.js';
import type { Log } from '../../core/ports/log.js';
import type { Station } from '../../core/session/station.js';
import { originOf, type LegacyLogins } from '../legacy-logins.js';
import type { AuditRecorder } from './audit-recorder.js';
import type { SessionResources } from './session-resources.js';
import type { StationStatus } from './status.js';
import type { Tabs } from './tabs.js';

export interface AppEventContext {
  station: Station;
  resources: SessionResources;
  recorder: AuditRecorder;
  status: StationStatus;
  tabs: Tabs;
  legacy: LegacyLogins;
  log: Log;
  activity(): void;
  crashed(error: unknown): void;
}

export class AppEvents {
  constructor(private readonly ctx: AppEventContext) {}

  opened(sessionId: string, appId: string): void {
    const live = this.ctx.resources.get(sessionId);
    if (!live) return; // the session ended while its app was opening
    if (!live.apps.loaded.has(appId)) this.ctx.recorder.session(sessionId, 'app-opened', { app: appId });
    if (this.ctx.status.message?.kind === 'warning' && appId === live.apps.active) this.ctx.status.clear();
    this.ctx.tabs.loaded(sessionId, live, appId);
  }

  failed(sessionId: string, appId: string, error: unknown): void {
    const live = this.ctx.resources.get(sessionId);
    if (!live) return;
    this.ctx.log.warn('app did not open', { app: appId, error: String(error) });
    if (this.ctx.station.front()?.id === sessionId) {
      this.ctx.status.say('warning', `${live.apps.list.find((a) => a.id === appId)?.name ?? appId} did not open. Choose its tab to try again.`);
    }
  }

  event(event: AppEvent): void {
    const inFront = this.ctx.station.front()?.id === event.partition;
    switch (event.type) {
      case 'activity': if (inFront) this.ctx.activity(); return;
      case 'navigation-refused':
        this.ctx.recorder.session(event.partition, 'refused', { reason: `navigation to ${originOf(event.url)}`, app: event.appId });
        if (inFront) this.ctx.status.say('warning', 'That link goes outside the apps this workstation allows, so it was not opened.');
        return;
      case 'app-crashed':
        this.ctx.resources.get(event.partition)?.apps.loaded.delete(event.appId);
        if (inFront) this.ctx.status.say('error', `${event.appId} stopped working. Choose its tab to reload it.`);
        return;
      case 'app-loaded':
        // Filling a form drives the page and can take a while: never in the station's queue.
        void this.ctx.legacy.loaded(event.partition, event.appId, event.url)
          .catch((error: unknown) => this.ctx.log.warn('legacy sign-in not filled', { app: event.appId, error: String(error) }));
        return;
      case 'manual-login':
        void this.ctx.legacy.manualLogin(event).catch((error: unknown) => this.ctx.crashed(error));
        return;
    }
  }
}

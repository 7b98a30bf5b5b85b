/** The Chromium host's navigation guard and popup adoption, split out of chromium-host.ts: every request's
 * first URL, every new page in a user's context and every download go through here. */
import type { Download, Page, Route } from 'playwright-core';
import type { AppEvent } from '../../core/ports/host.js';
import type { Log } from '../../core/ports/log.js';
import { decideNavigation, type NavigationRequest } from '../../core/navigation.js';
import { originForLog } from '../electron/origins.js';
import type { AppTab } from './app-tab.js';

export interface NavigationGuardDeps {
  /** The host's options (the same object): the log. */
  options: { log: Log };
  /** The host's tabs (the same array, kept up to date by the host). */
  tabs: readonly AppTab[];
  /** Pages openApp created (filled as each newPage resolves, before anything else sees the page). */
  tabPages: WeakSet<Page>;
  /** newPage calls of openApp still in flight: a new page is a tab's only if one of them returns it. */
  creating: Set<Promise<Page>>;
  emit(event: AppEvent): void;
}

export class NavigationGuard {
  constructor(private readonly deps: NavigationGuardDeps) {}

  /** Playwright's route sees the first URL of every request of every page in the partition. App
   * tabs: navigations go to the guard; other requests pass. Any other page (a popup, whose
   * navigation has no frame yet, or window.open('')) gets nothing: adopt() closes it. Never
   * throws: an exception here would end Lanyard and leave the browser running. */
  async guard(partition: string, route: Route): Promise<void> {
    try {
      const request = route.request();
      let page: Page | undefined;
      try {
        page = request.frame().page();
      } catch {
        // no frame: a popup's first navigation, or a service worker's request
        if (!request.isNavigationRequest()) return await route.continue();
      }
      const tab = this.deps.tabs.find((t) => t.partition === partition && t.page === page);
      if (!tab) return await route.abort('blockedbyclient');
      if (!request.isNavigationRequest()) return await route.continue();
      const isMainFrame = request.frame().parentFrame() === null;
      if (this.decide(tab, { kind: isMainFrame ? 'navigate' : 'frame-navigate', url: request.url(), isMainFrame })) {
        return await route.continue();
      }
      // 204 No Content: the top frame stays on the current page (an abort would replace it, and any
      // unsaved work, with an error page).
      if (isMainFrame) return await route.fulfill({ status: 204, body: '' });
      return await route.abort('blockedbyclient');
    } catch (error) {
      this.deps.options.log.debug('navigation guard: request already gone', { error: String(error) });
      await route.abort('blockedbyclient').catch(() => undefined);
    }
  }

  /** The one guard, for a tab: core's decideNavigation with the tab's app's origins. */
  decide(tab: AppTab, request: NavigationRequest): boolean {
    const decision = decideNavigation(request, tab.app.allowedOrigins);
    if (decision.action === 'allow') return true;
    if (decision.action === 'refuse') this.refuse(tab, request.url, request.kind);
    return false;
  }

  /** Every page that appears in a user's context. One that openApp did not create is closed at once;
   * if an app tab opened it and its URL is one of that app's origins, the URL opens in that tab
   * instead (as the Electron host's window-open handler does). */
  async adopt(page: Page): Promise<void> {
    this.refuseDownloads(page);
    await Promise.allSettled([...this.deps.creating]);
    if (this.deps.tabPages.has(page)) return;
    const { url, openerId } = await opening(page);
    await page.close().catch(() => undefined);
    const tab = this.deps.tabs.find((t) => t.targetId === openerId);
    if (!tab) {
      this.deps.options.log.warn('window closed: not opened by an app tab', { origin: originForLog(url) });
      return;
    }
    const decision = decideNavigation({ kind: 'window-open', url, isMainFrame: true }, tab.app.allowedOrigins);
    if (decision.action === 'load-in-tab') await tab.page.goto(decision.url).catch(() => undefined);
    else if (decision.action === 'refuse') this.refuse(tab, url, 'window-open');
  }

  refuseDownloads(page: Page): void {
    page.on('download', (download: Download) => {
      this.deps.options.log.warn('download refused', { origin: originForLog(download.url()) });
      void download.cancel().catch(() => undefined);
    });
  }

  /** The log says the origin only: paths and queries can carry patient identifiers or OAuth codes. */
  private refuse(tab: AppTab, url: string, kind: NavigationRequest['kind']): void {
    this.deps.options.log.warn('navigation refused', { app: tab.app.id, kind, origin: originForLog(url) });
    this.deps.emit({ type: 'navigation-refused', partition: tab.partition, appId: tab.app.id, url });
  }
}

/** The URL a new page was opened for (its first navigation may have been refused, leaving an error
 * page) and the target that opened it, even with noopener: Chromium's target info keeps both. */
async function opening(page: Page): Promise<{ url: string; openerId?: string }> {
  const read = async (): Promise<{ url: string; openerId?: string }> => {
    const cdp = await page.context().newCDPSession(page);
    const { targetInfo } = await cdp.send('Target.getTargetInfo');
    await cdp.detach().catch(() => undefined);
    return { url: targetInfo.url, openerId: targetInfo.openerId };
  };
  try {
    const first = await read();
    if (first.url !== '') return first;
    // A popup seen before its first navigation committed has no URL yet: wait for that commit (the
    // guard's refusal commits an error page with the URL). Bounded: window.open('') never navigates.
    await page.waitForEvent('framenavigated', { timeout: POPUP_URL_WAIT_MS }).catch(() => undefined);
    return await read();
  } catch {
    return { url: page.url() };
  }
}

const POPUP_URL_WAIT_MS = 2000;

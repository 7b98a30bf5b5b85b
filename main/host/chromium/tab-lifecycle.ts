/** The Chromium host's app tab lifecycle, split out of chromium-host.ts: creating a tab's page, starting
 * it, reopening it after a crash, and where its window and viewport go. */
import type { BrowserContext, Page } from 'playwright-core';
import type { AppEvent } from '../../core/ports/host.js';
import type { Log } from '../../core/ports/log.js';
import { viewTopHeight, type ShellView } from '../../core/shell-view.js';
import type { BridgeMessage } from './app-bridge.js';
import type { AppTab } from './app-tab.js';
import type { NavigationGuard } from './navigation-guard.js';
import type { AppModeBrowser } from './app-mode-browser.js';
import { attachTabSession } from './tab-session.js';
import type { WindowControl } from './window-state.js';

export interface TabLifecycleDeps {
  /** The host's options (the same object). */
  options: { headless: boolean; viewport?: { width: number; height: number }; log: Log };
  /** The host's tabs (the same array, kept up to date by the host). */
  tabs: readonly AppTab[];
  /** Pages openApp created (filled as each newPage resolves, before anything else sees the page). */
  tabPages: WeakSet<Page>;
  /** newPage calls of openApp still in flight: a new page is a tab's only if one of them returns it. */
  creating: Set<Promise<Page>>;
  windows: WindowControl;
  guard: NavigationGuard;
  bridge(tab: AppTab, message: BridgeMessage, origin: string): void;
  emit(event: AppEvent): void;
  /** close() was called: pages closing now are Lanyard's doing, not a person's. */
  closing(): boolean;
  visible(): AppTab | undefined;
  shell(): Page | undefined;
  /** Whether the shell's bar shows its Remember row now (the app area starts below it). */
  /** The view the shell shows now (its rows under the bar). */
  view(): ShellView | undefined;
  showApp(partition: string, appId: string): Promise<void>;
  requirePartition(partition: string): AppModeBrowser;
}

export class TabLifecycle {
  constructor(private readonly deps: TabLifecycleDeps) {}

  /** An app window of the partition's browser (a tab page, not a page some app opened). */
  async newTabPage(browser: AppModeBrowser): Promise<Page> {
    const creation = browser.openWindow().then((page) => {
      this.deps.tabPages.add(page);
      return page;
    });
    this.deps.creating.add(creation);
    return creation.finally(() => this.deps.creating.delete(creation));
  }

  async startTab(context: BrowserContext, tab: AppTab): Promise<void> {
    const { page, app, partition } = tab;
    const { log } = this.deps.options;
    const emit = (event: AppEvent): void => this.deps.emit(event);
    tab.targetId = await attachTabSession(context, page, {
      redirect: (request) => this.deps.guard.decide(tab, request),
      bridge: (message, origin) => this.deps.bridge(tab, message, origin),
      failed: (error) => log.warn('tab guard failed', { app: app.id, error: String(error) }),
    });
    await this.deps.windows.set(page, 'minimized'); // every tab but the visible one stays minimised
    page.on('crash', () => {
      tab.crashed = true;
      emit({ type: 'app-crashed', partition, appId: app.id });
    });
    page.on('load', () => emit({ type: 'app-loaded', partition, appId: app.id, url: page.url() }));
    // Closed by a person (Ctrl+W, the window's ×) rather than by Lanyard: the station is told, as
    // for a crash, and the tab gets a new page of its app, at once if it is on screen.
    page.on('close', () => {
      if (this.deps.closing() || tab.page !== page || !this.deps.tabs.includes(tab)) return;
      log.warn('app page closed from the browser: reopening it', { app: app.id });
      tab.crashed = true;
      emit({ type: 'app-crashed', partition, appId: app.id });
      if (this.deps.visible() === tab) void this.deps.showApp(partition, app.id).catch((error: unknown) => log.warn('closed app did not reopen', { app: app.id, error: String(error) }));
    });
    await page.goto(app.url, { waitUntil: 'load' });
  }

  /** The clinician chose a crashed tab ("choose its tab to reload it"): Playwright cannot use a
   * crashed page again, so the tab gets a new page of its app in the same partition, which is
   * what reloading a crashed Electron view amounts to. */
  async reopenCrashed(tab: AppTab): Promise<void> {
    const browser = this.deps.requirePartition(tab.partition);
    const dead = tab.page;
    tab.page = await this.newTabPage(browser);
    tab.crashed = false;
    await dead.close().catch(() => undefined);
    this.deps.options.log.info('reopening a crashed app tab', { app: tab.app.id });
    await this.startTab(browser.context, tab)
      .catch((error: unknown) => this.deps.options.log.warn('crashed tab did not reload', { app: tab.app.id, error: String(error) }));
  }

  /** In a real window, app windows sit just below the shell's bar, so its tabs, Lock and Log out
   * stay in reach (Electron lays its views out the same way inside one window). */
  async belowShellBar(): Promise<{ left: number; top: number; width: number; height: number } | undefined> {
    const page = this.deps.shell();
    if (this.deps.options.headless || !page) return undefined;
    const shell = await page.evaluate(() => ({
      x: window.screenX, y: window.screenY, chrome: window.outerHeight - window.innerHeight,
      screenWidth: window.screen.width, screenHeight: window.screen.height,
    })).catch(() => undefined);
    if (!shell) return undefined;
    // The shell's window may be only the bar by now (placeShell): the app area is the rest of the screen.
    const top = shell.y + shell.chrome + viewTopHeight(shell.screenWidth, this.deps.view());
    return { left: shell.x, top, width: shell.screenWidth, height: Math.max(200, shell.screenHeight - top) };
  }

  /** The bar grew or shrank by a row: the app on screen follows, exactly below it. Asked again once
   * the bar is measured: a lock in the same step hides the apps, and must win. */
  followShellBar(): void {
    const shown = this.deps.visible();
    if (!shown || this.deps.options.headless) return;
    void this.belowShellBar().then(async (bounds) => {
      if (this.deps.visible() === shown && this.deps.view()?.screen === 'active') await this.deps.windows.set(shown.page, 'normal', bounds);
    }).catch((error: unknown) => this.deps.options.log.debug('app window not moved', { error: String(error) }));
  }

  viewport(height: number): { width: number; height: number } | null {
    if (!this.deps.options.headless) return null;
    return this.deps.options.viewport ?? { width: 1366, height };
  }
}

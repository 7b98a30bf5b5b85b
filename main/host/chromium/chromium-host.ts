/**
 * Host on system Chromium through playwright-core, for machines where Electron's binary cannot be
 * had. The shell UI is a page in its own context; each user partition is a BrowserContext (in
 * memory: closing it leaves nothing on disk); each app tab is a page in its user's context, and
 * any other page that appears in a context (a popup, window.open('')) is closed at once.
 * Navigations: the route below decides each request's first URL and tab-session.ts each redirect
 * hop, both with core's decideNavigation, the one guard the Electron host asks too.
 */
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type Download, type Page, type Route } from 'playwright-core';
import type { AppEvent, AppSpec, FormFill, Host, HostCookie, ShellCommandHandler } from '../../core/ports/host.js';
import type { Log } from '../../core/ports/log.js';
import { SHELL_API_KEY, SHELL_BAR_HEIGHT, type ShellView } from '../../core/shell-view.js';
import { parseShellCommand } from '../../core/shell-command.js';
import { decideNavigation, type NavigationRequest } from '../../core/navigation.js';
import { isUrlInOrigins, originForLog } from '../electron/origins.js';
import { parseManualLoginReport } from '../electron/tab-protocol.js';
import { serveShellFiles, SHELL_ORIGIN } from './shell-files.js';
import { shellBridgeScript } from './shell-bridge.js';
import type { BridgeMessage } from './app-bridge.js';
import { attachTabSession } from './tab-session.js';
import { chromiumCommandLine } from './chromium-args.js';
import { BrowserWatchdog } from './browser-watchdog.js';
import { ChromiumHostError } from './errors.js';
import { WindowControl } from './window-state.js';

export interface ChromiumHostOptions {
  headless: boolean;
  executablePath?: string;
  rendererDir: string;
  log: Log;
  viewport?: { width: number; height: number };
}

interface AppTab {
  partition: string;
  app: AppSpec;
  page: Page;
  /** Chromium's id of the tab's page (set once its session is attached): what a popup names as its opener. */
  targetId?: string;
  /** The page's renderer died; showApp gives the tab a new page (`page` is then replaced). */
  crashed?: boolean;
}

/** Every context: downloads refused (patient documents would land on a shared disk). */
const CONTEXT_OPTIONS = { acceptDownloads: false } as const;

export class ChromiumHost implements Host {
  private browser: Browser | undefined;
  private watchdog: BrowserWatchdog | undefined;
  private shell: Page | undefined;
  private readonly partitions = new Map<string, BrowserContext>();
  private readonly tabs: AppTab[] = [];
  /** Pages openApp created (filled as each newPage resolves, before anything else sees the page). */
  private readonly tabPages = new WeakSet<Page>();
  /** newPage calls of openApp still in flight: a new page is a tab's only if one of them returns it. */
  private readonly creating = new Set<Promise<Page>>();
  private readonly listeners = new Set<(e: AppEvent) => void>();
  private visible: AppTab | undefined;
  private lastView: ShellView | undefined;
  private readonly windows = new WindowControl();
  private command: ShellCommandHandler | undefined;
  /** close() was called: pages closing now are Lanyard's doing, not a person's. */
  private closing = false;
  /** Real window: how the shell's window is laid out now ('bar' while apps show below it). */
  private shellLayout: ShellLayout | undefined;
  private shellCreation: Promise<Page> | undefined;

  constructor(private readonly options: ChromiumHostOptions) {}

  async openShell(handler: ShellCommandHandler): Promise<void> {
    const { headless, executablePath = '/usr/bin/chromium', log } = this.options;
    const commandLine = chromiumCommandLine(process.getuid?.());
    if (!commandLine.sandboxed) {
      log.warn('Chromium renderers run without their sandbox because Lanyard runs as root; run Lanyard as an ordinary user to keep it', { flag: '--no-sandbox' });
    }
    // The marker finds this very browser process for the watchdog.
    const marker = `--lanyard-host=${randomUUID()}`;
    // A real window is a ward PC's 1366x768 and its pages follow the window's size; headless pages get
    // the ward PC's 1366x768.
    const window = headless ? [] : ['--window-position=0,0', '--window-size=1366,768'];
    this.browser = await chromium.launch({ headless, executablePath, args: [...commandLine.args, ...window, marker] });
    try {
      this.watchdog = await BrowserWatchdog.arm(marker);
    } catch (error) {
      await this.browser.close().catch(() => undefined);
      this.browser = undefined;
      throw error;
    }
    const context = await this.browser.newContext({ ...CONTEXT_OPTIONS, viewport: this.viewport(768) });
    await serveShellFiles(context, this.options.rendererDir);
    await context.exposeBinding('__lanyardSend', async (source, payload: unknown) => {
      // Only the shell's own top frame, on the shell's own origin, may command main, and only with
      // a well-formed command (the same check the Electron host makes).
      if (source.page !== this.shell || source.frame !== this.shell?.mainFrame()
        || new URL(source.frame.url()).origin !== SHELL_ORIGIN) {
        log.warn('refused a shell command from an unexpected sender', { origin: originForLog(source.frame.url()) });
        return;
      }
      const checked = parseShellCommand(payload);
      if (!checked.ok) {
        log.warn('refused a malformed shell command', { reason: checked.reason });
        return;
      }
      await handler(checked.command);
    });
    this.command = handler;
    // F6 in the shell (shell-bridge.ts): focus goes to the app on screen.
    await context.exposeBinding('__lanyardFocusApp', async (source) => {
      if (source.page !== this.shell || source.frame !== this.shell?.mainFrame()) return;
      await this.visible?.page.bringToFront();
      await this.visible?.page.evaluate(() => globalThis.focus()).catch(() => undefined);
    });
    await context.addInitScript(shellBridgeScript(SHELL_API_KEY));
    // The shell has one page; anything it might open is closed.
    context.on('page', (page) => {
      this.refuseDownloads(page);
      // A shell page being (re)opened is the shell once its newPage resolves.
      void (this.shellCreation ?? Promise.resolve()).catch(() => undefined).then(() => {
        if (page !== this.shell) void page.close().catch(() => undefined);
      });
    });
    await this.openShellPage(context);
  }

  /** The shell's page. Nothing a person does closes it for good: Ctrl+W (or a crash of its
   * renderer) gets a new shell page at once, showing the latest view. */
  private async openShellPage(context: BrowserContext): Promise<void> {
    this.shellCreation = context.newPage();
    const page = await this.shellCreation;
    this.shell = page;
    const reopen = (why: string) => {
      if (this.closing || this.shell !== page) return;
      this.options.log.warn('shell page lost: opening it again', { why });
      this.shellLayout = undefined;
      void page.close().catch(() => undefined);
      void this.openShellPage(context).then(() => { if (this.lastView) this.render(this.lastView); })
        .catch((error: unknown) => this.options.log.error('shell page could not be reopened', { error: String(error) }));
    };
    page.on('close', () => reopen('closed'));
    page.on('crash', () => reopen('crashed'));
    await page.goto(`${SHELL_ORIGIN}/index.html`);
    if (this.lastView) await this.placeShell(shellLayoutFor(this.lastView));
  }

  render(view: ShellView): void {
    this.lastView = view;
    this.shell?.evaluate((v) => (window as unknown as { __lanyardView(v: unknown): void }).__lanyardView(v), view)
      .catch((error: unknown) => this.options.log.debug('shell render skipped', { error: String(error) }));
    void this.placeShell(shellLayoutFor(view));
  }

  /** Real window: the shell's browser tab strip and address bar sit above the top of the screen,
   * out of sight and out of reach, and while apps show, the shell's window is only the bar, so
   * clicking anywhere in the bar never covers the app below it. */
  private async placeShell(layout: ShellLayout): Promise<void> {
    if (this.options.headless || !this.shell || this.shellLayout === layout) return;
    this.shellLayout = layout;
    const size = await this.shell.evaluate(() => ({
      chrome: window.outerHeight - window.innerHeight, width: window.screen.width, height: window.screen.height,
    })).catch(() => undefined);
    if (!size) return;
    const height = layout === 'bar' ? SHELL_BAR_HEIGHT : layout === 'bar-message' ? SHELL_BAR_HEIGHT + MESSAGE_HEIGHT : size.height;
    await this.windows.set(this.shell, 'normal', { left: 0, top: -size.chrome, width: size.width, height: size.chrome + height });
  }

  /** The page of the shell UI (end-to-end tests drive it like a person would). */
  shellPage(): Page {
    if (!this.shell) throw new Error('shell not open');
    return this.shell;
  }

  appPage(partition: string, appId: string): Page | undefined {
    return this.tabs.find((t) => t.partition === partition && t.app.id === appId)?.page;
  }

  /** Which app is on screen, if any: what a person at the PC can see. */
  visibleApp(): { partition: string; appId: string } | undefined {
    return this.visible ? { partition: this.visible.partition, appId: this.visible.app.id } : undefined;
  }

  currentView(): ShellView | undefined {
    return this.lastView;
  }

  async createPartition(partition: string): Promise<void> {
    if (this.partitions.has(partition)) return;
    const context = await this.requireBrowser().newContext({ ...CONTEXT_OPTIONS, viewport: this.viewport(704) });
    await context.route('**/*', (route) => this.guard(partition, route));
    context.on('page', (page) => void this.adopt(page));
    this.partitions.set(partition, context);
  }

  async addCookies(partition: string, cookies: readonly HostCookie[]): Promise<void> {
    await this.requirePartition(partition).addCookies(cookies.map((c) => ({
      name: c.name, value: c.value, url: c.url, httpOnly: c.httpOnly ?? false, secure: c.secure ?? false,
      sameSite: c.sameSite ?? 'Lax', ...(c.expires ? { expires: c.expires } : {}),
    })));
  }

  async cookies(partition: string): Promise<HostCookie[]> {
    const context = this.partitions.get(partition);
    if (!context) return [];
    return (await context.cookies()).map((c) => ({
      name: c.name, value: c.value, url: `${c.secure ? 'https' : 'http'}://${c.domain.replace(/^\./, '')}${c.path}`,
      httpOnly: c.httpOnly, secure: c.secure, sameSite: c.sameSite, expires: c.expires,
    }));
  }

  async openApp(partition: string, app: AppSpec): Promise<void> {
    const existing = this.appPage(partition, app.id);
    if (existing) return;
    const context = this.requirePartition(partition);
    const tab: AppTab = { partition, app, page: await this.newTabPage(context) };
    this.tabs.push(tab);
    await this.startTab(context, tab);
  }

  private async newTabPage(context: BrowserContext): Promise<Page> {
    const creation = context.newPage().then((page) => {
      this.tabPages.add(page);
      return page;
    });
    this.creating.add(creation);
    return creation.finally(() => this.creating.delete(creation));
  }

  private async startTab(context: BrowserContext, tab: AppTab): Promise<void> {
    const { page, app, partition } = tab;
    tab.targetId = await attachTabSession(context, page, {
      redirect: (request) => this.decide(tab, request),
      bridge: (message, origin) => this.bridge(tab, message, origin),
      failed: (error) => this.options.log.warn('tab guard failed', { app: app.id, error: String(error) }),
    });
    await this.windows.set(page, 'minimized'); // every tab but the visible one stays minimised
    page.on('crash', () => {
      tab.crashed = true;
      this.emit({ type: 'app-crashed', partition, appId: app.id });
    });
    page.on('load', () => this.emit({ type: 'app-loaded', partition, appId: app.id, url: page.url() }));
    // Closed by a person (Ctrl+W, the window's ×) rather than by Lanyard: the station is told, as
    // for a crash, and the tab gets a new page of its app, at once if it is on screen.
    page.on('close', () => {
      if (this.closing || tab.page !== page || !this.tabs.includes(tab)) return;
      this.options.log.warn('app page closed from the browser: reopening it', { app: app.id });
      tab.crashed = true;
      this.emit({ type: 'app-crashed', partition, appId: app.id });
      if (this.visible === tab) void this.showApp(partition, app.id).catch((error: unknown) => this.options.log.warn('closed app did not reopen', { app: app.id, error: String(error) }));
    });
    await page.goto(app.url, { waitUntil: 'load' });
  }

  /** The clinician chose a crashed tab ("choose its tab to reload it"): Playwright cannot use a
   * crashed page again, so the tab gets a new page of its app in the same partition, which is
   * what reloading a crashed Electron view amounts to. */
  private async reopenCrashed(tab: AppTab): Promise<void> {
    const context = this.requirePartition(tab.partition);
    const dead = tab.page;
    tab.page = await this.newTabPage(context);
    tab.crashed = false;
    await dead.close().catch(() => undefined);
    this.options.log.info('reopening a crashed app tab', { app: tab.app.id });
    await this.startTab(context, tab)
      .catch((error: unknown) => this.options.log.warn('crashed tab did not reload', { app: tab.app.id, error: String(error) }));
  }

  async fillForm(partition: string, appId: string, origin: string, fill: FormFill): Promise<boolean> {
    const page = this.appPage(partition, appId);
    if (!page || new URL(page.url()).origin !== origin) return false;
    const fields = [fill.usernameSelector, fill.passwordSelector, fill.submitSelector];
    if ((await Promise.all(fields.map((f) => page.locator(f).count()))).some((n) => n === 0)) return false;
    // The tab may be in the background (rendering throttled): fill without waiting for it to paint.
    const quick = { force: true, timeout: 5000 } as const;
    await page.locator(fill.usernameSelector).fill(fill.username, quick);
    await page.locator(fill.passwordSelector).fill(fill.password, quick);
    await page.locator(fill.submitSelector).click(quick);
    return true;
  }

  async showApp(partition: string, appId: string): Promise<void> {
    const tab = this.tabs.find((t) => t.partition === partition && t.app.id === appId);
    if (!tab) throw new ChromiumHostError('UNKNOWN_APP', `no app ${appId} in ${partition}`);
    if (tab.crashed === true) await this.reopenCrashed(tab);
    const previous = this.visible;
    this.visible = tab;
    if (previous && previous !== tab) await this.windows.set(previous.page, 'minimized');
    await this.windows.set(tab.page, 'normal', await this.belowShellBar());
    await tab.page.bringToFront();
  }

  /** Only the visible tab needs hiding: all others are kept minimised, so locking costs the same
   * with one user or ten. */
  async hideApps(): Promise<void> {
    const previous = this.visible;
    this.visible = undefined;
    if (previous) await this.windows.set(previous.page, 'minimized');
    await this.shell?.bringToFront();
  }

  async destroyPartition(partition: string): Promise<void> {
    const context = this.partitions.get(partition);
    this.partitions.delete(partition);
    if (this.visible?.partition === partition) this.visible = undefined;
    for (let i = this.tabs.length - 1; i >= 0; i--) if (this.tabs[i]!.partition === partition) this.tabs.splice(i, 1);
    if (!context) return;
    await context.clearCookies();
    await context.close(); // in-memory context: storage, cache and service workers go with it
  }

  subscribe(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.browser?.close();
    this.browser = undefined;
    this.watchdog?.disarm();
    this.watchdog = undefined;
  }

  /** Playwright's route sees the first URL of every request of every page in the partition. App
   * tabs: navigations go to the guard; other requests pass. Any other page (a popup, whose
   * navigation has no frame yet, or window.open('')) gets nothing: adopt() closes it. Never
   * throws: an exception here would end Lanyard and leave the browser running. */
  private async guard(partition: string, route: Route): Promise<void> {
    try {
      const request = route.request();
      let page: Page | undefined;
      try {
        page = request.frame().page();
      } catch {
        // no frame: a popup's first navigation, or a service worker's request
        if (!request.isNavigationRequest()) return await route.continue();
      }
      const tab = this.tabs.find((t) => t.partition === partition && t.page === page);
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
      this.options.log.debug('navigation guard: request already gone', { error: String(error) });
      await route.abort('blockedbyclient').catch(() => undefined);
    }
  }

  /** The one guard, for a tab: core's decideNavigation with the tab's app's origins. */
  private decide(tab: AppTab, request: NavigationRequest): boolean {
    const decision = decideNavigation(request, tab.app.allowedOrigins);
    if (decision.action === 'allow') return true;
    if (decision.action === 'refuse') this.refuse(tab, request.url, request.kind);
    return false;
  }

  /** Every page that appears in a user's context. One that openApp did not create is closed at once;
   * if an app tab opened it and its URL is one of that app's origins, the URL opens in that tab
   * instead (as the Electron host's window-open handler does). */
  private async adopt(page: Page): Promise<void> {
    this.refuseDownloads(page);
    await Promise.allSettled([...this.creating]);
    if (this.tabPages.has(page)) return;
    const { url, openerId } = await opening(page);
    await page.close().catch(() => undefined);
    const tab = this.tabs.find((t) => t.targetId === openerId);
    if (!tab) {
      this.options.log.warn('window closed: not opened by an app tab', { origin: originForLog(url) });
      return;
    }
    const decision = decideNavigation({ kind: 'window-open', url, isMainFrame: true }, tab.app.allowedOrigins);
    if (decision.action === 'load-in-tab') await tab.page.goto(decision.url).catch(() => undefined);
    else if (decision.action === 'refuse') this.refuse(tab, url, 'window-open');
  }

  private refuseDownloads(page: Page): void {
    page.on('download', (download: Download) => {
      this.options.log.warn('download refused', { origin: originForLog(download.url()) });
      void download.cancel().catch(() => undefined);
    });
  }

  /** The log says the origin only: paths and queries can carry patient identifiers or OAuth codes. */
  private refuse(tab: AppTab, url: string, kind: NavigationRequest['kind']): void {
    this.options.log.warn('navigation refused', { app: tab.app.id, kind, origin: originForLog(url) });
    this.emit({ type: 'navigation-refused', partition: tab.partition, appId: tab.app.id, url });
  }

  /** From the tab's top frame only (tab-session.ts checked), on the origin Chromium gives its document. */
  private bridge(tab: AppTab, message: BridgeMessage, origin: string): void {
    if (message.kind === 'activity') return this.emit({ type: 'activity', partition: tab.partition });
    // Locking is always safe to honour, from any tab; focus moves only from the app on screen.
    if (message.kind === 'lock') return void this.command?.({ type: 'lock' }).catch((error: unknown) => this.options.log.warn('lock from an app tab failed', { error: String(error) }));
    if (message.kind === 'focus-shell') {
      if (this.visible === tab) void this.focusShell();
      return;
    }
    const report = parseManualLoginReport(message.report);
    if (!report || !isUrlInOrigins(origin, tab.app.allowedOrigins)) {
      this.options.log.warn('manual-login report refused', { app: tab.app.id, origin: originForLog(origin) });
      return;
    }
    this.emit({ type: 'manual-login', partition: tab.partition, appId: tab.app.id, origin, ...report });
  }

  /** F6 from the app: the shell's window gets focus, on its selected app tab (its first control). */
  private async focusShell(): Promise<void> {
    const shell = this.shell;
    if (!shell) return;
    await shell.bringToFront().catch(() => undefined);
    await shell.evaluate(() => {
      const target = document.querySelector<HTMLElement>('[role=tab][tabindex="0"]') ?? document.querySelector<HTMLElement>('button');
      target?.focus();
    }).catch(() => undefined);
  }

  /** In a real window, app windows sit just below the shell's bar, so its tabs, Lock and Log out
   * stay in reach (Electron lays its views out the same way inside one window). */
  private async belowShellBar(): Promise<{ left: number; top: number; width: number; height: number } | undefined> {
    if (this.options.headless || !this.shell) return undefined;
    const shell = await this.shell.evaluate(() => ({
      x: window.screenX, y: window.screenY, chrome: window.outerHeight - window.innerHeight,
      screenWidth: window.screen.width, screenHeight: window.screen.height,
    })).catch(() => undefined);
    if (!shell) return undefined;
    // The shell's window may be only the bar by now (placeShell): the app area is the rest of the screen.
    const top = shell.y + shell.chrome + SHELL_BAR_HEIGHT;
    return { left: shell.x, top, width: shell.screenWidth, height: Math.max(200, shell.screenHeight - top) };
  }

  private viewport(height: number): { width: number; height: number } | null {
    if (!this.options.headless) return null;
    return this.options.viewport ?? { width: 1366, height };
  }

  private emit(event: AppEvent): void {
    for (const l of this.listeners) l(event);
  }

  private requireBrowser(): Browser {
    if (!this.browser) throw new ChromiumHostError('SHELL_NOT_OPEN', 'host not started: call openShell first');
    return this.browser;
  }

  private requirePartition(partition: string): BrowserContext {
    const context = this.partitions.get(partition);
    if (!context) throw new ChromiumHostError('NO_PARTITION', `no partition ${partition}`);
    return context;
  }
}

/** Real window: the whole screen, the bar alone, or the bar with a message just below it (over the
 * top of the app's area, until the message goes). */
type ShellLayout = 'full' | 'bar' | 'bar-message';
const MESSAGE_HEIGHT = 72;

function shellLayoutFor(view: ShellView): ShellLayout {
  if (view.screen !== 'active') return 'full';
  return view.message ? 'bar-message' : 'bar';
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

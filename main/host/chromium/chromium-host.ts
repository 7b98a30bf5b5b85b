/**
 * Host on system Chromium through playwright-core, for machines where Electron's binary cannot be
 * had. The shell UI and each user partition run in a Chromium process of their own, in app mode
 * (app-mode-browser.ts: no browser chrome; the partition's profile folder is deleted with it); each
 * app tab is an app window in its user's process, and any other page that appears there (a popup,
 * window.open('')) is closed at once.
 * Navigations: the route in navigation-guard.ts decides each request's first URL and tab-session.ts
 * each redirect hop, both with core's decideNavigation, the one guard the Electron host asks too.
 */
import type { Page } from 'playwright-core';
import type { AppEvent, AppSpec, BrowserCardSignInResult, FormFill, Host, HostCookie, KeySignInPageRequest, ShellCommandHandler } from '../../core/ports/host.js';
import type { Log } from '../../core/ports/log.js';
import { SHELL_API_KEY, barRowsChanged, type ShellView } from '../../core/shell-view.js';
import { parseShellCommand } from '../../core/shell-command.js';
import { originForLog } from '../electron/origins.js';
import { serveShellFiles, SHELL_ORIGIN } from './shell-files.js';
import { shellBridgeScript } from './shell-bridge.js';
import { chromiumCommandLine } from './chromium-args.js';
import { AppModeBrowser } from './app-mode-browser.js';
import { KeySignInPages } from './key-sign-in-page.js';
import { Partitions } from './partitions.js';
import { ChromiumHostError } from './errors.js';
import { WindowControl } from './window-state.js';
import type { AppTab } from './app-tab.js';
import { NavigationGuard } from './navigation-guard.js';
import { TabLifecycle } from './tab-lifecycle.js';
import { AppMessages } from './app-messages.js';
import { shellLayoutFor, shellWindowBounds, type ShellLayout } from './shell-layout.js';

export interface ChromiumHostOptions {
  headless: boolean;
  executablePath?: string;
  rendererDir: string;
  log: Log;
  viewport?: { width: number; height: number };
}

export class ChromiumHost implements Host {
  /** The shell's Chromium process; each partition has its own (downloads refused in all). */
  private shellBrowser: AppModeBrowser | undefined;
  private readonly keyPages = new KeySignInPages(() => this.launchBrowser(704), async (page) => this.windows.set(page, 'normal', await this.lifecycle.belowShellBar()));
  private shell: Page | undefined;
  private readonly partitions: Partitions;
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

  /** The navigation guard and popup adoption (navigation-guard.ts). */
  private readonly navigation: NavigationGuard;
  /** Creating, starting and reopening app tabs, and where their windows go (tab-lifecycle.ts). */
  private readonly lifecycle: TabLifecycle;
  /** Messages from app tabs' bridges (app-messages.ts). */
  private readonly messages: AppMessages;

  constructor(private readonly options: ChromiumHostOptions) {
    const shared = { options, tabs: this.tabs, tabPages: this.tabPages, creating: this.creating, emit: (event: AppEvent) => this.emit(event) };
    this.navigation = new NavigationGuard(shared);
    this.partitions = new Partitions(() => this.launchBrowser(704), options.log);
    this.messages = new AppMessages({ ...shared, command: () => this.command, visible: () => this.visible, shell: () => this.shell });
    this.lifecycle = new TabLifecycle({
      ...shared,
      windows: this.windows,
      guard: this.navigation,
      bridge: (tab, message, origin) => this.messages.bridge(tab, message, origin),
      closing: () => this.closing,
      visible: () => this.visible,
      shell: () => this.shell,
      view: () => this.lastView,
      showApp: (partition, appId) => this.showApp(partition, appId),
      requirePartition: (partition) => this.requirePartition(partition),
    });
  }

  async openShell(handler: ShellCommandHandler): Promise<void> {
    const { log } = this.options;
    if (!chromiumCommandLine(process.getuid?.()).sandboxed) {
      log.warn('Chromium renderers run without their sandbox because Lanyard runs as root; run Lanyard as an ordinary user to keep it', { flag: '--no-sandbox' });
    }
    const swept = await AppModeBrowser.sweepLeftovers();
    if (swept > 0) log.warn('deleted browser profiles a previous run left (the PC lost power?)', { count: swept });
    // A real window is a ward PC's 1366x768 and its pages follow the window's size; headless pages get
    // the ward PC's 1366x768.
    const browser = await this.launchBrowser(768);
    this.shellBrowser = browser;
    const { context } = browser;
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
      this.navigation.refuseDownloads(page);
      // A shell page being (re)opened is the shell once its newPage resolves.
      void (this.shellCreation ?? Promise.resolve()).catch(() => undefined).then(async () => {
        if (page !== this.shell && !await browser.isLauncher(page)) void page.close().catch(() => undefined);
      });
    });
    await this.openShellPage(browser);
    this.partitions.warm(); // the first user's Chromium starts while the station waits for a card
  }

  /** The shell's page. Nothing a person does closes it for good: Ctrl+W (or a crash of its
   * renderer) gets a new shell page at once, showing the latest view. */
  private async openShellPage(browser: AppModeBrowser): Promise<void> {
    this.shellCreation = browser.openWindow();
    const page = await this.shellCreation;
    this.shell = page;
    const reopen = (why: string) => {
      if (this.closing || this.shell !== page) return;
      this.options.log.warn('shell page lost: opening it again', { why });
      this.shellLayout = undefined;
      void page.close().catch(() => undefined);
      void this.openShellPage(browser).then(() => { if (this.lastView) this.render(this.lastView); })
        .catch((error: unknown) => this.options.log.error('shell page could not be reopened', { error: String(error) }));
    };
    page.on('close', () => reopen('closed'));
    page.on('crash', () => reopen('crashed'));
    await page.goto(`${SHELL_ORIGIN}/index.html`);
    if (this.lastView) await this.placeShell(shellLayoutFor(this.lastView));
  }

  render(view: ShellView): void {
    const moved = barRowsChanged(view, this.lastView);
    this.lastView = view;
    if (moved && view.screen === 'active') this.lifecycle.followShellBar();
    this.shell?.evaluate((v) => (window as unknown as { __lanyardView(v: unknown): void }).__lanyardView(v), view)
      .catch((error: unknown) => this.options.log.debug('shell render skipped', { error: String(error) }));
    void this.placeShell(shellLayoutFor(view));
  }

  /** Real window: while apps show, the shell's window is only the bar, so clicking anywhere in the
   * bar never covers the app below it. */
  private async placeShell(layout: ShellLayout): Promise<void> {
    if (this.options.headless || !this.shell || this.shellLayout === layout) return;
    this.shellLayout = layout;
    const bounds = await shellWindowBounds(this.shell, layout);
    if (!bounds) return;
    await this.windows.set(this.shell, 'normal', bounds);
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
    if (!this.shellBrowser) throw new ChromiumHostError('SHELL_NOT_OPEN', 'host not started: call openShell first');
    await this.partitions.start(partition, async (browser) => {
      await browser.context.route('**/*', (route) => this.navigation.guard(partition, route));
      browser.context.on('page', (page) => void browser.isLauncher(page).then((launcher) => { if (!launcher) void this.navigation.adopt(page); }));
    });
  }

  async addCookies(partition: string, cookies: readonly HostCookie[]): Promise<void> {
    await this.requirePartition(partition).context.addCookies(cookies.map((c) => ({
      name: c.name, value: c.value, url: c.url, httpOnly: c.httpOnly ?? false, secure: c.secure ?? false,
      sameSite: c.sameSite ?? 'Lax', ...(c.expires ? { expires: c.expires } : {}),
    })));
  }

  async cookies(partition: string): Promise<HostCookie[]> {
    const browser = this.partitions.get(partition);
    if (!browser) return [];
    return (await browser.context.cookies()).map((c) => ({
      name: c.name, value: c.value, url: `${c.secure ? 'https' : 'http'}://${c.domain.replace(/^\./, '')}${c.path}`,
      httpOnly: c.httpOnly, secure: c.secure, sameSite: c.sameSite, expires: c.expires,
    }));
  }

  async openApp(partition: string, app: AppSpec): Promise<void> {
    const existing = this.appPage(partition, app.id);
    if (existing) return;
    const browser = this.requirePartition(partition);
    const tab: AppTab = { partition, app, page: await this.lifecycle.newTabPage(browser) };
    this.tabs.push(tab);
    await this.lifecycle.startTab(browser.context, tab);
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
    if (tab.crashed === true) await this.lifecycle.reopenCrashed(tab);
    const previous = this.visible;
    this.visible = tab;
    if (previous && previous !== tab) await this.windows.set(previous.page, 'minimized');
    await this.windows.set(tab.page, 'normal', await this.lifecycle.belowShellBar());
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
    const browser = this.partitions.remove(partition);
    if (this.visible?.partition === partition) this.visible = undefined;
    for (let i = this.tabs.length - 1; i >= 0; i--) if (this.tabs[i]!.partition === partition) this.tabs.splice(i, 1);
    if (!browser) return;
    await browser.context.clearCookies().catch(() => undefined);
    await browser.close(); // the process and its profile folder: storage, cache and service workers go with it
  }

  /** Standard profile key sign-in: the provider's page where the apps show (key-sign-in-page.ts). */
  keySignInPage(request: KeySignInPageRequest): Promise<BrowserCardSignInResult> { return this.keyPages.show(request); }
  /** The provider's sign-in page while one is open (tests act as the person on it). */
  signInPage(): Page | undefined { return this.keyPages.open; }

  subscribe(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.keyPages.close(); // an open sign-in page's browser goes first, not to the watchdog
    const browsers = [...await this.partitions.removeAll(), ...(this.shellBrowser ? [this.shellBrowser] : [])];
    this.shellBrowser = undefined;
    await Promise.all(browsers.map((b) => b.close()));
  }

  private emit(event: AppEvent): void {
    for (const l of this.listeners) l(event);
  }

  private launchBrowser(headlessHeight: number): Promise<AppModeBrowser> {
    const { headless, executablePath = '/usr/bin/chromium' } = this.options;
    return AppModeBrowser.launch({ headless, executablePath, viewport: this.lifecycle.viewport(headlessHeight), windows: this.windows, log: this.options.log });
  }

  private requirePartition(partition: string): AppModeBrowser {
    return this.partitions.require(partition);
  }
}

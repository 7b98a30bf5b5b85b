/**
 * Host on system Chromium through playwright-core, for machines where Electron's binary cannot be
 * had. The shell UI is a page in its own context; each user partition is a BrowserContext (in
 * memory: closing it leaves nothing on disk); each app tab is a page in its user's context.
 */
import { chromium, type Browser, type BrowserContext, type Frame, type Page, type Route } from 'playwright-core';
import type { AppEvent, AppSpec, FormFill, Host, HostCookie, ShellCommandHandler } from '../../core/ports/host.js';
import type { Log } from '../../core/ports/log.js';
import { SHELL_API_KEY, SHELL_BAR_HEIGHT, type ShellView } from '../../core/shell-view.js';
import { parseShellCommand } from '../../core/shell-command.js';
import { isNavigationAllowed } from '../../core/navigation.js';
import { serveShellFiles, SHELL_ORIGIN } from './shell-files.js';
import { shellBridgeScript } from './shell-bridge.js';
import { APP_BRIDGE_SCRIPT } from './app-bridge.js';
import { WindowControl } from './window-state.js';

export interface ChromiumHostOptions {
  headless: boolean;
  executablePath?: string;
  rendererDir: string;
  log: Log;
  viewport?: { width: number; height: number };
}

interface AppTab { partition: string; app: AppSpec; page: Page }

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--disable-features=Translate,MediaRouter',
];

export class ChromiumHost implements Host {
  private browser: Browser | undefined;
  private shell: Page | undefined;
  private readonly partitions = new Map<string, BrowserContext>();
  private readonly tabs: AppTab[] = [];
  private readonly listeners = new Set<(e: AppEvent) => void>();
  private visible: AppTab | undefined;
  private lastView: ShellView | undefined;
  private readonly windows = new WindowControl();

  constructor(private readonly options: ChromiumHostOptions) {}

  async openShell(handler: ShellCommandHandler): Promise<void> {
    const { headless, executablePath = '/usr/bin/chromium' } = this.options;
    // A real window is a ward PC's 1366x768 and its pages follow the window's size; headless pages get
    // the ward PC's 1366x768.
    this.browser = await chromium.launch({ headless, executablePath, args: headless ? CHROMIUM_ARGS : [...CHROMIUM_ARGS, '--window-position=0,0', '--window-size=1366,768'] });
    const context = await this.browser.newContext({ viewport: this.viewport(768) });
    await serveShellFiles(context, this.options.rendererDir);
    await context.exposeBinding('__lanyardSend', async (source, payload: unknown) => {
      // Only the shell's own top frame, on the shell's own origin, may command main, and only with
      // a well-formed command (the same check the Electron host makes).
      if (source.page !== this.shell || source.frame !== this.shell?.mainFrame()
        || new URL(source.frame.url()).origin !== SHELL_ORIGIN) {
        this.options.log.warn('refused a shell command from an unexpected sender', { url: source.frame.url() });
        return;
      }
      const checked = parseShellCommand(payload);
      if (!checked.ok) {
        this.options.log.warn('refused a malformed shell command', { reason: checked.reason });
        return;
      }
      await handler(checked.command);
    });
    await context.addInitScript(shellBridgeScript(SHELL_API_KEY));
    this.shell = await context.newPage();
    await this.shell.goto(`${SHELL_ORIGIN}/index.html`);
  }

  render(view: ShellView): void {
    this.lastView = view;
    this.shell?.evaluate((v) => (window as unknown as { __lanyardView(v: unknown): void }).__lanyardView(v), view)
      .catch((error: unknown) => this.options.log.debug('shell render skipped', { error: String(error) }));
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
    const context = await this.requireBrowser().newContext({ viewport: this.viewport(704) });
    await context.route('**/*', (route) => this.guard(partition, route));
    await context.exposeBinding('__lanyardActivity', () => this.emit({ type: 'activity', partition }));
    await context.exposeBinding('__lanyardLogin', (source, report: unknown) => this.manualLogin(partition, source.page, source.frame, report));
    await context.addInitScript(APP_BRIDGE_SCRIPT);
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
    const page = await context.newPage();
    const tab: AppTab = { partition, app, page };
    this.tabs.push(tab);
    await this.windows.set(page, 'minimized'); // every tab but the visible one stays minimised
    page.on('crash', () => this.emit({ type: 'app-crashed', partition, appId: app.id }));
    page.on('load', () => this.emit({ type: 'app-loaded', partition, appId: app.id, url: page.url() }));
    await page.goto(app.url, { waitUntil: 'load' });
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
    if (!tab) throw new Error(`no app ${appId} in ${partition}`);
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
    await this.browser?.close();
    this.browser = undefined;
  }

  /** The single navigation guard: top-level navigations of an app tab stay on its allowed origins,
   * and pages an app tried to open as new windows load nothing at all. */
  private async guard(partition: string, route: Route): Promise<void> {
    const request = route.request();
    const frame = request.isNavigationRequest() ? request.frame() : undefined;
    if (!frame || frame.parentFrame()) return route.continue();
    const tab = this.tabs.find((t) => t.partition === partition && t.page === frame.page());
    if (!tab) {
      await route.abort('blockedbyclient');
      return this.popup(partition, frame.page(), request.url());
    }
    if (isNavigationAllowed(request.url(), tab.app.allowedOrigins)) return route.continue();
    this.refuse(tab, request.url());
    // 204 No Content: the browser stays on the current page (an abort would replace it, and any
    // unsaved work, with an error page).
    return route.fulfill({ status: 204, body: '' });
  }

  /** window.open / target=_blank: never a new window. An allowed target opens in the same tab. */
  private async popup(partition: string, page: Page, url: string): Promise<void> {
    const opener = await page.opener().catch(() => null);
    await page.close().catch(() => undefined);
    const tab = this.tabs.find((t) => t.partition === partition && t.page === opener);
    if (!tab) return;
    if (isNavigationAllowed(url, tab.app.allowedOrigins)) await tab.page.goto(url).catch(() => undefined);
    else this.refuse(tab, url);
  }

  private refuse(tab: AppTab, url: string): void {
    this.options.log.warn('navigation refused', { app: tab.app.id, url });
    this.emit({ type: 'navigation-refused', partition: tab.partition, appId: tab.app.id, url });
  }

  private manualLogin(partition: string, page: Page, frame: Frame, report: unknown): void {
    const tab = this.tabs.find((t) => t.partition === partition && t.page === page);
    const r = report as { username?: unknown; password?: unknown } | null;
    if (!tab || frame !== page.mainFrame() || typeof r?.username !== 'string' || typeof r.password !== 'string') return;
    if (r.username.length > 256 || r.password.length > 1024) return;
    this.emit({ type: 'manual-login', partition, appId: tab.app.id, origin: new URL(frame.url()).origin, username: r.username, password: r.password });
  }

  /** In a real window, app windows sit just below the shell's bar, so its tabs, Lock and Log out
   * stay in reach (Electron lays its views out the same way inside one window). */
  private async belowShellBar(): Promise<{ left: number; top: number; width: number; height: number } | undefined> {
    if (this.options.headless || !this.shell) return undefined;
    const shell = await this.shell.evaluate(() => ({
      x: window.screenX, y: window.screenY, width: window.outerWidth, height: window.outerHeight,
      chrome: window.outerHeight - window.innerHeight,
    })).catch(() => undefined);
    if (!shell) return undefined;
    const top = shell.y + shell.chrome + SHELL_BAR_HEIGHT;
    return { left: shell.x, top, width: shell.width, height: Math.max(200, shell.y + shell.height - top) };
  }

  private viewport(height: number): { width: number; height: number } | null {
    if (!this.options.headless) return null;
    return this.options.viewport ?? { width: 1366, height };
  }

  private emit(event: AppEvent): void {
    for (const l of this.listeners) l(event);
  }

  private requireBrowser(): Browser {
    if (!this.browser) throw new Error('host not started: call openShell first');
    return this.browser;
  }

  private requirePartition(partition: string): BrowserContext {
    const context = this.partitions.get(partition);
    if (!context) throw new Error(`no partition ${partition}`);
    return context;
  }
}

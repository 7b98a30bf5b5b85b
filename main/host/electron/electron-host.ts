/**
 * Host port on Electron: the shell UI in a BrowserWindow, one WebContentsView per app per user
 * partition below the shell bar. Every partition is in-memory (no "persist:"), so nothing of a
 * killed session survives a restart. Decisions live in the pure modules beside this file.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { session, type BrowserWindow, type Session, type WebContents, type WebContentsView } from 'electron';
import type { AppEvent, AppSpec, FormFill, Host, HostCookie, ShellCommandHandler } from '../../core/ports/host.js';
import type { Log } from '../../core/ports/log.js';
import { IPC, type ShellView } from '../../core/shell-view.js';
import { createAppView } from './app-view.js';
import { fromElectronCookie, toElectronCookie } from './cookies.js';
import { ElectronHostError } from './errors.js';
import { appViewBounds } from './layout.js';
import type { GuardRegistry } from './navigation-wiring.js';
import { isUrlInOrigins, originForLog } from './origins.js';
import { buildPermissionAllowList } from './permissions.js';
import { hardenSession } from './session-hardening.js';
import { registerShellIpc } from './shell-ipc.js';
import { createShellWindow } from './shell-window.js';
import { FormFills, registerTabIpc, type TabIdentity } from './tab-ipc.js';
import { loadAppPage } from './load-app.js';

export interface ElectronHostOptions {
  /** Folder holding dist/ (app.getAppPath()). */
  appRoot: string;
  log: Log;
  /** Filled here, read by the navigation guard installed on every web contents (main.ts). */
  registry: GuardRegistry;
  /** No visible window (smoke runs, kiosks being provisioned). */
  headless?: boolean;
  /** Extra per-origin permission grants from policy, on top of the defaults. */
  permissions?: Readonly<Record<string, readonly string[]>>;
  devTools?: boolean;
}

/** The shell's own in-memory partition: the default session would persist to disk. */
const SHELL_PARTITION = 'lanyard-shell';

interface OpenApp extends TabIdentity {
  app: AppSpec;
  view: WebContentsView;
  /** The start page's load; a second openApp while it runs waits for the same one. */
  loading: Promise<void>;
}

export class ElectronHost implements Host {
  readonly #options: ElectronHostOptions;
  readonly #log: Log;
  readonly #listeners = new Set<(event: AppEvent) => void>();
  /** partition -> appId -> view */
  readonly #apps = new Map<string, Map<string, OpenApp>>();
  readonly #hardened = new Set<string>();
  readonly #cleanups: (() => void)[] = [];
  #window: BrowserWindow | undefined;
  #shellUrl: string | undefined;
  #lastView: ShellView | undefined;
  #shown: OpenApp | undefined;
  #fills: FormFills | undefined;

  constructor(options: ElectronHostOptions) {
    this.#options = options;
    this.#log = options.log.child('electron-host');
  }

  async openShell(handler: ShellCommandHandler): Promise<void> {
    const indexPath = path.join(this.#options.appRoot, 'dist', 'renderer', 'index.html');
    this.#hardenPartition(SHELL_PARTITION);
    const window = createShellWindow({ appRoot: this.#options.appRoot, partition: SHELL_PARTITION, devTools: this.#options.devTools });
    this.#window = window;
    this.#shellUrl = pathToFileURL(indexPath).href;
    // The shell never navigates: an empty allow-list refuses everything.
    this.#options.registry.set(window.webContents, {
      allowedOrigins: [],
      onRefused: (url, reason) => this.#log.warn('shell navigation refused', { reason, origin: originForLog(url) }),
    });
    this.#cleanups.push(registerShellIpc(() => this.#expectedShell(), handler, this.#log));
    const fills = new FormFills(this.#log);
    this.#fills = fills;
    this.#cleanups.push(() => fills.unregister());
    this.#cleanups.push(registerTabIpc((contents) => this.#tabOf(contents), (tab, origin, report) => {
      this.#emit({ type: 'manual-login', partition: tab.partition, appId: tab.appId, origin, username: report.username, password: report.password });
    }, this.#log));
    window.on('resize', () => this.#layout());
    window.webContents.on('did-finish-load', () => this.#sendView());
    window.webContents.on('render-process-gone', (_event, details) => {
      this.#log.error('shell renderer gone; reloading', { reason: details.reason });
      if (!window.isDestroyed()) window.webContents.reload();
    });
    if (this.#options.headless !== true) window.once('ready-to-show', () => window.show());
    await window.loadFile(indexPath);
  }

  render(view: ShellView): void {
    this.#lastView = view;
    this.#sendView();
  }

  async createPartition(partition: string): Promise<void> {
    this.#hardenPartition(partition);
  }

  async addCookies(partition: string, cookies: readonly HostCookie[]): Promise<void> {
    const jar = this.#session(partition).cookies;
    for (const cookie of cookies) await jar.set(toElectronCookie(cookie));
  }

  async cookies(partition: string): Promise<HostCookie[]> {
    const all = await this.#session(partition).cookies.get({});
    return all.map(fromElectronCookie);
  }

  async openApp(partition: string, app: AppSpec): Promise<void> {
    const opening = this.#apps.get(partition)?.get(app.id);
    if (opening !== undefined) return opening.loading;
    if (!isUrlInOrigins(app.url, app.allowedOrigins)) {
      throw new ElectronHostError('APP_URL_NOT_ALLOWED',
        `${app.name} cannot open: its start page is outside the sites it is allowed to use. Ask IT to check the Lanyard policy for "${app.id}".`);
    }
    this.#hardenPartition(partition);
    const view = createAppView({
      partition, app, registry: this.#options.registry, log: this.#log, emit: (event) => this.#emit(event),
      tabPreloadPath: path.join(this.#options.appRoot, 'dist', 'preload', 'tab.cjs'),
    });
    const byApp = this.#apps.get(partition) ?? new Map<string, OpenApp>();
    const loading = loadAppPage(view.webContents, app.url).catch((cause: unknown) => {
      // Forget the broken tab so that opening the app again starts afresh.
      if (byApp.get(app.id) === open) byApp.delete(app.id);
      if (!view.webContents.isDestroyed()) view.webContents.close();
      throw new ElectronHostError('APP_LOAD_FAILED', `${app.name} did not load. Check the network cable or try again; if it keeps failing, tell IT.`, { cause });
    });
    const open: OpenApp = { partition, appId: app.id, allowedOrigins: app.allowedOrigins, app, view, loading };
    byApp.set(app.id, open);
    this.#apps.set(partition, byApp);
    await loading;
  }

  async showApp(partition: string, appId: string): Promise<void> {
    const target = this.#apps.get(partition)?.get(appId);
    if (target === undefined) throw new ElectronHostError('UNKNOWN_APP', `That app is not open for this user. Choose it again from the tabs.`);
    const window = this.#requireWindow();
    for (const open of this.#allApps()) if (open !== target) this.#detach(open);
    window.contentView.addChildView(target.view);
    this.#shown = target;
    this.#layout();
    target.view.setVisible(true);
    const contents = target.view.webContents;
    // The tab's renderer died (the clinician was told to choose its tab to reload it).
    if (contents.isCrashed()) {
      this.#log.info('reloading a crashed app tab', { partition, appId });
      contents.reload();
    }
    contents.focus();
  }

  async hideApps(): Promise<void> {
    for (const open of this.#allApps()) this.#detach(open);
    this.#shown = undefined;
    // During quit the window may already be gone; touching its webContents would throw.
    const window = this.#window;
    if (window !== undefined && !window.isDestroyed()) window.webContents.focus();
  }

  async destroyPartition(partition: string): Promise<void> {
    for (const open of this.#apps.get(partition)?.values() ?? []) {
      this.#detach(open);
      if (this.#shown === open) this.#shown = undefined;
      if (!open.view.webContents.isDestroyed()) open.view.webContents.close();
    }
    this.#apps.delete(partition);
    this.#hardened.delete(partition);
    // Electron has no way to delete an in-memory session: it stays in its partition map until
    // quit. Empty it of everything a browser keeps, and hold nothing of it here.
    const ses = this.#session(partition);
    await ses.clearStorageData();
    await ses.clearData();
    await ses.clearCache();
    await ses.clearAuthCache();
    await ses.clearHostResolverCache();
    await ses.closeAllConnections();
  }

  async fillForm(partition: string, appId: string, origin: string, fill: FormFill): Promise<boolean> {
    const open = this.#apps.get(partition)?.get(appId);
    if (open === undefined || !isUrlInOrigins(origin, open.allowedOrigins)) return false;
    if (this.#fills === undefined || open.view.webContents.isDestroyed()) return false;
    await open.loading.catch(() => undefined);
    return this.#fills.send(open.view.webContents, origin, fill);
  }

  /** Brings the Lanyard window to the front (someone started Lanyard again). */
  focusShell(): void {
    const window = this.#window;
    if (window === undefined || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  }

  subscribe(listener: (event: AppEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    for (const partition of [...this.#apps.keys()]) await this.destroyPartition(partition);
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    if (this.#window !== undefined && !this.#window.isDestroyed()) this.#window.destroy();
    this.#window = undefined;
    this.#listeners.clear();
  }

  #session(partition: string): Session {
    if (partition.startsWith('persist:')) {
      throw new ElectronHostError('PERSISTENT_PARTITION', 'Lanyard keeps sessions in memory only; a persistent partition was requested. Tell IT.');
    }
    return session.fromPartition(partition);
  }

  #hardenPartition(partition: string): void {
    if (this.#hardened.has(partition)) return;
    const allowList = (): ReturnType<typeof buildPermissionAllowList> => buildPermissionAllowList(
      [...(this.#apps.get(partition)?.values() ?? [])].flatMap((open) => open.allowedOrigins),
      undefined,
      this.#options.permissions,
    );
    hardenSession(this.#session(partition), allowList, this.#log);
    this.#hardened.add(partition);
  }

  #expectedShell(): { webContentsId: number; url: string } | undefined {
    const window = this.#window;
    if (window === undefined || window.isDestroyed() || this.#shellUrl === undefined) return undefined;
    return { webContentsId: window.webContents.id, url: this.#shellUrl };
  }

  #tabOf(contents: WebContents): TabIdentity | undefined {
    for (const open of this.#allApps()) if (open.view.webContents === contents) return open;
    return undefined;
  }

  *#allApps(): Iterable<OpenApp> {
    for (const byApp of this.#apps.values()) yield* byApp.values();
  }

  #detach(open: OpenApp): void {
    if (!open.view.webContents.isDestroyed()) open.view.setVisible(false);
    const window = this.#window;
    if (window !== undefined && !window.isDestroyed() && window.contentView.children.includes(open.view)) {
      window.contentView.removeChildView(open.view);
    }
  }

  #layout(): void {
    const window = this.#window;
    if (window === undefined || window.isDestroyed() || this.#shown === undefined) return;
    const [width = 0, height = 0] = window.getContentSize();
    this.#shown.view.setBounds(appViewBounds({ width, height }));
  }

  #sendView(): void {
    const window = this.#window;
    if (this.#lastView === undefined || window === undefined || window.isDestroyed()) return;
    window.webContents.send(IPC.view, this.#lastView);
  }

  #requireWindow(): BrowserWindow {
    const window = this.#window;
    if (window === undefined || window.isDestroyed()) {
      throw new ElectronHostError('SHELL_NOT_OPEN', 'The Lanyard window is not open. Restart Lanyard.');
    }
    return window;
  }

  #emit(event: AppEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#log.error('app event listener failed', { type: event.type, error: String(error) });
      }
    }
  }
}

/**
 * Host port on Electron: the shell UI in a BrowserWindow, one WebContentsView per app per user
 * partition below the shell bar. Every partition is in-memory (no "persist:"), so nothing of a
 * killed session survives a restart. Decisions live in the pure modules beside this file.
 */
import path from 'node:path';
import { app as electronApp, type WebContents, type WebContentsView } from 'electron';
import type { AppEvent, AppSpec, BrowserCardSignInResult, FormFill, Host, HostCookie, KeySignInPageRequest, ShellCommandHandler } from '../../core/ports/host.js';
import type { Log } from '../../core/ports/log.js';
import { IPC, type ShellView } from '../../core/shell-view.js';
import { createAppView, disposeAppView, type OpenApp } from './app-view.js';
import type { CardCertificateSignInRequest, CardCertificateSignInResult, ElectronCardSignIn } from './card-sign-in.js';
import { CardSignInError } from './card-sign-in-errors.js';
import { fromElectronCookie, toElectronCookie } from './cookies.js';
import { ElectronHostError } from './errors.js';
import { ElectronKeySignInPages } from './key-sign-in-page.js';
import { appAreaMoved, appViewBoundsFor } from './layout.js';
import type { GuardRegistry } from './navigation-wiring.js';
import { isUrlInOrigins } from './origins.js';
import { Partitions } from './partitions.js';
import { emptySession } from './session-hardening.js';
import { registerShellIpc } from './shell-ipc.js';
import { ShellFrame } from './shell-frame.js';
import { keyAction, type LanyardKey } from './lanyard-keys.js';
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
  /** Standard-profile card sign-in through the platform's card middleware (card-sign-in.ts). */
  cardSignIn?: Pick<ElectronCardSignIn, 'cardCertificateSignIn'>;
}

/** The shell's own in-memory partition: the default session would persist to disk. */
const SHELL_PARTITION = 'lanyard-shell';

export class ElectronHost implements Host {
  readonly #options: ElectronHostOptions;
  readonly #log: Log;
  readonly #listeners = new Set<(event: AppEvent) => void>();
  /** partition -> appId -> view */
  readonly #apps = new Map<string, Map<string, OpenApp>>();
  readonly #cleanups: (() => void)[] = [];
  readonly #partitions: Partitions;
  readonly #keyPages: ElectronKeySignInPages;
  #frame: ShellFrame | undefined;
  #lastView: ShellView | undefined;
  #shown: OpenApp | undefined;
  #fills: FormFills | undefined;
  #command: ShellCommandHandler | undefined;
  /** Lanyard is quitting or close() was called: windows and views may now close. */
  #closing = false;

  constructor(options: ElectronHostOptions) {
    this.#options = options;
    this.#log = options.log.child('electron-host');
    this.#partitions = new Partitions(this.#log,
      (partition) => [...(this.#apps.get(partition)?.values() ?? [])].flatMap((open) => open.allowedOrigins), options.permissions);
    this.#keyPages = new ElectronKeySignInPages({ log: this.#log, registry: options.registry, window: () => this.#frame?.live(),
      preloadPath: path.join(options.appRoot, 'dist', 'preload', 'webauthn.cjs') });
    this.keySignInPage = (request) => this.#keyPages.show(request);
  }

  async openShell(handler: ShellCommandHandler): Promise<void> {
    this.#partitions.harden(SHELL_PARTITION);
    this.#command = handler;
    const frame = new ShellFrame({
      appRoot: this.#options.appRoot, partition: SHELL_PARTITION, registry: this.#options.registry, log: this.#log,
      headless: this.#options.headless, devTools: this.#options.devTools, closing: () => this.#closing,
      layout: () => this.#layout(), loaded: () => this.#sendView(), key: (key) => this.#key(undefined, key),
      reopened: () => { if (this.#shown) this.#attach(this.#shown); this.#keyPages.reattach(); },
    });
    this.#frame = frame;
    // Electron's quit closes every window after 'before-quit'; only then may the shell close.
    const quitting = (): void => { this.#closing = true; };
    electronApp.on('before-quit', quitting);
    this.#cleanups.push(() => electronApp.removeListener('before-quit', quitting));
    this.#cleanups.push(registerShellIpc(() => this.#frame?.identity(), handler, this.#log));
    const fills = new FormFills(this.#log);
    this.#fills = fills;
    this.#cleanups.push(() => fills.unregister());
    this.#cleanups.push(registerTabIpc((contents) => this.#tabOf(contents), (tab, origin, report) => {
      this.#emit({ type: 'manual-login', partition: tab.partition, appId: tab.appId, origin, username: report.username, password: report.password });
    }, this.#log));
    await frame.open();
  }

  render(view: ShellView): void {
    const moved = appAreaMoved(view, this.#lastView);
    this.#lastView = view;
    this.#sendView();
    if (moved) this.#layout(); // the bar grew or shrank by a row or a message: the app follows
  }

  async createPartition(partition: string): Promise<void> {
    this.#partitions.harden(partition);
  }

  async addCookies(partition: string, cookies: readonly HostCookie[]): Promise<void> {
    const jar = this.#partitions.session(partition).cookies;
    for (const cookie of cookies) await jar.set(toElectronCookie(cookie));
  }

  async cookies(partition: string): Promise<HostCookie[]> {
    const all = await this.#partitions.session(partition).cookies.get({});
    return all.map(fromElectronCookie);
  }

  async openApp(partition: string, app: AppSpec): Promise<void> {
    const opening = this.#apps.get(partition)?.get(app.id);
    if (opening !== undefined) return opening.loading;
    if (!isUrlInOrigins(app.url, app.allowedOrigins)) {
      throw new ElectronHostError('APP_URL_NOT_ALLOWED',
        `${app.name} cannot open: its start page is outside the sites it is allowed to use. Ask IT to check the Lanyard policy for "${app.id}".`);
    }
    this.#partitions.harden(partition);
    const byApp = this.#apps.get(partition) ?? new Map<string, OpenApp>();
    const view = this.#createView(partition, app, () => open);
    const loading = loadAppPage(view.webContents, app.url).catch((cause: unknown) => {
      // Forget the broken tab so that opening the app again starts afresh.
      if (byApp.get(app.id) === open) byApp.delete(app.id);
      disposeAppView(open.view);
      throw new ElectronHostError('APP_LOAD_FAILED', `${app.name} did not load. Check the network cable or try again; if it keeps failing, tell IT.`, { cause });
    });
    const open: OpenApp = { partition, appId: app.id, allowedOrigins: app.allowedOrigins, app, view, loading };
    byApp.set(app.id, open);
    this.#apps.set(partition, byApp);
    await loading;
  }

  #createView(partition: string, app: AppSpec, open: () => OpenApp): WebContentsView {
    const view: WebContentsView = createAppView({
      partition, app, registry: this.#options.registry, log: this.#log, emit: (event) => this.#emit(event),
      tabPreloadPath: path.join(this.#options.appRoot, 'dist', 'preload', 'tab.cjs'),
      onKey: (key) => this.#key(open(), key), onClosedByPage: () => this.#closedByPage(open(), view),
    });
    return view;
  }

  /** A page that closed itself (window.close(): Electron emits 'close' and destroys the contents,
   * uncancellable) does not take its tab away: the station is told, as for a crash, and the tab
   * gets a new view of its app in the same partition, on screen again if it was. */
  #closedByPage(open: OpenApp, view: WebContentsView): void {
    if (this.#closing || open.view !== view || this.#apps.get(open.partition)?.get(open.appId) !== open) return;
    this.#log.warn('an app page closed itself: opening it again', { partition: open.partition, appId: open.appId });
    this.#emit({ type: 'app-crashed', partition: open.partition, appId: open.appId });
    const window = this.#frame?.live();
    if (window !== undefined) window.contentView.removeChildView(view);
    open.view = this.#createView(open.partition, open.app, () => open);
    open.loading = loadAppPage(open.view.webContents, open.app.url)
      .catch((error: unknown) => this.#log.warn('a closed app page did not open again', { appId: open.appId, error: String(error) }));
    if (this.#shown === open) this.#attach(open);
  }

  #key(from: OpenApp | undefined, key: LanyardKey): boolean {
    const shown = this.#shown?.view.webContents;
    const action = keyAction(key, from === undefined ? 'shell' : from === this.#shown ? 'shown-app' : 'hidden-app',
      { active: this.#lastView?.screen === 'active', appShown: shown !== undefined && !shown.isDestroyed() });
    if (action === 'lock') void this.#command?.({ type: 'lock' }).catch((error: unknown) => this.#log.warn('lock by shortcut failed', { error: String(error) }));
    else if (action === 'focus-app') shown?.focus();
    else if (action === 'focus-shell') this.#frame?.live()?.webContents.focus();
    return action !== undefined;
  }

  async showApp(partition: string, appId: string): Promise<void> {
    const target = this.#apps.get(partition)?.get(appId);
    if (target === undefined) throw new ElectronHostError('UNKNOWN_APP', `That app is not open for this user. Choose it again from the tabs.`);
    if (this.#frame?.live() === undefined) throw new ElectronHostError('SHELL_NOT_OPEN', 'The Lanyard window is not open. Restart Lanyard.');
    for (const open of this.#allApps()) if (open !== target) this.#detach(open);
    this.#shown = target;
    this.#attach(target);
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
    const window = this.#frame?.live();
    if (window !== undefined) window.webContents.focus();
  }

  async destroyPartition(partition: string): Promise<void> {
    for (const open of this.#apps.get(partition)?.values() ?? []) {
      this.#detach(open);
      if (this.#shown === open) this.#shown = undefined;
      disposeAppView(open.view);
    }
    this.#apps.delete(partition);
    this.#partitions.forget(partition);
    await emptySession(this.#partitions.session(partition));
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
    const window = this.#frame?.live();
    if (window?.isMinimized()) window.restore();
    window?.focus();
  }

  /** A card sign-in at the provider's certificate endpoint (card-sign-in.ts has the rules). */
  cardCertificateSignIn(request: CardCertificateSignInRequest): Promise<CardCertificateSignInResult> {
    return this.#options.cardSignIn?.cardCertificateSignIn(request) ?? Promise.reject(new CardSignInError('bad-request', 'this Electron host was built without card sign-in'));
  }

  /** A key sign-in on the provider's own page, over the app area (key-sign-in-page.ts). On Windows Electron's
   * platform WebAuthn answers the page and the credential it answered with is observed. */
  readonly keySignInPage: (request: KeySignInPageRequest) => Promise<BrowserCardSignInResult>;

  subscribe(listener: (event: AppEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#closing = true;
    await this.#keyPages.close();
    for (const partition of [...this.#apps.keys()]) await this.destroyPartition(partition);
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    this.#frame?.destroy();
    this.#listeners.clear();
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
    const window = this.#frame?.live();
    if (window !== undefined && window.contentView.children.includes(open.view)) {
      window.contentView.removeChildView(open.view);
    }
  }

  /** Puts `open`'s view on top of the shell's content, just below the bar, and shows it. */
  #attach(open: OpenApp): void {
    const window = this.#frame?.live();
    if (window === undefined) return;
    window.contentView.addChildView(open.view);
    this.#layout();
    open.view.setVisible(true);
  }

  #layout(): void {
    this.#keyPages.layout();
    const window = this.#frame?.live();
    if (window === undefined || this.#shown === undefined) return;
    const [width = 0, height = 0] = window.getContentSize();
    this.#shown.view.setBounds(appViewBoundsFor({ width, height }, this.#lastView));
  }

  #sendView(): void {
    const window = this.#frame?.live();
    if (this.#lastView === undefined || window === undefined) return;
    window.webContents.send(IPC.view, this.#lastView);
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

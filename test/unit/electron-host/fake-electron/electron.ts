/**
 * A stand-in for the slice of Electron's main-process API that main/host/electron uses, so the
 * host's wiring can run in plain Node (Electron's binary cannot be downloaded here). It records
 * what the host asked for and models Electron's documented behaviour where the host depends on
 * it; each modelled case cites its source (Electron 41 docs, or its lib/ source where the docs are
 * silent). It decides nothing of Lanyard's. Loaded in place of 'electron' by loader.mjs.
 */
import { EventEmitter } from 'node:events';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';

type Handler = (...args: unknown[]) => unknown;

/** An Electron-style event whose preventDefault is observable. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(fields: Record<string, unknown> = {}) {
    Object.assign(this, fields);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

/** What a URL does when a tab loads it (tests declare pages; anything else is a plain page). */
export interface FakePage {
  /** The page's script starts another main-frame navigation to this URL before it finishes loading
   * (JavaScript SSO hop, meta refresh, form_post auto-submit). */
  scriptRedirectTo?: string;
  /** The page has a login form (#u, #p, #go): the tab preload's fill finds its fields. */
  form?: boolean;
  /** Loading it fails with this net error (a TLS handshake refused, a bad server certificate…). */
  fail?: { errno: number; code: string };
}

/** Electron throws this for any use of a destroyed BrowserWindow or WebContents
 * (docs: "win.isDestroyed()", "contents.isDestroyed()"; lib/browser: "Object has been destroyed"). */
function destroyedError(): TypeError {
  return new TypeError('Object has been destroyed');
}

export const fake = {
  sessions: new Map<string, FakeSession>(),
  windows: [] as FakeBrowserWindow[],
  views: [] as FakeWebContentsView[],
  pages: new Map<string, FakePage>(),
  reset(): void {
    this.sessions.clear();
    this.windows.length = 0;
    this.views.length = 0;
    this.pages.clear();
    screen.reset();
    app.passwordHandler = undefined;
    ipcMain.handlers.clear();
    ipcMain.removeAllListeners();
    app.removeAllListeners();
    renderer.reset();
  },
};

/**
 * The renderer-side slice a preload uses (contextBridge, ipcRenderer, webFrame), recording what
 * it exposes to the page, runs in the page's main world and invokes: a preload imported here runs
 * as it would at its frame's start, with no page. contextBridge.exposeInMainWorld throws for a key
 * already exposed (docs: "Cannot bind an API on top of an existing property").
 */
export const renderer = {
  exposed: new Map<string, unknown>(),
  executed: [] as string[],
  invoked: [] as { channel: string; args: unknown[] }[],
  /** What main answers an invoke with. */
  answer: undefined as unknown,
  reset(): void {
    this.exposed.clear();
    this.executed.length = 0;
    this.invoked.length = 0;
    this.answer = undefined;
  },
};
export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    if (renderer.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
    renderer.exposed.set(key, api);
  },
};
export const ipcRenderer = {
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    renderer.invoked.push({ channel, args });
    return renderer.answer;
  },
};
export const webFrame = {
  async executeJavaScript(code: string): Promise<unknown> {
    renderer.executed.push(code);
    return undefined;
  },
};

let nextContentsId = 1;

const KEY_INPUT = new Set(['rawKeyDown', 'keyDown', 'keyUp', 'char']);

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  url = '';
  destroyed = false;
  crashed = false;
  loading = false;
  focused = false;
  reloads = 0;
  /** The current document's state (what a person typed): gone with the document. */
  fields = new Map<string, string>();
  sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: Handler | undefined;
  /** contents.mainFrame, a WebFrameMain: its committed URL, no parent (docs: "frame.parent ...
   * null if the frame is the top frame"), and the same object for as long as the frame lives. */
  readonly mainFrame = ((contents: FakeWebContents) => ({
    send: (channel: string, payload: unknown) => {
      contents.#alive();
      contents.sent.push({ channel, payload });
      contents.#tabPreload(channel, payload);
    },
    parent: null,
    detached: false,
    get url(): string { return contents.url; },
  }))(this);
  constructor(readonly webPreferences: Record<string, unknown>) {
    super();
    app.emit('web-contents-created', new FakeEvent(), this);
  }
  #alive(): void {
    if (this.destroyed) throw destroyedError();
  }
  #commit(url: string): void {
    this.url = url;
    this.fields = new Map();
    this.crashed = false;
    this.loading = false;
    this.emit('did-finish-load');
    this.emit('did-stop-loading');
  }
  /** contents.loadURL (docs: "Returns Promise<void> - the promise will resolve when the page has
   * finished loading (see did-finish-load), and rejects if the page fails to load (see
   * did-fail-load)"). Electron's lib/browser/api/web-contents.ts rejects it with errno -3,
   * code 'ERR_ABORTED' as soon as another main-frame document navigation starts
   * (did-start-navigation) before did-finish-load: what a page redirecting in script does. That
   * second navigation goes through will-navigate (renderer-initiated) and then finishes loading. */
  async loadURL(url: string): Promise<void> {
    this.#alive();
    this.loading = true;
    this.emit('did-start-navigation', new FakeEvent({ url, isMainFrame: true, isSameDocument: false }), url, false, true);
    const fail = url.includes('unreachable') ? { errno: -102, code: 'ERR_CONNECTION_REFUSED' } : fake.pages.get(url)?.fail;
    if (fail !== undefined) {
      this.loading = false;
      this.emit('did-fail-load', new FakeEvent(), fail.errno, fail.code, url, true);
      this.emit('did-stop-loading');
      throw Object.assign(new Error(`${fail.code} (${fail.errno}) loading '${url}'`), { errno: fail.errno, code: fail.code, url });
    }
    const next = fake.pages.get(url)?.scriptRedirectTo;
    if (next !== undefined) {
      const navigate = new FakeEvent({ url: next, isMainFrame: true });
      this.emit('will-navigate', navigate);
      if (!navigate.defaultPrevented) {
        this.emit('did-start-navigation', new FakeEvent({ url: next, isMainFrame: true, isSameDocument: false }), next, false, true);
        // The replacing navigation finishes later, after loadURL's promise has rejected.
        setImmediate(() => {
          if (this.destroyed) return;
          if (!next.includes('unreachable')) return this.#commit(next);
          this.loading = false;
          this.emit('did-fail-load', new FakeEvent(), -102, 'ERR_CONNECTION_REFUSED', next, true);
          this.emit('did-stop-loading');
        });
        throw Object.assign(new Error(`ERR_ABORTED (-3) loading '${next}'`), { errno: -3, code: 'ERR_ABORTED', url: next });
      }
    }
    this.#commit(url);
  }
  isLoading(): boolean {
    this.#alive();
    return this.loading;
  }
  /** contents.isCrashed(): "Whether the renderer process has crashed." Set by a
   * render-process-gone ("Emitted when the renderer process unexpectedly disappears"). */
  isCrashed(): boolean {
    this.#alive();
    return this.crashed;
  }
  /** Test helper: the renderer dies. */
  crash(): void {
    this.crashed = true;
    this.emit('render-process-gone', new FakeEvent(), { reason: 'crashed', exitCode: 139 });
  }
  /** Test helper: a person's input. `input-event` fires for every InputEvent type (docs:
   * "Event: 'input-event' ... Emitted when an input event is sent to the WebContents");
   * `before-input-event` only for keys (docs: "Emitted before dispatching the keydown and keyup
   * events in the page"). A crashed or destroyed tab gets no input. */
  input(type: string): void {
    if (this.destroyed || this.crashed) return;
    const event = { type };
    if (KEY_INPUT.has(type)) this.emit('before-input-event', new FakeEvent(), { type: type === 'keyUp' ? 'keyUp' : 'keyDown', key: 'a' });
    this.emit('input-event', new FakeEvent(), event);
  }
  /** Test helper: a person presses a key here. `before-input-event` (docs: "Calling
   * event.preventDefault will prevent the page keydown/keyup events") comes first; returns whether
   * the page got the key. Input fields per the docs' Input structure. */
  press(key: string, modifiers: { control?: boolean; alt?: boolean; shift?: boolean; meta?: boolean } = {}): boolean {
    if (this.destroyed || this.crashed) return false;
    const code = /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : key;
    const input = { type: 'keyDown', key, code, control: false, alt: false, shift: false, meta: false, isAutoRepeat: false, ...modifiers };
    const event = new FakeEvent();
    this.emit('before-input-event', event, input);
    if (!event.defaultPrevented) this.emit('input-event', new FakeEvent(), { type: 'rawKeyDown' });
    return !event.defaultPrevented;
  }
  /** Test helper: the page calls window.close(). Electron's WebContents::CloseContents
   * (shell/browser/api/electron_api_web_contents.cc) emits 'close', which cannot be cancelled,
   * then destroys the contents. */
  closeByPage(): void {
    if (this.destroyed) return;
    this.emit('close');
    this.close();
  }
  /** The tab preload's side of a form fill (preload/tab.ts, Lanyard's code, not Electron's): it
   * answers on the form-fill-result channel after looking for the fields. */
  #tabPreload(channel: string, payload: unknown): void {
    if (channel !== 'lanyard-tab:form-fill') return;
    const message = payload as { id: string; origin: string; fill: { username: string; password: string } };
    const origin = new URL(this.url).origin;
    const form = fake.pages.get(this.url)?.form === true;
    const outcome = message.origin !== origin ? 'wrong-origin' : form ? 'submitted' : 'fields-missing';
    if (outcome === 'submitted') {
      this.fields.set('#u', message.fill.username);
      this.fields.set('#p', message.fill.password);
    }
    setImmediate(() => ipcMain.emit('lanyard-tab:form-fill-result',
      { sender: this, senderFrame: { url: this.url, parent: null } }, { id: message.id, outcome }));
  }
  async loadFile(file: string): Promise<void> {
    this.url = `file://${file}`;
    this.emit('did-finish-load');
  }
  getURL(): string {
    this.#alive();
    return this.url;
  }
  send(channel: string, payload: unknown): void {
    this.#alive();
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(handler: Handler): void {
    this.windowOpenHandler = handler;
  }
  focus(): void {
    this.#alive();
    for (const other of [...fake.windows.map((w) => w.contentsForTest), ...fake.views.map((v) => v.webContents)]) other.focused = false;
    this.focused = true;
  }
  /** contents.reload(): a new document of the current URL (and a new renderer after a crash). */
  reload(): void {
    this.#alive();
    this.reloads += 1;
    this.#commit(this.url);
  }
  /** contents.close() ("Closes the page"); the contents then emits 'destroyed' and every method throws. */
  close(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroyed');
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeWebContentsView {
  readonly webContents: FakeWebContents;
  visible = true;
  bounds: unknown;
  constructor(options: { webPreferences: Record<string, unknown> }) {
    this.webContents = new FakeWebContents(options.webPreferences);
    fake.views.push(this);
  }
  setVisible(visible: boolean): void {
    this.visible = visible;
  }
  /** Shown to a person: attached to a live window and visible. */
  get shown(): boolean {
    return this.visible && fake.windows.some((w) => !w.destroyed && w.contentView.children.includes(this));
  }
  setBounds(bounds: unknown): void {
    this.bounds = bounds;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly #webContents: FakeWebContents;
  /** win.webContents: like every member of a destroyed BrowserWindow, it throws once destroyed. */
  get webContents(): FakeWebContents {
    if (this.destroyed) throw destroyedError();
    return this.#webContents;
  }
  readonly contentView = {
    children: [] as FakeWebContentsView[],
    addChildView: (view: FakeWebContentsView) => {
      this.contentView.children = [...this.contentView.children.filter((v) => v !== view), view];
    },
    removeChildView: (view: FakeWebContentsView) => {
      this.contentView.children = this.contentView.children.filter((v) => v !== view);
    },
  };
  contentSize: [number, number] = [1366, 768];
  bounds: { x: number; y: number; width: number; height: number };
  menu: unknown = 'default';
  destroyed = false;
  constructor(readonly options: { webPreferences: Record<string, unknown>; x?: number; y?: number; width?: number; height?: number; frame?: boolean; show?: boolean }) {
    super();
    // docs: width/height default 800x600; a frameless window's content is the whole window.
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
    this.contentSize = [this.bounds.width, this.bounds.height];
    this.#webContents = new FakeWebContents(options.webPreferences);
    fake.windows.push(this);
  }
  /** The contents even after destruction (tests only). */
  get contentsForTest(): FakeWebContents {
    return this.#webContents;
  }
  /** win.setBounds. Whether the platform then emits 'resize' varies; the fake does not, so the
   * host must lay out its views itself. */
  setBounds(bounds: { x: number; y: number; width: number; height: number }): void {
    if (this.destroyed) throw destroyedError();
    this.bounds = { ...bounds };
    if (this.options.frame === false) this.contentSize = [bounds.width, bounds.height];
  }
  getBounds(): { x: number; y: number; width: number; height: number } {
    return { ...this.bounds };
  }
  /** win.close(): "Try to close the window. This has the same effect as a user manually clicking
   * the close button of the window." 'close' is emitted; preventDefault() cancels it (docs,
   * "Event: 'close'"); otherwise the window is destroyed and emits 'closed'. */
  close(): void {
    if (this.destroyed) return;
    const event = new FakeEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }
  loadFile(file: string): Promise<void> {
    return this.webContents.loadFile(file);
  }
  setMenu(menu: unknown): void {
    this.menu = menu;
  }
  getContentSize(): [number, number] {
    return this.contentSize;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
  show(): void {}
  destroy(): void {
    this.destroyed = true;
    this.#webContents.close();
    this.emit('closed');
  }
}

export class FakeSession extends EventEmitter {
  cookieJar: Record<string, unknown>[] = [];
  /** origin -> localStorage of this partition. */
  storage = new Map<string, Map<string, string>>();
  cleared: string[] = [];
  permissionRequest: Handler | undefined;
  permissionCheck: Handler | undefined;
  devicePermission: Handler | undefined;
  readonly cookies = {
    get: async () => this.cookieJar,
    set: async (details: Record<string, unknown>) => {
      this.cookieJar.push(details);
    },
  };
  setPermissionRequestHandler(handler: Handler): void {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: Handler): void {
    this.permissionCheck = handler;
  }
  setDevicePermissionHandler(handler: Handler): void {
    this.devicePermission = handler;
  }
  /** ses.clearStorageData(): with no options, every storage type, cookies included. */
  async clearStorageData(): Promise<void> {
    this.cleared.push('storage');
    this.cookieJar = [];
    this.storage.clear();
  }
  async clearData(): Promise<void> {
    this.cleared.push('data');
    this.cookieJar = [];
    this.storage.clear();
  }
  async clearHostResolverCache(): Promise<void> {
    this.cleared.push('host-resolver');
  }
  /** Test helper: a page asks to download `url` (ses 'will-download': "Calling
   * event.preventDefault() will cancel the download"). Returns whether it would be saved. */
  download(url: string): boolean {
    const event = new FakeEvent();
    this.emit('will-download', event, { getURL: () => url, getFilename: () => 'file' }, undefined);
    return !event.defaultPrevented;
  }
  async clearCache(): Promise<void> {
    this.cleared.push('cache');
  }
  async clearAuthCache(): Promise<void> {
    this.cleared.push('auth');
  }
  async closeAllConnections(): Promise<void> {
    this.cleared.push('connections');
  }
}

export const session = {
  fromPartition(partition: string): FakeSession {
    const existing = fake.sessions.get(partition);
    if (existing) return existing;
    const created = new FakeSession();
    fake.sessions.set(partition, created);
    return created;
  },
  get defaultSession(): FakeSession {
    return session.fromPartition('');
  },
};

class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}
export const ipcMain = new FakeIpcMain();

class FakeApp extends EventEmitter {
  passwordHandler: ((params: { hostname: string; tokenName: string; isRetry: boolean }) => Promise<string>) | undefined;
  async whenReady(): Promise<void> {}
  /** app.setClientCertRequestPasswordHandler (Electron >= 33; electron.d.ts: the handler takes
   * ClientCertRequestParams { hostname, tokenName, isRetry } and returns Promise<string>). */
  setClientCertRequestPasswordHandler(handler: FakeApp['passwordHandler']): void {
    this.passwordHandler = handler;
  }
}

interface FakeDisplay {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
  workArea: { x: number; y: number; width: number; height: number };
}

/** screen: the primary display, and the events Electron emits when displays change (docs,
 * "screen" events 'display-added', 'display-removed', 'display-metrics-changed'). */
class FakeScreen extends EventEmitter {
  primary: FakeDisplay = FakeScreen.display(1, 1366, 768);
  static display(id: number, width: number, height: number, taskbar = 40): FakeDisplay {
    return { id, bounds: { x: 0, y: 0, width, height }, workArea: { x: 0, y: 0, width, height: height - taskbar } };
  }
  getPrimaryDisplay(): FakeDisplay {
    return this.primary;
  }
  reset(): void {
    this.primary = FakeScreen.display(1, 1366, 768);
    this.removeAllListeners();
  }
  /** Test helper: the primary display changes (resolution, scaling, or another display becomes primary). */
  change(next: FakeDisplay, event: 'display-metrics-changed' | 'display-removed' = 'display-metrics-changed'): void {
    const old = this.primary;
    this.primary = next;
    if (event === 'display-removed') this.emit(event, new FakeEvent(), old);
    else this.emit(event, new FakeEvent(), next, ['workArea']);
  }
}
export const screen = new FakeScreen();
export const app = new FakeApp();

/**
 * net.request over Node's http, with the ClientRequest behaviour the provider fetch relies on
 * (Electron docs, "Class: ClientRequest"; lib/common/api/net-client-request.ts):
 * - redirect 'manual': the 'redirect' event (statusCode, method, redirectUrl, responseHeaders)
 *   fires and, unless followRedirect() or abort() is called in it, the request fails with
 *   "Redirect was cancelled";
 * - 'response' gives an IncomingMessage whose headers are lower-cased, set-cookie always an array
 *   (docs, "response.headers"), which is what Node's http gives too;
 * - abort() ends the request with no error event.
 * Each request is recorded with its options, so tests see the session and credentials used.
 */
export class FakeClientRequest extends EventEmitter {
  readonly headers: Record<string, string> = {};
  #body: Buffer[] = [];
  #aborted = false;
  constructor(readonly options: { url: string; method?: string; session?: unknown; credentials?: string; redirect?: string }) {
    super();
    net.requests.push(this);
  }
  setHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }
  write(chunk: string | Buffer): void {
    this.#body.push(Buffer.from(chunk));
  }
  abort(): void {
    this.#aborted = true;
  }
  end(): void {
    const outgoing = httpRequest(this.options.url, { method: this.options.method ?? 'GET', headers: this.headers }, (res: IncomingMessage) => {
      if (this.#aborted) return void res.resume();
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location !== undefined && this.options.redirect === 'manual') {
        res.resume();
        const headers: Record<string, string[]> = {};
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value : [value];
        this.emit('redirect', status, this.options.method ?? 'GET', new URL(res.headers.location, this.options.url).href, headers);
        // followRedirect() is not modelled: nothing of Lanyard's follows a redirect this way.
        if (!this.#aborted) this.emit('error', new Error('Redirect was cancelled'));
        return;
      }
      const message = Object.assign(new PassThrough(), { statusCode: status, statusMessage: res.statusMessage ?? '', headers: res.headers });
      this.emit('response', message);
      res.pipe(message);
    });
    outgoing.on('error', (error) => { if (!this.#aborted) this.emit('error', error); });
    outgoing.end(Buffer.concat(this.#body));
  }
}

export const net = {
  requests: [] as FakeClientRequest[],
  request(options: ConstructorParameters<typeof FakeClientRequest>[0]): FakeClientRequest {
    return new FakeClientRequest(options);
  },
};

export { FakeBrowserWindow as BrowserWindow, FakeWebContentsView as WebContentsView };

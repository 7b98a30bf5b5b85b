/**
 * A stand-in for the slice of Electron's main-process API that main/host/electron uses, so the
 * host's wiring can run in plain Node (Electron's binary cannot be downloaded here). It records
 * what the host asked for; it decides nothing. Loaded in place of 'electron' by loader.mjs.
 */
import { EventEmitter } from 'node:events';

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

export const fake = {
  sessions: new Map<string, FakeSession>(),
  windows: [] as FakeBrowserWindow[],
  views: [] as FakeWebContentsView[],
  reset(): void {
    this.sessions.clear();
    this.windows.length = 0;
    this.views.length = 0;
    ipcMain.handlers.clear();
    ipcMain.removeAllListeners();
    app.removeAllListeners();
  },
};

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  url = '';
  destroyed = false;
  focused = false;
  sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: Handler | undefined;
  readonly mainFrame = { send: (channel: string, payload: unknown) => this.sent.push({ channel, payload }) };
  constructor(readonly webPreferences: Record<string, unknown>) {
    super();
    app.emit('web-contents-created', new FakeEvent(), this);
  }
  async loadURL(url: string): Promise<void> {
    if (url.includes('unreachable')) throw new Error('ERR_CONNECTION_REFUSED');
    this.url = url;
    this.emit('did-finish-load');
  }
  async loadFile(file: string): Promise<void> {
    this.url = `file://${file}`;
    this.emit('did-finish-load');
  }
  getURL(): string {
    return this.url;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(handler: Handler): void {
    this.windowOpenHandler = handler;
  }
  focus(): void {
    this.focused = true;
  }
  reload(): void {}
  close(): void {
    this.destroyed = true;
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
  setBounds(bounds: unknown): void {
    this.bounds = bounds;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents: FakeWebContents;
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
  menu: unknown = 'default';
  destroyed = false;
  constructor(readonly options: { webPreferences: Record<string, unknown> }) {
    super();
    this.webContents = new FakeWebContents(options.webPreferences);
    fake.windows.push(this);
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
  }
}

export class FakeSession extends EventEmitter {
  cookieJar: Record<string, unknown>[] = [];
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
  async clearStorageData(): Promise<void> {
    this.cleared.push('storage');
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
  async whenReady(): Promise<void> {}
}
export const app = new FakeApp();

export { FakeBrowserWindow as BrowserWindow, FakeWebContentsView as WebContentsView };

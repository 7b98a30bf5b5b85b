/**
 * The shell's window for the host's lifetime: created, kept on the primary display, refused
 * closing while Lanyard runs, and opened again at once should it ever close anyway (then the host
 * puts back the latest view and the app that was on screen). Lanyard's keys are read in it.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindow } from 'electron';
import type { Log } from '../../core/ports/log.js';
import { installLanyardKeys, type LanyardKey } from './lanyard-keys.js';
import type { GuardRegistry } from './navigation-wiring.js';
import { originForLog } from './origins.js';
import { createShellWindow, followPrimaryDisplay, refuseShellClose } from './shell-window.js';

export interface ShellFrameOptions {
  appRoot: string;
  partition: string;
  registry: GuardRegistry;
  log: Log;
  headless?: boolean | undefined;
  devTools?: boolean | undefined;
  /** Lanyard is quitting or the host closing: the window may close now. */
  closing(): boolean;
  /** The window's content size changed: lay the app view out again. */
  layout(): void;
  /** A new window replaced one that closed: put the view and the app on screen back. */
  reopened(): void;
  /** The shell page (re)loaded: send it the latest view. */
  loaded(): void;
  /** Ctrl+Alt+L or F6 in the shell; true when acted on. */
  key(key: LanyardKey): boolean;
}

export class ShellFrame {
  readonly url: string;
  readonly #indexPath: string;
  #window: BrowserWindow | undefined;

  constructor(private readonly options: ShellFrameOptions) {
    this.#indexPath = path.join(options.appRoot, 'dist', 'renderer', 'index.html');
    this.url = pathToFileURL(this.#indexPath).href;
  }

  /** What the shell's IPC sender must be: this window's contents, on the shell's URL (shell-ipc.ts). */
  identity(): { webContentsId: number; url: string } | undefined {
    const window = this.live();
    return window === undefined ? undefined : { webContentsId: window.webContents.id, url: this.url };
  }

  /** The window, while it exists. */
  live(): BrowserWindow | undefined {
    const window = this.#window;
    return window === undefined || window.isDestroyed() ? undefined : window;
  }

  async open(): Promise<void> {
    const { log } = this.options;
    const window = createShellWindow({ appRoot: this.options.appRoot, partition: this.options.partition, devTools: this.options.devTools });
    this.#window = window;
    // The shell never navigates: an empty allow-list refuses everything.
    this.options.registry.set(window.webContents, {
      allowedOrigins: [],
      onRefused: (url, reason) => log.warn('shell navigation refused', { reason, origin: originForLog(url) }),
    });
    const mayClose = refuseShellClose(window, () => this.options.closing(), log);
    const unfollow = followPrimaryDisplay(window, () => this.options.layout());
    window.on('resize', () => this.options.layout());
    window.on('closed', () => {
      unfollow();
      if (mayClose() || this.#window !== window) return;
      log.error('the Lanyard window closed while Lanyard runs; opening it again');
      this.#window = undefined;
      void this.open().then(() => this.options.reopened())
        .catch((error: unknown) => log.error('the Lanyard window could not be opened again', { error: String(error) }));
    });
    window.webContents.on('did-finish-load', () => this.options.loaded());
    window.webContents.on('render-process-gone', (_event, details) => {
      log.error('shell renderer gone; reloading', { reason: details.reason });
      if (!window.isDestroyed()) window.webContents.reload();
    });
    installLanyardKeys(window.webContents, (key) => this.options.key(key));
    if (this.options.headless !== true) window.once('ready-to-show', () => window.show());
    await window.loadFile(this.#indexPath);
  }

  destroy(): void {
    this.live()?.destroy();
    this.#window = undefined;
  }
}

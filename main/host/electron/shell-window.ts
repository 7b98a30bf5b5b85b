/**
 * The shell's BrowserWindow: one frameless, menu-less window covering the primary display's work
 * area (the taskbar stays visible), following that display when it changes, and closed only when
 * Lanyard quits. Kept apart from the host's app/partition wiring.
 */
import path from 'node:path';
import { BrowserWindow, screen, type Rectangle } from 'electron';
import type { Log } from '../../core/ports/log.js';

export interface ShellWindowOptions {
  /** Folder holding dist/ (app.getAppPath()). */
  appRoot: string;
  /** The shell's own in-memory partition. */
  partition: string;
  devTools?: boolean | undefined;
}

/** Where the shell goes: the primary display's work area, whole pixels. */
export function shellBounds(): Rectangle {
  const { x, y, width, height } = screen.getPrimaryDisplay().workArea;
  return { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) };
}

/** A hidden window for the shell UI; the caller shows it once ready. No frame, so no title bar,
 * × or system menu a person could close, move or shrink it with; no menu, so no accelerators
 * (Ctrl+W, Ctrl+R, Ctrl+Shift+I) a person could reach (main.ts also clears the application menu). */
export function createShellWindow(options: ShellWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    ...shellBounds(),
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    show: false,
    title: 'Lanyard',
    autoHideMenuBar: true,
    webPreferences: {
      partition: options.partition,
      preload: path.join(options.appRoot, 'dist', 'preload', 'shell.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: options.devTools ?? false,
    },
  });
  window.setMenu(null);
  return window;
}

/** Keeps `window` on the primary display's work area when displays change (a monitor unplugged,
 * resolution or scaling changed, the primary moved), then calls `relayout` so the app view below
 * the bar follows: Electron emits 'resize' for a window the platform resized, not for every
 * setBounds. Returns a function that stops following. */
export function followPrimaryDisplay(window: BrowserWindow, relayout: () => void): () => void {
  const refit = (): void => {
    if (window.isDestroyed()) return;
    window.setBounds(shellBounds());
    relayout();
  };
  screen.on('display-metrics-changed', refit);
  screen.on('display-removed', refit);
  screen.on('display-added', refit);
  return () => {
    screen.removeListener('display-metrics-changed', refit);
    screen.removeListener('display-removed', refit);
    screen.removeListener('display-added', refit);
  };
}

/** Alt+F4, the taskbar's "Close window", or a script's window.close() on the shell page: refused
 * ('close' is cancellable, Electron docs "Event: 'close'") unless Lanyard itself is closing, or
 * Windows is shutting down or logging the user off ('session-end': 'before-quit' is not emitted
 * then, and a refused close would hold up the shutdown). Returns whether the window may close now. */
export function refuseShellClose(window: BrowserWindow, closing: () => boolean, log: Log): () => boolean {
  let sessionEnding = false;
  window.on('session-end', () => { sessionEnding = true; });
  const mayClose = (): boolean => closing() || sessionEnding;
  window.on('close', (event) => {
    if (mayClose()) return;
    event.preventDefault();
    log.warn('closing the Lanyard window was refused: Lanyard closes only when it quits');
  });
  return mayClose;
}

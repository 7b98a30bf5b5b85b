/** Builds the shell's BrowserWindow with its locked-down web preferences, kept apart from the host's app/partition wiring. */
import path from 'node:path';
import { BrowserWindow } from 'electron';

export interface ShellWindowOptions {
  /** Folder holding dist/ (app.getAppPath()). */
  appRoot: string;
  /** The shell's own in-memory partition. */
  partition: string;
  devTools?: boolean | undefined;
}

/** A hidden, menu-less window for the shell UI; the caller shows it once ready. */
export function createShellWindow(options: ShellWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1366,
    height: 768,
    minWidth: 800,
    minHeight: 600,
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

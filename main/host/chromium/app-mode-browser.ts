/**
 * One Chromium process whose every window is an app window: no tab strip, address bar, new-tab
 * button or browser menu. Chromium draws such windows only in `--app` mode, which applies to a
 * process's own profile, not to the in-memory contexts Playwright adds, so the shell and each user
 * partition get a process of their own, on a fresh profile folder deleted when it closes (by the
 * watchdog if Lanyard dies first).
 *
 * The process starts with one app window, the launcher: an inert data: page (no script of its own)
 * that stays minimised. Every further window is a popup the launcher opens (an app's popup is an app
 * window too), or, if a person closed the launcher, another of the process's own windows does
 * (window-opener.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Log } from '../../core/ports/log.js';
import { BrowserWatchdog } from './browser-watchdog.js';
import { chromiumCommandLine } from './chromium-args.js';
import { refuseDevtoolsWindows } from './devtools-windows.js';
import { ChromiumHostError } from './errors.js';
import type { WindowControl } from './window-state.js';
import { WindowOpener } from './window-opener.js';

export interface AppModeLaunch {
  headless: boolean;
  executablePath: string;
  /** Headless pages' size; a real window's pages follow their window. */
  viewport: { width: number; height: number } | null;
  windows: WindowControl;
  /** Where a lost launcher window is reported. */
  log?: Log;
}

const PROFILE_PREFIX = 'lanyard-chromium-';
/** A profile folder younger than this may belong to a Chromium still starting in another Lanyard. */
const LEFTOVER_AGE_MS = 60_000;
export const LAUNCHER_URL = 'data:text/html,<title>Lanyard</title>';
const OFF_SCREEN_X = -32000;
const OPEN_TIMEOUT_MS = 10_000;
/** A profile on disk (unlike Playwright's in-memory contexts) would offer to save passwords and
 * addresses in a bubble over the app: Lanyard's keychain does that, for the person signed in.
 * (DevTools cannot be turned off here: `devtools.availability` 2 also refuses Playwright's own
 * connection to every page, and Chromium never starts; devtools-windows.ts closes them instead.) */
const PROFILE_PREFERENCES = {
  credentials_enable_service: false,
  profile: { password_manager_enabled: false },
  autofill: { profile_enabled: false, credit_card_enabled: false },
};

export class AppModeBrowser {
  private opening: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly context: BrowserContext,
    private readonly opener: WindowOpener,
    private readonly watchdog: BrowserWatchdog,
    private readonly profileDir: string,
  ) {}

  static async launch(options: AppModeLaunch): Promise<AppModeBrowser> {
    const { headless, executablePath, viewport } = options;
    const commandLine = chromiumCommandLine(process.getuid?.());
    // The marker finds this very browser process for the watchdog.
    const marker = `--lanyard-host=${randomUUID()}`;
    // Off screen: the launcher never covers the shell (a user's process starts while the shell is in
    // use), and popups open where their opener is, so every window starts off screen until the host
    // places it.
    const window = headless ? [] : [`--window-position=${OFF_SCREEN_X},0`, '--window-size=1366,768'];
    const profileDir = await mkdtemp(join(tmpdir(), PROFILE_PREFIX));
    let context: BrowserContext | undefined;
    try {
      await mkdir(join(profileDir, 'Default'));
      await writeFile(join(profileDir, 'Default', 'Preferences'), JSON.stringify(PROFILE_PREFERENCES));
      context = await chromium.launchPersistentContext(profileDir, {
        headless, executablePath, viewport, acceptDownloads: false,
        // basic: Chromium keeps its cookie key to itself instead of asking the OS keychain (or its unlock prompt).
        args: [...commandLine.args, ...window, marker, '--password-store=basic', `--app=${LAUNCHER_URL}`],
        // Playwright's own start page would be a second, ordinary browser window.
        ignoreDefaultArgs: ['about:blank'],
      });
      const watchdog = await BrowserWatchdog.arm(marker, profileDir);
      await refuseDevtoolsWindows(context);
      const page = context.pages()[0] ?? await context.waitForEvent('page', { timeout: OPEN_TIMEOUT_MS });
      const opener = new WindowOpener(context, page, LAUNCHER_URL, (launcher) => options.windows.set(launcher, 'minimized'), options.log);
      await options.windows.set(page, 'minimized');
      return new AppModeBrowser(context, opener, watchdog, profileDir);
    } catch (cause) {
      await context?.close().catch(() => undefined);
      await rm(profileDir, { recursive: true, force: true });
      if (cause instanceof ChromiumHostError) throw cause;
      throw new ChromiumHostError('BROWSER_NOT_STARTED', 'Chromium did not start in app mode', { cause });
    }
  }

  /** Deletes the profile folders a Lanyard left when the PC lost power (the watchdog deletes them
   * when only Lanyard dies): those whose Chromium no longer runs. Returns how many went. */
  static async sweepLeftovers(): Promise<number> {
    let swept = 0;
    for (const name of await readdir(tmpdir()).catch(() => [] as string[])) {
      if (!name.startsWith(PROFILE_PREFIX)) continue;
      const dir = join(tmpdir(), name);
      const info = await stat(dir).catch(() => undefined);
      if (!info?.isDirectory() || info.uid !== process.getuid?.() || Date.now() - info.mtimeMs < LEFTOVER_AGE_MS) continue;
      if (await chromiumRunsOn(dir)) continue;
      await rm(dir, { recursive: true, force: true });
      swept++;
    }
    return swept;
  }

  /** A new app window (at about:blank). One at a time, so each popup of the launcher is the one asked for. */
  openWindow(): Promise<Page> {
    const next = this.opening.catch(() => undefined).then(() => this.openOne());
    this.opening = next;
    return next;
  }

  /** False if this process can open no more windows (its launcher closed while it had no other). */
  canOpenWindows(): boolean {
    return !this.closed && this.opener.canOpen();
  }

  /** Whether `page` is one of this process's launcher windows (a replacement appears as a new page). */
  isLauncher(page: Page): Promise<boolean> {
    return this.opener.isLauncher(page);
  }

  /** Closes the process and deletes its profile: the user's cookies, storage and cache go with it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.context.close().catch(() => undefined);
    this.watchdog.disarm();
    await rm(this.profileDir, { recursive: true, force: true });
  }

  private async openOne(): Promise<Page> {
    if (this.closed) throw new ChromiumHostError('BROWSER_NOT_STARTED', 'this browser is closed');
    return this.opener.open();
  }
}

/** Chromium's SingletonLock in a profile is a symbolic link to "host-pid" of the process using it. */
async function chromiumRunsOn(dir: string): Promise<boolean> {
  const lock = await readlink(join(dir, 'SingletonLock')).catch(() => undefined);
  const pid = Number(lock?.slice(lock.lastIndexOf('-') + 1));
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * How an app-mode Chromium process (app-mode-browser.ts) gets a new app window: a popup opened from
 * an isolated world of one of its own windows, through main's DevTools session, with a user
 * gesture, so no page can open one and the popup blocker lets it through. The opener is the
 * launcher while it is there. A person can close the launcher (a window manager's close on a
 * minimised window) and its renderer can crash: a crashed launcher is loaded again, and a closed
 * one is replaced at once by a popup of another window this process opened (the shell, an app tab),
 * placed where the launcher was; until then that window opens the next one, so Lanyard can always
 * open a tab. Only if every window of the process is gone can it open none. Each popup is named with a one-time token only main knows, which
 * tells it from a popup an app opened at the same moment; the name is cleared before anyone uses it.
 */
import { randomUUID } from 'node:crypto';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { Log } from '../../core/ports/log.js';
import { ChromiumHostError } from './errors.js';

const OPENER_WORLD = 'lanyard-launcher';
const OPEN_TIMEOUT_MS = 10_000;

/** Popups: `noopener` so no app page holds a reference to another window of its user. */
const openExpression = (token: string): string => `void window.open('about:blank', '${token}', 'popup,noopener,width=1366,height=768')`;

export class WindowOpener {
  /** Windows this process opened that are still open: openers when the launcher is gone. */
  private readonly own = new Set<Page>();
  /** Every launcher this process had: none of them is anyone's page (isLauncher). */
  private readonly launchers = new WeakSet<Page>();
  private launcherLost: string | undefined;
  private replacing: Promise<void> = Promise.resolve();

  constructor(
    private readonly context: BrowserContext,
    private launcher: Page,
    private readonly launcherUrl: string,
    private readonly hide: (launcher: Page) => Promise<void>,
    private readonly log: Log | undefined,
  ) {
    this.watch(launcher);
  }

  /** Whether `page` is (or was) a launcher, not a window anyone asked for: a host's handler of new
   * pages asks before it closes a page as a stray popup. */
  async isLauncher(page: Page): Promise<boolean> {
    await this.replacing;
    return this.launchers.has(page);
  }

  private watch(launcher: Page): void {
    this.launchers.add(launcher);
    launcher.on('close', () => {
      if (this.launcher !== launcher) return;
      this.lost('closed');
      this.replacing = this.replaceLauncher().catch((error: unknown) => {
        this.log?.warn('no new launcher window: the next window opens from another one', { error: String(error) });
      });
    });
    launcher.on('crash', () => {
      if (this.launcher !== launcher) return;
      this.lost('crashed');
      void this.reloadLauncher();
    });
  }

  /** A popup of one of the process's own windows becomes the launcher, hidden where the old one was. */
  private async replaceLauncher(): Promise<void> {
    const token = `lanyard-${randomUUID()}`;
    const next = this.popup(token);
    try {
      await this.openFromInTime(this.opener(), token);
    } catch (error) {
      next.cancel();
      throw error;
    }
    const page = await next.page;
    this.launcher = page;
    this.launcherLost = undefined;
    this.watch(page);
    await this.hide(page);
    this.log?.info('a new launcher window replaced the closed one');
  }

  /** The popup named `token`, once it appears. */
  private popup(token: string): { page: Promise<Page>; cancel(): void } {
    let stop = (): void => undefined;
    const page = new Promise<Page>((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new ChromiumHostError('WINDOW_NOT_OPENED', 'Chromium opened no app window'));
      }, OPEN_TIMEOUT_MS);
      const onPage = (candidate: Page): void => {
        void nameOf(candidate).then(async (name) => {
          if (name !== token) return;
          stop();
          await candidate.evaluate(() => { window.name = ''; }).catch(() => undefined);
          resolve(candidate);
        });
      };
      stop = () => {
        clearTimeout(timer);
        this.context.off('page', onPage);
      };
      this.context.on('page', onPage);
    });
    page.catch(() => undefined); // awaited only after openFrom: its timeout must not go unhandled meanwhile
    return { page, cancel: () => stop() };
  }

  /** Opens one window (the caller makes it one at a time) and returns it, at about:blank. */
  async open(): Promise<Page> {
    await this.replacing;
    const token = `lanyard-${randomUUID()}`;
    const mine = this.popup(token);
    try {
      await this.openFromInTime(this.opener(), token);
    } catch (cause) {
      mine.cancel();
      throw new ChromiumHostError('WINDOW_NOT_OPENED', 'no window of this browser could open an app window', { cause });
    }
    const page = await mine.page;
    this.own.add(page);
    page.on('close', () => this.own.delete(page));
    return page;
  }

  /** False once the launcher is gone with no other window to open one from: this process is done. */
  canOpen(): boolean {
    return this.launcherLost === undefined || [...this.own].some((page) => !page.isClosed());
  }

  private opener(): Page {
    if (this.launcherLost === undefined) return this.launcher;
    const other = [...this.own].find((page) => !page.isClosed());
    if (!other) throw new ChromiumHostError('WINDOW_NOT_OPENED', `the launcher window ${this.launcherLost} and no other window is open`);
    return other;
  }

  /** openFrom, given up after the open timeout: an opener that is an app window may be hung. */
  private async openFromInTime(page: Page, token: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ChromiumHostError('WINDOW_NOT_OPENED', 'the opening window did not answer')), OPEN_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.openFrom(page, token), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async openFrom(page: Page, token: string): Promise<void> {
    const cdp: CDPSession = await this.context.newCDPSession(page);
    try {
      const { targetInfo } = await cdp.send('Target.getTargetInfo');
      const { executionContextId } = await cdp.send('Page.createIsolatedWorld', { frameId: targetInfo.targetId, worldName: OPENER_WORLD });
      await cdp.send('Runtime.evaluate', { expression: openExpression(token), contextId: executionContextId, userGesture: true });
    } finally {
      await cdp.detach().catch(() => undefined);
    }
  }

  private lost(why: 'closed' | 'crashed'): void {
    if (this.launcherLost !== undefined) return;
    this.launcherLost = why;
    this.log?.warn(`the launcher window ${why}: new windows open from another window of this browser`, { why });
  }

  /** A crashed launcher gets a new renderer: its target (and Chromium's window) is still there. */
  private async reloadLauncher(): Promise<void> {
    try {
      const cdp = await this.context.newCDPSession(this.launcher);
      await cdp.send('Page.navigate', { url: this.launcherUrl });
      await cdp.detach().catch(() => undefined);
      this.launcherLost = undefined;
      this.log?.info('the launcher window was loaded again after its crash');
    } catch (error) {
      this.log?.warn('the crashed launcher window could not be loaded again', { error: String(error) });
    }
  }
}

async function nameOf(page: Page): Promise<string | undefined> {
  return page.evaluate(() => window.name).catch(() => undefined);
}

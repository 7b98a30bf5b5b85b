/** The Chromium host's user partitions, each a Chromium process of its own (app-mode-browser.ts),
 * split out of chromium-host.ts: starting one once however often it is asked for, closing one that
 * was destroyed while it was still starting, and keeping one spare process started ahead, so the
 * next user's sign-in does not wait for Chromium to start (a spare holds nobody's data until taken). */
import type { Log } from '../../core/ports/log.js';
import { ChromiumHostError } from './errors.js';
import type { AppModeBrowser } from './app-mode-browser.js';

export class Partitions {
  private readonly running = new Map<string, AppModeBrowser>();
  private readonly starting = new Map<string, Promise<AppModeBrowser>>();
  private spare: Promise<AppModeBrowser> | undefined;
  /** removeAll was called: the host is closing, no spare starts any more. */
  private closed = false;

  constructor(private readonly launch: () => Promise<AppModeBrowser>, private readonly log: Log) {}

  get(partition: string): AppModeBrowser | undefined {
    return this.running.get(partition);
  }

  require(partition: string): AppModeBrowser {
    const browser = this.running.get(partition);
    if (!browser) throw new ChromiumHostError('NO_PARTITION', `no partition ${partition}`);
    return browser;
  }

  /** Starts a spare process if there is none. */
  warm(): void {
    if (this.spare || this.closed) return;
    const spare = this.launch();
    this.spare = spare;
    spare.catch((error: unknown) => {
      if (this.spare === spare) this.spare = undefined;
      this.log.warn('spare browser did not start', { error: String(error) });
    });
  }

  /** Gives the partition a browser (the spare, or a new one), made ready by `prepare`, unless it
   * runs or is starting already; then starts the next spare. */
  async start(partition: string, prepare: (browser: AppModeBrowser) => Promise<void>): Promise<void> {
    if (this.running.has(partition)) return;
    let starting = this.starting.get(partition);
    if (!starting) {
      const spare = this.spare;
      this.spare = undefined;
      starting = (spare ? spare.then((ready) => this.usable(ready)).catch(() => this.launch()) : this.launch()).then(async (browser) => {
        await prepare(browser);
        return browser;
      });
      this.starting.set(partition, starting);
    }
    try {
      const browser = await starting;
      if (this.starting.get(partition) === starting) this.running.set(partition, browser);
      else if (this.running.get(partition) !== browser) await browser.close(); // destroyed (or closed) while it started
    } finally {
      if (this.starting.get(partition) === starting) this.starting.delete(partition);
    }
    this.warm();
  }

  /** The spare as it is, or, if it can open no window any more (a person closed its launcher, its
   * only window), a new process in its place. */
  private async usable(spare: AppModeBrowser): Promise<AppModeBrowser> {
    if (spare.canOpenWindows()) return spare;
    this.log.warn('the spare browser lost its only window: starting another');
    await spare.close();
    return this.launch();
  }

  /** Forgets the partition; returns its browser, if it had one running, for the caller to close. */
  remove(partition: string): AppModeBrowser | undefined {
    const browser = this.running.get(partition);
    this.running.delete(partition);
    this.starting.delete(partition); // one still starting is closed as soon as it has
    return browser;
  }

  /** Forgets every partition and the spare; resolves with every browser to close. */
  async removeAll(): Promise<AppModeBrowser[]> {
    this.closed = true;
    const browsers = [...this.running.values()];
    this.running.clear();
    this.starting.clear();
    const spare = this.spare;
    this.spare = undefined;
    const ready = await spare?.catch(() => undefined);
    return ready ? [...browsers, ready] : browsers;
  }
}

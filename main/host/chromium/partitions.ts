/** The Chromium host's user partitions, each a Chromium process of its own (app-mode-browser.ts),
 * split out of chromium-host.ts: starting one once however often it is asked for, and closing one
 * that was destroyed while it was still starting. */
import { ChromiumHostError } from './errors.js';
import type { AppModeBrowser } from './app-mode-browser.js';

export class Partitions {
  private readonly running = new Map<string, AppModeBrowser>();
  private readonly starting = new Map<string, Promise<AppModeBrowser>>();

  get(partition: string): AppModeBrowser | undefined {
    return this.running.get(partition);
  }

  require(partition: string): AppModeBrowser {
    const browser = this.running.get(partition);
    if (!browser) throw new ChromiumHostError('NO_PARTITION', `no partition ${partition}`);
    return browser;
  }

  /** Starts the partition's browser with `launch` unless it runs or is starting already. */
  async start(partition: string, launch: () => Promise<AppModeBrowser>): Promise<void> {
    if (this.running.has(partition)) return;
    let starting = this.starting.get(partition);
    if (!starting) {
      starting = launch();
      this.starting.set(partition, starting);
    }
    try {
      const browser = await starting;
      if (this.starting.get(partition) === starting) this.running.set(partition, browser);
      else if (this.running.get(partition) !== browser) await browser.close(); // destroyed (or closed) while it started
    } finally {
      if (this.starting.get(partition) === starting) this.starting.delete(partition);
    }
  }

  /** Forgets the partition; returns its browser, if it had one running, for the caller to close. */
  remove(partition: string): AppModeBrowser | undefined {
    const browser = this.running.get(partition);
    this.running.delete(partition);
    this.starting.delete(partition); // one still starting is closed as soon as it has
    return browser;
  }

  /** Forgets every partition; returns their running browsers. */
  removeAll(): AppModeBrowser[] {
    const browsers = [...this.running.values()];
    this.running.clear();
    this.starting.clear();
    return browsers;
  }
}

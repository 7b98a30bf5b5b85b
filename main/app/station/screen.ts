/**
 * What is on screen, in order: hiding and showing app views are local host calls (never the network,
 * never a page load), run one after another so a show issued before a lock can never land after it.
 * A show checks, when its turn comes, that its session is still the one in front.
 */
import type { Host } from '../../core/ports/host.js';
import type { Log } from '../../core/ports/log.js';

export class Screen {
  #chain: Promise<void> = Promise.resolve();

  constructor(private readonly host: Host, private readonly log: Log) {}

  hideAll(): Promise<void> {
    return this.#then(() => this.host.hideApps(), 'apps not hidden');
  }

  show(partition: string, appId: string, stillWanted: () => boolean): Promise<void> {
    return this.#then(() => (stillWanted() ? this.host.showApp(partition, appId) : Promise.resolve()), 'app not shown');
  }

  /** Resolves once everything asked so far has been done. */
  settled(): Promise<void> {
    return this.#chain;
  }

  #then(step: () => Promise<void>, what: string): Promise<void> {
    this.#chain = this.#chain.then(step).catch((error: unknown) => this.log.warn(what, { error: String(error) }));
    return this.#chain;
  }
}

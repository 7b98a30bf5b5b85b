/** The station's one queue. Every step is synchronous and runs to completion in arrival order (a
 * step may post more; they run after it), then `afterEach` brings timers and the screen up to date.
 * Nothing here can wait: slow work is started by a step and posts its result back. */
export class StationQueue {
  readonly #inbox: (() => void)[] = [];
  #draining = false;
  #closed = false;

  constructor(private readonly crashed: (error: unknown) => void, private readonly afterEach: () => void) {}

  post(step: () => void): void {
    if (this.#closed) return;
    this.#inbox.push(step);
    if (this.#draining) return;
    this.#draining = true;
    try {
      for (let next = this.#inbox.shift(); next; next = this.#inbox.shift()) {
        try { next(); } catch (error) { this.crashed(error); }
      }
      this.afterEach();
    } finally {
      this.#draining = false;
    }
  }

  /** After this, events are dropped (Lanyard is stopping). */
  close(): void {
    this.#closed = true;
  }
}

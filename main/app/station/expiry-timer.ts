/** One timer for the earliest deadline of any suspended session; re-aimed after every change, so
 * each session ends at its own deadline however many users come and go. */
import type { Clock, Timer } from '../../core/ports/clock.js';

export class ExpiryTimer {
  #timer: Timer | undefined;
  #at: number | undefined;

  constructor(private readonly clock: Clock, private readonly due: () => void) {}

  aimAt(at: number | undefined): void {
    if (at === this.#at) return;
    this.cancel();
    if (at === undefined) return;
    this.#at = at;
    this.#timer = this.clock.setTimeout(() => { this.#timer = undefined; this.#at = undefined; this.due(); },
      Math.max(0, at - this.clock.now()));
  }

  cancel(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#at = undefined;
  }
}

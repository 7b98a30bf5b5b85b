import { performance } from 'node:perf_hooks';
import type { Clock } from '../core/ports/clock.js';

/** Monotonic: durations survive a change of the PC's clock. */
export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};

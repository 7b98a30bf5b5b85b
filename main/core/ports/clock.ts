export interface Timer { cancel(): void }

/** now() is for measuring durations: monotonic in the real adapter, so a changed PC clock cannot
 * stretch or shrink a grace period. Wall-clock time for the audit log comes from the audit sink. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): Timer;
}

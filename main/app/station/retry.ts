/** Waits and retries on the Clock port, so tests move time instead of sleeping, and every wait
 * ends the moment its attempt is aborted. */
import type { Clock } from '../../core/ports/clock.js';

export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => { timer.cancel(); reject(signal?.reason); };
    const timer = clock.setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface Backoff { firstMs: number; maxMs: number }

/** The pause before try `n` (1-based) of a retried request: doubling from firstMs, capped at maxMs. */
export function backoffMs(backoff: Backoff, n: number): number {
  return Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.max(0, n - 1));
}

export function isRetryable(error: unknown): boolean {
  return (error as { retryable?: unknown } | null)?.retryable === true;
}

/** Runs `work` up to `tries` times while it fails with a retryable error, pausing with back-off. */
export async function withRetries<T>(clock: Clock, signal: AbortSignal, tries: number, backoff: Backoff,
  onRetry: (error: unknown, next: number) => void, work: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await work();
    } catch (error) {
      if (signal.aborted || !isRetryable(error) || n >= tries) throw signal.aborted ? signal.reason : error;
      onRetry(error, n + 1);
      await sleep(clock, backoffMs(backoff, n), signal);
    }
  }
}

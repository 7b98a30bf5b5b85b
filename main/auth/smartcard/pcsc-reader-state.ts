/**
 * One pcsclite reader's bookkeeping, and how to close it without hanging: kept apart from
 * PcscCardReaders so the instance's reconnect logic and the per-reader rules each stay small.
 */
import type pcsclite from 'pcsclite';
import type { Log } from '../../core/ports/log.js';

export type PcscInstance = ReturnType<typeof pcsclite>;
export type PcscReader = Parameters<Parameters<PcscInstance['on']>[1]>[0] extends infer R ? (R extends { transmit: unknown } ? R : never) : never;

export interface ReaderState {
  reader: PcscReader;
  /** The status thread has reported once, so it holds a PC/SC context that SCardCancel can wake. */
  ready: boolean;
  /** The reader's status thread has finished ('end'): close() will not wait on it. */
  ended: boolean;
  /** Let go of: close it as soon as that is safe. */
  retired: boolean;
  /** pcscd is gone: wait for the thread's own error ('end') rather than cancelling it. */
  waitForEnd: boolean;
  closed: boolean;
  /** ATR of the card present, or null when empty. Undefined until the first status event. */
  card: Uint8Array | null | undefined;
  protocol?: number;
}

/**
 * Closes a let-go reader once that cannot hang: after its thread ended, or (pcscd alive) once the
 * thread has reported at least once: before that it may not hold the PC/SC context SCardCancel
 * needs to wake it, and close() would join it forever.
 */
export function closeWhenSafe(state: ReaderState, log: Log | undefined): void {
  if (state.closed) return;
  if (state.ended || (state.ready && !state.waitForEnd)) {
    state.closed = true;
    closeQuietly(() => state.reader.close(), log);
  }
}

/**
 * Runs a pcsclite close() on a later turn. pcsclite emits 'end', 'error' and 'status' while holding
 * the reader's mutex, and close() takes that same mutex: calling it from inside a handler
 * deadlocks the main thread.
 */
export function closeQuietly(close: () => void, log: Log | undefined): void {
  setImmediate(() => {
    try {
      close();
    } catch (err) {
      log?.debug('pcsclite close failed', { error: String(err) });
    }
  });
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

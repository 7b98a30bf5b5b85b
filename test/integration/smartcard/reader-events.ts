/** Waiting for CardReaders events in integration tests (pcscd polls vpcd every ~400 ms). */
import type { CardReaderEvent, CardReaders } from '../../../main/core/ports/card-readers.js';

export interface EventLog {
  events: CardReaderEvent[];
  /** Resolves with the first event (already seen since `from`, or still to come) that matches. */
  next(match: (e: CardReaderEvent) => boolean, timeoutMs?: number, from?: number): Promise<CardReaderEvent>;
  mark(): number;
  stop(): void;
}

export function recordEvents(readers: CardReaders): EventLog {
  const events: CardReaderEvent[] = [];
  const waiters = new Set<() => void>();
  const stop = readers.subscribe((e) => {
    events.push(e);
    for (const w of [...waiters]) w();
  });
  return {
    events,
    mark: () => events.length,
    stop,
    next(match, timeoutMs = 5_000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const hit = events.slice(from).find(match);
          if (!hit) return false;
          waiters.delete(check as () => void);
          clearTimeout(timer);
          resolve(hit);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check as () => void);
          reject(new Error(`no matching card event in ${timeoutMs} ms; saw ${JSON.stringify(events.slice(from).map((e) => e.type))}`));
        }, timeoutMs);
        if (!check()) waiters.add(check as () => void);
      });
    },
  };
}

export const inserted = (reader: string) => (e: CardReaderEvent): boolean => e.type === 'card-inserted' && e.reader === reader;
export const removed = (reader: string) => (e: CardReaderEvent): boolean => e.type === 'card-removed' && e.reader === reader;
export const service = (available: boolean) => (e: CardReaderEvent): boolean => e.type === 'service' && e.available === available;

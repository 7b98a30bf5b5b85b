/** A PinCounterStore in a small JSON file, so a virtual card's retry counter outlives its process. */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { PinCounterStore } from './virtual-piv-card.js';

export function filePinCounter(path: string): PinCounterStore {
  return {
    load() {
      try {
        const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
        const tries = (parsed as { triesLeft?: unknown }).triesLeft;
        return typeof tries === 'number' && Number.isInteger(tries) && tries >= 0 ? tries : null;
      } catch {
        return null;
      }
    },
    save(triesLeft) {
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify({ triesLeft })}\n`, { mode: 0o600 });
      renameSync(tmp, path); // atomic: a killed card never leaves half a file
    },
  };
}

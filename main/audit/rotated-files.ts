/** Names of rotated audit files: `audit.jsonl` is current, `audit.jsonl.1` the newest rotated,
 * `audit.jsonl.N` the oldest kept. */
import { existsSync, renameSync, rmSync } from 'node:fs';

export function rotatedName(path: string, n: number): string {
  return `${path}.${n}`;
}

/** Shifts path → path.1 → path.2 … and drops what falls beyond `keep`. */
export function rotate(path: string, keep: number): void {
  if (keep < 1) { rmSync(path, { force: true }); return; }
  rmSync(rotatedName(path, keep), { force: true });
  for (let n = keep - 1; n >= 1; n--) {
    if (existsSync(rotatedName(path, n))) renameSync(rotatedName(path, n), rotatedName(path, n + 1));
  }
  if (existsSync(path)) renameSync(path, rotatedName(path, 1));
}

/** Orders audit file names oldest first: the highest rotation number first, the current file last. */
export function orderOldestFirst(paths: readonly string[]): string[] {
  const rank = (p: string) => {
    const m = /\.(\d+)$/.exec(p);
    return m ? Number(m[1]) : 0;
  };
  return [...paths].sort((a, b) => rank(b) - rank(a));
}

/**
 * npm run audit -- verify [--complete] FILE [FILE…]
 *     verifies the chain (files in any order: rotated ones are sorted oldest first); exits 0 when
 *     intact, 1 otherwise. --complete: the files are the whole history, so line 1 must start the chain.
 * npm run audit -- tail FILE [-n N]      prints the last N lines readably
 */
import { readFileSync } from 'node:fs';
import { orderOldestFirst } from './rotated-files.js';
import { verifyAuditLog } from './verify.js';

const USAGE = 'usage: npm run audit -- verify [--complete] FILE [FILE…]\n       npm run audit -- tail FILE [-n LINES]';

function verify(args: string[]): number {
  const complete = args.includes('--complete');
  const ordered = orderOldestFirst(args.filter((a) => a !== '--complete'));
  const result = verifyAuditLog(ordered, { fromGenesis: complete });
  if (!result.ok && result.line === 0) {
    console.log(`CANNOT VERIFY: ${result.file}: ${result.message}`);
    return 1;
  }
  if (!result.ok) {
    console.log(`TAMPERED or DAMAGED: ${result.file}, line ${result.line}: ${result.problem}`);
    console.log(`  ${result.message}`);
    return 1;
  }
  const range = result.firstSeq === null ? 'no events' : `events ${result.firstSeq}–${result.lastSeq}`;
  console.log(`OK: ${result.lines} lines in ${result.files.length} file(s) verified (${range}).`);
  for (const f of result.files) console.log(`  ${f.file}: ${f.lines} lines`);
  if (!result.startsAtGenesis) {
    console.log('  Note: the oldest file continues a chain whose earlier lines are not here (rotated away, or cut off).');
  }
  console.log(`  Last hash: ${result.lastHash ?? '-'} (compare with the collector's copy to detect lines removed from the end).`);
  return 0;
}

function tail(path: string, count: number): number {
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean).slice(-count);
  for (const text of lines) {
    try {
      const l = JSON.parse(text) as Record<string, unknown>;
      const who = [l.userId, l.role].filter(Boolean).join(' as ');
      const extra = [l.app && `app=${String(l.app)}`, l.method && `method=${String(l.method)}`, l.reason && `reason=${JSON.stringify(l.reason)}`, l.detail && JSON.stringify(l.detail)].filter(Boolean).join(' ');
      console.log(`${String(l.seq).padStart(6)} ${String(l.time)} ${String(l.event).padEnd(20)} ${who} ${extra}`.trimEnd());
    } catch {
      console.log(`       (not an audit line) ${text.slice(0, 120)}`);
    }
  }
  return 0;
}

function main(args: string[]): number {
  const [command, ...rest] = args;
  if (command === 'verify' && rest.some((a) => a !== '--complete')) return verify(rest);
  if (command === 'tail' && rest[0]) {
    const n = rest.indexOf('-n');
    return tail(rest[0], n >= 0 ? Number(rest[n + 1] ?? 20) || 20 : 20);
  }
  console.error(USAGE);
  return 2;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`audit: ${(error as Error).message}`);
  process.exitCode = 1;
}

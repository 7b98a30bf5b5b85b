/**
 * Verifies audit files, oldest first, as one chain: every line's own hash, every link to the line
 * before (across files), and the numbering. The first failure is reported with its file and line.
 */
import { readFileSync } from 'node:fs';
import { GENESIS_HASH, type AuditLine } from './audit-line.js';
import { checkLine } from './line-check.js';
import { checkKeyed, type KeyedOptions, type KeyedProblem } from './verify-keyed.js';

export type AuditProblem = 'edited' | 'removed' | 'reordered' | 'malformed' | 'broken-link' | KeyedProblem;

export type VerifyResult =
  | { ok: true; lines: number; files: { file: string; lines: number }[]; firstSeq: number | null; lastSeq: number | null;
      /** False when the oldest file continues a chain whose start was rotated away (or cut off). */
      startsAtGenesis: boolean; lastHash: string | null;
      /** With a public key: checkpoints verified, and lines after the last one (only hash-chained). */
      checkpoints: number; afterLastCheckpoint: number; keyId: string | null;
      /** `audit-log-corrupt` lines: the log recorded damage it found at start-up. */
      damageRecorded: number[] }
  | { ok: false; file: string; line: number; problem: AuditProblem; message: string };

const EXPLAIN: Record<AuditProblem, string> = {
  edited: 'its content does not match its hash: the line was changed after it was written',
  removed: 'one or more lines before it are missing',
  reordered: 'it is out of order: lines were moved',
  malformed: 'it is not a valid audit line',
  'broken-link': 'it does not link to the line before it: the line before was replaced, or the chain was restarted',
  'bad-checkpoint': 'its checkpoint signature does not verify with the given key: the log was rewritten, or signed by another key',
  unsigned: 'no signed checkpoint covers the log: it was rewritten by someone without the key (or written without checkpoints)',
  'cut-from-end': 'the log does not end where Lanyard last wrote it: lines were removed from the end',
  appended: 'lines were added after the last line Lanyard wrote',
};

interface Row { file: string; line: number; text: string; cutShort: boolean }

export interface VerifyOptions extends KeyedOptions {
  /** The files hold the whole history: the first line must start the chain (nothing rotated away). */
  fromGenesis?: boolean;
}

export function verifyAuditLog(paths: readonly string[], options: VerifyOptions = {}): VerifyResult {
  const rows: Row[] = [];
  const files: { file: string; lines: number }[] = [];
  for (const file of paths) {
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch (error) {
      return { ok: false, file, line: 0, problem: 'malformed', message: `cannot read the file: ${(error as Error).message}` };
    }
    if (content.length === 0) { files.push({ file, lines: 0 }); continue; }
    const texts = content.split('\n');
    const cutShort = texts.at(-1) !== '';
    if (!cutShort) texts.pop();
    texts.forEach((text, i) => rows.push({ file, line: i + 1, text, cutShort: cutShort && i === texts.length - 1 }));
    files.push({ file, lines: texts.length });
  }

  const checks = rows.map((row) => checkLine(row.text));
  const seqAt = (i: number) => { const c = checks[i]; return c?.ok ? c.line.seq : undefined; };
  let before: AuditLine | undefined;
  for (const [i, row] of rows.entries()) {
    const check = checks[i]!;
    if (!check.ok) return fail(row, check.problem, check.why);
    if (row.cutShort) return fail(row, 'malformed', 'the file ends in the middle of this line');
    const line = check.line;
    if (!before && options.fromGenesis && line.prev !== GENESIS_HASH) {
      return fail(row, 'removed', `the log should start at the beginning of the chain, but starts at seq ${line.seq}`);
    }
    if (before && !(line.prev === before.hash && line.seq === before.seq + 1)) {
      if (line.prev === GENESIS_HASH) return fail(row, 'broken-link', 'a new chain starts here (look for an audit-log-corrupt event)');
      const expected = before.seq + 1;
      if (line.seq > expected) {
        const movedLater = rows.some((_, j) => j > i && seqAt(j) === expected);
        return movedLater
          ? fail(row, 'reordered', `line with seq ${expected} comes later`)
          : fail(row, 'removed', `expected seq ${expected}, found ${line.seq}`);
      }
      if (line.seq < expected) return fail(row, 'reordered', `seq ${line.seq} comes after ${before.seq}`);
      return fail(row, 'broken-link', `seq ${line.seq} follows ${before.seq} but its prev is not that line's hash`);
    }
    before = line;
  }

  const lines = checks.flatMap((c) => (c.ok ? [c.line] : []));
  const keyed = checkKeyed(lines, options);
  if (!keyed.ok) {
    const row = rows[keyed.index];
    if (!row) return { ok: false, file: paths.at(-1) ?? '(none)', line: 0, problem: keyed.problem, message: `${EXPLAIN[keyed.problem]} (${keyed.why})` };
    return fail(row, keyed.problem, keyed.why);
  }
  const first = lines[0];
  return {
    ok: true, lines: rows.length, files,
    checkpoints: keyed.checkpoints, afterLastCheckpoint: keyed.afterLastCheckpoint, keyId: keyed.keyId,
    damageRecorded: lines.filter((l) => l.event === 'audit-log-corrupt').map((l) => l.seq),
    firstSeq: first?.seq ?? null, lastSeq: before?.seq ?? null,
    startsAtGenesis: first === undefined || first.prev === GENESIS_HASH,
    lastHash: before?.hash ?? null,
  };
}

function fail(row: Row, problem: AuditProblem, why: string): VerifyResult {
  return { ok: false, file: row.file, line: row.line, problem, message: `${EXPLAIN[problem]} (${why})` };
}

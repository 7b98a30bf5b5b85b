/** Where the chain stands in an existing audit file: the last line is read from the file's tail and
 * checked (shape and own hash). Full verification is `verifyAuditLog`'s job, not start-up's. */
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ChainHead } from './audit-chain.js';
import type { AuditLine } from './audit-line.js';
import { checkLine } from './line-check.js';

const TAIL_BYTES = 64 * 1024;

export type TailState =
  | { kind: 'missing' }
  | { kind: 'empty' }
  | { kind: 'ok'; head: ChainHead; size: number; last: AuditLine }
  | { kind: 'corrupt'; why: string; size: number };

export function readTail(path: string): TailState {
  if (!existsSync(path)) return { kind: 'missing' };
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return { kind: 'empty' };
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const text = buffer.toString('utf8');
    if (!text.endsWith('\n')) return { kind: 'corrupt', why: 'the last line is cut short', size };
    const lines = text.slice(0, -1).split('\n');
    const last = lines.at(-1) ?? '';
    if (lines.length === 1 && length < size) return { kind: 'corrupt', why: 'the last line is too long', size };
    const check = checkLine(last);
    if (!check.ok) return { kind: 'corrupt', why: `the last line is ${check.problem}: ${check.why}`, size };
    return { kind: 'ok', head: { seq: check.line.seq, hash: check.line.hash }, size, last: check.line };
  } finally {
    closeSync(fd);
  }
}

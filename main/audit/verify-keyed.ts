/**
 * The checks a key adds to an intact hash chain (docs/audit.md "Checkpoints"): every checkpoint is
 * signed by the pinned public key and at least one covers the log (a rewrite without the key has
 * none that verify); with the head recorded beside the key, the log ends exactly where Lanyard last
 * wrote (lines cut from the end, or added, are found).
 */
import type { KeyObject } from 'node:crypto';
import type { ChainHead } from './audit-chain.js';
import type { AuditLine } from './audit-line.js';
import { checkCheckpoint } from './checkpoint.js';
import { keyIdOf } from './checkpoint-key.js';

export type KeyedProblem = 'bad-checkpoint' | 'unsigned' | 'cut-from-end' | 'appended';

export interface KeyedOptions {
  /** Ed25519 public key (audit-key.pub.pem) every checkpoint must verify with. */
  publicKey?: KeyObject;
  /** Seq and hash of the last line Lanyard wrote (audit-head.json beside the key). */
  head?: ChainHead;
}

export type KeyedResult =
  | { ok: true; checkpoints: number; afterLastCheckpoint: number; keyId: string | null }
  | { ok: false; index: number; problem: KeyedProblem; why: string };

export function checkKeyed(lines: readonly AuditLine[], options: KeyedOptions): KeyedResult {
  let checkpoints = 0;
  let lastCheckpoint = -1;
  const keyId = options.publicKey ? keyIdOf(options.publicKey) : null;
  if (options.publicKey && keyId) {
    for (const [i, line] of lines.entries()) {
      if (line.event !== 'audit-checkpoint') continue;
      const check = checkCheckpoint(line, options.publicKey, keyId);
      if (!check.ok) return { ok: false, index: i, problem: 'bad-checkpoint', why: check.why };
      checkpoints++;
      lastCheckpoint = i;
    }
    if (lines.length > 0 && checkpoints === 0) {
      return { ok: false, index: lines.length - 1, problem: 'unsigned', why: `no line is covered by a checkpoint signed by key ${keyId}` };
    }
  }
  if (options.head) {
    const head = options.head;
    const end = lines.at(-1);
    const last = lines.length - 1;
    if (!end || end.seq < head.seq) {
      return { ok: false, index: Math.max(0, last), problem: 'cut-from-end', why: `the log ends at seq ${end?.seq ?? 0}, but Lanyard wrote up to seq ${head.seq}` };
    }
    const at = lines.findIndex((l) => l.seq === head.seq);
    if (at >= 0 && lines[at]!.hash !== head.hash) {
      return { ok: false, index: at, problem: 'cut-from-end', why: `seq ${head.seq} is not the line Lanyard wrote last: the end of the log was replaced` };
    }
    // One line past the head is a stop between writing a line and recording it; more is not Lanyard's.
    if (end.seq > head.seq + 1 || (end.seq === head.seq + 1 && end.prev !== head.hash)) {
      return { ok: false, index: at + 1, problem: 'appended', why: `Lanyard last wrote seq ${head.seq}; the lines after it were added by something else` };
    }
  }
  return { ok: true, checkpoints, afterLastCheckpoint: options.publicKey ? lines.length - 1 - lastCheckpoint : lines.length, keyId };
}

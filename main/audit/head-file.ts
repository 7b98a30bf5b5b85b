/**
 * The chain's head kept beside the checkpoint key, outside the audit file's folder: the seq and hash
 * of the last line written, overwritten in place after every line (one fixed-size positional write).
 * A log that ends before the head, or whose line at that seq differs, lost lines from its end.
 */
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ChainHead } from './audit-chain.js';

export const HEAD_FILE = 'audit-head.json';
const SIZE = 128;
const HEX64 = /^[0-9a-f]{64}$/;

export type HeadRead = { kind: 'none' } | { kind: 'ok'; head: ChainHead } | { kind: 'damaged' };

export function readHead(file: string): HeadRead {
  if (!existsSync(file)) return { kind: 'none' };
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    if (Number.isSafeInteger(parsed['seq']) && typeof parsed['hash'] === 'string' && HEX64.test(parsed['hash'])) {
      return { kind: 'ok', head: { seq: parsed['seq'] as number, hash: parsed['hash'] } };
    }
  } catch {
    // a torn or edited head file: reported as damaged
  }
  return { kind: 'damaged' };
}

export class HeadFile {
  private fd: number | undefined;
  readonly path: string;

  constructor(keyDir: string) {
    this.path = join(keyDir, HEAD_FILE);
  }

  write(head: ChainHead): void {
    this.fd ??= openSync(this.path, existsSync(this.path) ? 'r+' : 'w+', 0o600);
    const text = JSON.stringify({ seq: head.seq, hash: head.hash });
    writeSync(this.fd, text.padEnd(SIZE - 1, ' ') + '\n', 0, 'utf8');
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

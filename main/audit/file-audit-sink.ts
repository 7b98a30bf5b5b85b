/**
 * The workstation's audit file: append-only JSON lines, hash-chained, rotated by size with the chain
 * running on across files, resumed after a restart. Each line is written with one synchronous append
 * (a few microseconds for ~300 bytes): order is the order of `record` calls, and a line is on disk
 * (in the OS's cache) before `record` returns.
 */
import { closeSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { AuditEvent, AuditSink } from '../core/ports/audit.js';
import { AuditChain, GENESIS, type ChainHead } from './audit-chain.js';
import { serializeLine, type AuditLine, type AuditLineEventName } from './audit-line.js';
import { readTail } from './resume.js';
import { rotate, rotatedName } from './rotated-files.js';
import { openCheckpointKey, type CheckpointKey } from './checkpoint-key.js';
import { HeadFile, readHead } from './head-file.js';
import { headMismatch } from './head-check.js';

export interface FileAuditSinkOptions {
  path: string;
  workstation: string;
  /** Rotate when the next line would take the file past this size. */
  maxBytes?: number;
  /** Rotated files kept (path.1 … path.N). */
  keep?: number;
  now?: () => number;
  /** Called with every line after it is written (syslog forwarding). Must not throw or block. */
  onLine?: (line: AuditLine) => void;
  /** Writing failed (disk full, permissions). Lines are kept in memory, in order, and retried. */
  onError?: (error: unknown) => void;
  /** Signed checkpoints (docs/audit.md "Checkpoints"): the Ed25519 key and the head record live in
   * `keyDir`, which must not be the audit file's folder. A checkpoint is written at start, every
   * `every` lines (default 16) and at close. */
  checkpoints?: { keyDir: string; every?: number };
}

export class FileAuditSink implements AuditSink {
  private readonly chain: AuditChain;
  private readonly pending: { text: string; line: AuditLine }[] = [];
  private fd: number | undefined;
  private size = 0;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly key: CheckpointKey | undefined;
  private readonly headFile: HeadFile | undefined;
  private readonly every: number;
  private sinceCheckpoint = 0;

  /** Opens (or creates) the file and continues its chain. A damaged file is moved aside to
   * `<path>.corrupt-<time>`, a new chain starts, and its first line says so. Never throws for a bad file. */
  constructor(private readonly options: FileAuditSinkOptions) {
    this.maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
    this.keep = options.keep ?? 5;
    this.every = Math.max(1, options.checkpoints?.every ?? 16);
    mkdirSync(dirname(options.path), { recursive: true });
    // A key that cannot be used is a configuration error: it throws (typed AuditKeyError).
    this.key = options.checkpoints ? openCheckpointKey(options.checkpoints.keyDir, options.path) : undefined;
    this.headFile = options.checkpoints ? new HeadFile(options.checkpoints.keyDir) : undefined;
    const recorded = this.headFile ? readHead(this.headFile.path) : undefined;
    const { head, corrupt, last } = this.resumePoint();
    this.chain = new AuditChain(options.workstation, head, options.now);
    this.fd = openSync(options.path, 'a', 0o600);
    if (corrupt) this.append({ event: 'audit-log-corrupt', reason: corrupt.why, detail: { movedTo: corrupt.movedTo } });
    const mismatch = !corrupt && this.key && recorded ? headMismatch(recorded, head, last, this.key) : undefined;
    if (mismatch) this.append({ event: 'audit-log-corrupt', reason: mismatch });
    if (this.key) this.checkpoint();
  }

  /** Seq and hash of the last line recorded. */
  get head(): ChainHead { return this.chain.last; }

  /** Lines not yet written because writing failed. */
  get unwritten(): number { return this.pending.length; }

  record(event: AuditEvent): void {
    this.append(event);
  }

  close(): void {
    if (this.key && this.sinceCheckpoint > 0) this.checkpoint();
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.headFile?.close();
  }

  private append(event: AuditEvent | (Omit<AuditEvent, 'event'> & { event: AuditLineEventName })): void {
    this.queue(this.chain.next(event));
    this.sinceCheckpoint++;
    if (this.key && this.sinceCheckpoint >= this.every) this.checkpoint();
  }

  private checkpoint(): void {
    const key = this.key!;
    this.queue(this.chain.nextCheckpoint(key.keyId, key.sign));
    this.sinceCheckpoint = 0;
  }

  private queue(line: AuditLine): void {
    this.pending.push({ text: serializeLine(line), line });
    this.flush();
  }

  /** Writes queued lines in order; false if any is still queued. */
  private flush(): boolean {
    try {
      while (this.pending.length > 0) {
        const { text, line } = this.pending[0]!;
        const bytes = Buffer.byteLength(text);
        if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
        if (this.fd === undefined) this.fd = openSync(this.options.path, 'a', 0o600);
        writeSync(this.fd, text);
        this.size += bytes;
        this.pending.shift();
        this.recordHead(line);
        this.options.onLine?.(line);
      }
      return true;
    } catch (error) {
      this.options.onError?.(error);
      return false;
    }
  }

  /** The head beside the key follows every written line; failing to record it never holds a line back. */
  private recordHead(line: AuditLine): void {
    try {
      this.headFile?.write(line);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private rotate(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rotate(this.options.path, this.keep);
    this.size = 0;
  }

  private resumePoint(): { head: ChainHead; last?: AuditLine; corrupt?: { why: string; movedTo: string } } {
    const { path } = this.options;
    const current = readTail(path);
    if (current.kind === 'ok') { this.size = current.size; return { head: current.head, last: current.last }; }
    if (current.kind === 'corrupt') {
      const movedTo = `${path}.corrupt-${new Date((this.options.now ?? Date.now)()).toISOString().replace(/[:.]/g, '-')}`;
      renameSync(path, movedTo);
      return { head: GENESIS, corrupt: { why: `The audit file was damaged (${current.why}); a new chain was started.`, movedTo: basename(movedTo) } };
    }
    // No current file, or an empty one (stopped right after rotating): continue from the newest rotated file.
    const previous = readTail(rotatedName(path, 1));
    return previous.kind === 'ok' ? { head: previous.head, last: previous.last } : { head: GENESIS };
  }
}

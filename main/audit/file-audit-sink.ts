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
}

export class FileAuditSink implements AuditSink {
  private readonly chain: AuditChain;
  private readonly pending: { text: string; line: AuditLine }[] = [];
  private fd: number | undefined;
  private size = 0;
  private readonly maxBytes: number;
  private readonly keep: number;

  /** Opens (or creates) the file and continues its chain. A damaged file is moved aside to
   * `<path>.corrupt-<time>`, a new chain starts, and its first line says so. Never throws for a bad file. */
  constructor(private readonly options: FileAuditSinkOptions) {
    this.maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
    this.keep = options.keep ?? 5;
    mkdirSync(dirname(options.path), { recursive: true });
    const { head, corrupt } = this.resumePoint();
    this.chain = new AuditChain(options.workstation, head, options.now);
    this.fd = openSync(options.path, 'a', 0o600);
    if (corrupt) this.append({ event: 'audit-log-corrupt', reason: corrupt.why, detail: { movedTo: corrupt.movedTo } });
  }

  /** Seq and hash of the last line recorded. */
  get head(): ChainHead { return this.chain.last; }

  /** Lines not yet written because writing failed. */
  get unwritten(): number { return this.pending.length; }

  record(event: AuditEvent): void {
    this.append(event);
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private append(event: AuditEvent | (Omit<AuditEvent, 'event'> & { event: AuditLineEventName })): void {
    const line = this.chain.next(event);
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
        this.options.onLine?.(line);
      }
      return true;
    } catch (error) {
      this.options.onError?.(error);
      return false;
    }
  }

  private rotate(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rotate(this.options.path, this.keep);
    this.size = 0;
  }

  private resumePoint(): { head: ChainHead; corrupt?: { why: string; movedTo: string } } {
    const { path } = this.options;
    const current = readTail(path);
    if (current.kind === 'ok') { this.size = current.size; return { head: current.head }; }
    if (current.kind === 'corrupt') {
      const movedTo = `${path}.corrupt-${new Date((this.options.now ?? Date.now)()).toISOString().replace(/[:.]/g, '-')}`;
      renameSync(path, movedTo);
      return { head: GENESIS, corrupt: { why: `The audit file was damaged (${current.why}); a new chain was started.`, movedTo: basename(movedTo) } };
    }
    // No current file, or an empty one (stopped right after rotating): continue from the newest rotated file.
    const previous = readTail(rotatedName(path, 1));
    return { head: previous.kind === 'ok' ? previous.head : GENESIS };
  }
}

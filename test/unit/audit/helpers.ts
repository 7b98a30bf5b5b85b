/** Temp directories and file surgery for the audit tests. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { FileAuditSink, type FileAuditSinkOptions } from '../../../main/audit/file-audit-sink.js';
import type { AuditEventName } from '../../../main/core/ports/audit.js';

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-audit-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const EVENTS: AuditEventName[] = ['card-inserted', 'auth-started', 'auth-succeeded', 'role-selected', 'app-opened', 'locked', 'resumed'];

/** Writes `count` varied events and closes the sink. */
export function writeEvents(options: FileAuditSinkOptions, count: number, from = 0): FileAuditSink {
  const sink = new FileAuditSink(options);
  for (let i = from; i < from + count; i++) {
    sink.record({ event: EVENTS[i % EVENTS.length]!, userId: `5550000000${String(i % 7).padStart(2, '0')}`, role: 'R8000', app: i % 3 === 0 ? 'patient-record' : undefined, method: 'smartcard', detail: { n: i } });
  }
  sink.close();
  return sink;
}

export function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean);
}

export function rewrite(path: string, change: (lines: string[]) => string[]): void {
  writeFileSync(path, change(lines(path)).map((l) => `${l}\n`).join(''));
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { appendFileSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { FileAuditSink } from '../../../main/audit/file-audit-sink.js';
import { verifyAuditLog } from '../../../main/audit/verify.js';
import { orderOldestFirst } from '../../../main/audit/rotated-files.js';
import { tempDir, writeEvents, lines } from './helpers.js';

const ws = 'WARD7-PC03';

test('rotation by size keeps N files and the chain verifies across them', () => {
  const dir = tempDir();
  const path = join(dir, 'audit.jsonl');
  writeEvents({ path, workstation: ws, maxBytes: 2000, keep: 3 }, 60);
  const files = readdirSync(dir).sort();
  assert.deepEqual(files, ['audit.jsonl', 'audit.jsonl.1', 'audit.jsonl.2', 'audit.jsonl.3']);
  for (const f of files) assert.ok(readFileSync(join(dir, f)).length <= 2000, `${f} is within maxBytes`);
  const ordered = orderOldestFirst(files.map((f) => join(dir, f)));
  const result = verifyAuditLog(ordered);
  assert.equal(result.ok, true, JSON.stringify(result));
  assert.equal(result.ok && result.lastSeq, 60);
  assert.equal(result.ok && result.startsAtGenesis, false, 'the oldest files were rotated away');
  // The current file's first line carries the previous file's last hash.
  const lastOfPrevious = JSON.parse(lines(`${path}.1`).at(-1)!) as { hash: string };
  assert.equal((JSON.parse(lines(path)[0]!) as { prev: string }).prev, lastOfPrevious.hash);
});

test('a rotated file removed from the middle is found at the next file\'s first line', () => {
  const dir = tempDir();
  const path = join(dir, 'audit.jsonl');
  writeEvents({ path, workstation: ws, maxBytes: 2000, keep: 5 }, 40);
  const result = verifyAuditLog([`${path}.3`, `${path}.1`, path]);
  assert.deepEqual(!result.ok && { file: result.file, line: result.line, problem: result.problem }, { file: `${path}.1`, line: 1, problem: 'removed' });
});

test('a restart continues the chain of the existing file', () => {
  const path = join(tempDir(), 'audit.jsonl');
  writeEvents({ path, workstation: ws }, 5);
  const again = writeEvents({ path, workstation: ws }, 4, 5);
  assert.equal(again.head.seq, 9);
  const result = verifyAuditLog([path], { fromGenesis: true });
  assert.equal(result.ok && result.lines, 9);
});

test('a restart right after rotation continues from the newest rotated file', () => {
  const dir = tempDir();
  const path = join(dir, 'audit.jsonl');
  writeEvents({ path, workstation: ws, maxBytes: 1500, keep: 5 }, 20);
  writeFileSync(path, ''); // as if the process stopped between rotating and writing
  rmSync(path);
  writeEvents({ path, workstation: ws, maxBytes: 1500, keep: 5 }, 3, 20);
  const all = orderOldestFirst(readdirSync(dir).map((f) => join(dir, f)));
  const result = verifyAuditLog(all, { fromGenesis: true });
  assert.equal(result.ok, true, JSON.stringify(result));
});

test('a corrupt file at start-up is moved aside and the new file says so, without crashing', () => {
  const dir = tempDir();
  const path = join(dir, 'audit.jsonl');
  writeEvents({ path, workstation: ws }, 5);
  appendFileSync(path, '{"seq":6,"time":"2026-11-23T09:0'); // killed mid-write
  const sink = new FileAuditSink({ path, workstation: ws });
  sink.record({ event: 'policy-loaded' });
  sink.close();
  const moved = readdirSync(dir).filter((f) => f.startsWith('audit.jsonl.corrupt-'));
  assert.equal(moved.length, 1);
  assert.equal(verifyAuditLog([join(dir, moved[0]!)]).ok, false, 'the damaged file is kept, and still fails');
  const first = JSON.parse(lines(path)[0]!) as { event: string; reason: string; detail: { movedTo: string } };
  assert.equal(first.event, 'audit-log-corrupt');
  assert.match(first.reason, /cut short/);
  assert.equal(first.detail.movedTo, moved[0]);
  assert.equal(verifyAuditLog([path], { fromGenesis: true }).ok, true);
});

test('a file whose last line was edited is treated as corrupt at start-up', () => {
  const dir = tempDir();
  const path = join(dir, 'audit.jsonl');
  writeEvents({ path, workstation: ws }, 3);
  writeFileSync(path, readFileSync(path, 'utf8').replace(/"userId":"(\d+)"([^\n]*\n)$/, '"userId":"000000000000"$2'));
  const sink = new FileAuditSink({ path, workstation: ws });
  sink.close();
  assert.equal((JSON.parse(lines(path)[0]!) as { event: string }).event, 'audit-log-corrupt');
});

test('PINs, passwords, tokens and secrets are never written', () => {
  const path = join(tempDir(), 'audit.jsonl');
  const sink = new FileAuditSink({ path, workstation: ws });
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiI1NTUwMDAwMDAwMDEifQ.c2lnbmF0dXJlLWJ5dGVz';
  sink.record({
    event: 'auth-failed', userId: '555000000001', reason: `token rejected: ${jwt}`,
    detail: { pin: '482913', PIN: '111222', refreshToken: 'rt-7d1f', access_token: 'at-99ab', password: 'Hunter2!', clientSecret: 'cs-42', 'id-token': 'idt-1', triesLeft: 2, note: 'Authorization: Bearer abcdefghijkl123' },
    // Outside the contract: must not reach the file either.
    ...({ pin: '999888', token: 'top-level-token' } as object),
  });
  sink.close();
  const text = readFileSync(path, 'utf8');
  for (const secret of ['482913', '111222', 'rt-7d1f', 'at-99ab', 'Hunter2!', 'cs-42', 'idt-1', 'eyJhbGci', 'abcdefghijkl123', '999888', 'top-level-token']) {
    assert.ok(!text.includes(secret), `${secret} leaked into the audit file`);
  }
  const line = JSON.parse(text) as { detail: Record<string, unknown>; reason: string };
  assert.equal(line.detail.triesLeft, 2);
  assert.equal(line.detail.redacted, 'PIN,access_token,clientSecret,id-token,password,pin,refreshToken');
  assert.match(line.reason, /^token rejected: \[redacted\]$/);
  assert.equal(verifyAuditLog([path]).ok, true);
});

test('a failed write keeps the lines in order and writes them when the disk is back', () => {
  const dir = tempDir();
  const logDir = join(dir, 'logs');
  const path = join(logDir, 'audit.jsonl');
  const errors: unknown[] = [];
  const forwarded: number[] = [];
  const sink = new FileAuditSink({ path, workstation: ws, maxBytes: 600, onError: (e) => errors.push(e), onLine: (l) => forwarded.push(l.seq) });
  sink.record({ event: 'card-inserted' });
  sink.record({ event: 'auth-started' });
  // The next record rotates: make that fail by putting a file where the log directory was.
  rmSync(logDir, { recursive: true });
  writeFileSync(logDir, 'not a directory');
  sink.record({ event: 'auth-succeeded' });
  sink.record({ event: 'role-selected' });
  sink.record({ event: 'locked' });
  assert.ok(errors.length > 0);
  assert.ok(sink.unwritten > 0);
  rmSync(logDir);
  mkdirSync(logDir);
  sink.record({ event: 'resumed' });
  sink.close();
  assert.equal(sink.unwritten, 0);
  const seqs = [path, `${path}.1`].filter(existsSync).flatMap((f) => lines(f)).map((l) => (JSON.parse(l) as { seq: number }).seq).sort((a, b) => a - b);
  assert.ok(seqs.includes(6) && seqs.includes(3), `lines written after recovery: ${seqs.join(',')}`);
  assert.deepEqual(forwarded, [...forwarded].sort((a, b) => a - b), 'forwarded in order');
  assert.equal(verifyAuditLog([path]).ok, true);
});

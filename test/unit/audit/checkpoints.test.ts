/** Signed checkpoints and the head beside the key: each attack issue 10 item 20 names is detected. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileAuditSink, type FileAuditSinkOptions } from '../../../main/audit/file-audit-sink.js';
import { verifyAuditLog, type VerifyResult } from '../../../main/audit/verify.js';
import { hashOf, serializeLine, type AuditLine } from '../../../main/audit/audit-line.js';
import { loadPublicKey, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE } from '../../../main/audit/checkpoint-key.js';
import { HEAD_FILE, readHead } from '../../../main/audit/head-file.js';
import { AuditKeyError } from '../../../main/audit/audit-key-error.js';
import { tempDir, writeEvents, lines } from './helpers.js';

const ws = 'WARD7-PC03';
const cli = fileURLToPath(new URL('../../../main/audit/cli.ts', import.meta.url));
const audit = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8', timeout: 20_000 });

function station(): { path: string; keyDir: string; options: FileAuditSinkOptions } {
  const dir = tempDir();
  const path = join(dir, 'log', 'audit.jsonl');
  const keyDir = join(dir, 'key');
  return { path, keyDir, options: { path, workstation: ws, checkpoints: { keyDir, every: 5 } } };
}

const withKey = (keyDir: string) => ({ publicKey: loadPublicKey(join(keyDir, PUBLIC_KEY_FILE)) });
const withKeyDir = (keyDir: string) => {
  const head = readHead(join(keyDir, HEAD_FILE));
  assert.equal(head.kind, 'ok');
  return { ...withKey(keyDir), head: head.kind === 'ok' ? head.head : undefined! };
};
const problem = (r: VerifyResult) => (r.ok ? 'ok' : `${r.problem} at line ${r.line}`);
const parsed = (path: string) => lines(path).map((l) => JSON.parse(l) as AuditLine);
/** What an attacker without the key can do: edit lines and recompute every hash and link. */
function rechain(path: string, edit: (ls: AuditLine[]) => AuditLine[]): void {
  let prev = '0'.repeat(64);
  const out = edit(parsed(path)).map((line, i) => {
    const { hash: _old, ...body } = { ...line, seq: i + 1, prev };
    const fixed = { ...body, hash: hashOf(body) } as AuditLine;
    prev = fixed.hash;
    return serializeLine(fixed);
  });
  writeFileSync(path, out.join(''));
}

test('the key is created 0600 in its own 0700 folder; checkpoints at start, every N lines and at close', () => {
  const { path, keyDir, options } = station();
  writeEvents(options, 12);
  assert.equal(statSync(join(keyDir, PRIVATE_KEY_FILE)).mode & 0o777, 0o600);
  assert.equal(statSync(keyDir).mode & 0o777, 0o700);
  const events = parsed(path).map((l) => l.event);
  assert.deepEqual(events.map((e, i) => (e === 'audit-checkpoint' ? i + 1 : 0)).filter(Boolean), [1, 7, 13, 16]);
  const result = verifyAuditLog([path], { ...withKeyDir(keyDir), fromGenesis: true });
  assert.deepEqual(result.ok && [result.checkpoints, result.afterLastCheckpoint], [4, 0]);
  const run = audit('verify', '--key-dir', keyDir, path);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /4 checkpoint\(s\) signed by key [0-9a-f]{16}; 0 line\(s\) after the last one/);
  // No private key material in the audit file or the head.
  const secret = readFileSync(join(keyDir, PRIVATE_KEY_FILE), 'utf8').split('\n')[1]!;
  assert.ok(!readFileSync(path, 'utf8').includes(secret.slice(0, 20)));
});

test('a full rewrite without the key verifies as a chain, but not against the key', () => {
  const { path, keyDir, options } = station();
  writeEvents(options, 12);
  // Change who did something, drop the checkpoints, recompute every hash: a perfect unkeyed chain.
  rechain(path, (ls) => ls.filter((l) => l.event !== 'audit-checkpoint').map((l) => (l.userId ? { ...l, userId: '555000000099' } : l)));
  assert.equal(problem(verifyAuditLog([path])), 'ok', 'the unkeyed chain cannot see it');
  assert.match(problem(verifyAuditLog([path], withKey(keyDir))), /^unsigned/);
  const run = audit('verify', '--public-key', join(keyDir, PUBLIC_KEY_FILE), path);
  assert.equal(run.status, 1);
  assert.match(run.stdout, /TAMPERED or DAMAGED: .*: unsigned/);
});

test('a rewrite that keeps the checkpoint lines breaks their signatures; one signed with another key is refused', () => {
  const { path, keyDir, options } = station();
  writeEvents(options, 12);
  rechain(path, (ls) => ls.map((l) => (l.seq === 3 ? { ...l, role: 'R0001' } : l)));
  assert.equal(problem(verifyAuditLog([path])), 'ok');
  assert.equal(problem(verifyAuditLog([path], withKey(keyDir))), 'bad-checkpoint at line 7');

  const forged = station();
  writeEvents(forged.options, 12); // the attacker's own key
  const result = verifyAuditLog([forged.path], withKey(keyDir));
  assert.ok(!result.ok && result.problem === 'bad-checkpoint' && /signed by another key/.test(result.message), JSON.stringify(result));
});

test('truncation after a checkpoint passes the signatures but not the head kept beside the key', () => {
  const { path, keyDir, options } = station();
  writeEvents(options, 12);
  const kept = lines(path).slice(0, 7); // up to the second checkpoint
  writeFileSync(path, kept.map((l) => `${l}\n`).join(''));
  assert.equal(problem(verifyAuditLog([path], withKey(keyDir))), 'ok', 'the public key alone cannot see a cut at a checkpoint');
  const cut = verifyAuditLog([path], withKeyDir(keyDir));
  assert.equal(problem(cut), 'cut-from-end at line 7');
  assert.match(!cut.ok ? cut.message : '', /ends at seq 7, but Lanyard wrote up to seq 16/);
  const run = audit('verify', '--key-dir', keyDir, path);
  assert.equal(run.status, 1);
  // The next start says so in the log itself, signed by the next checkpoint.
  new FileAuditSink(options).close();
  const after = parsed(path);
  assert.equal(after[7]!.event, 'audit-log-corrupt');
  assert.match(after[7]!.reason ?? '', /removed from the end .* ends at seq 7, but seq 16 had been written/);
  assert.equal(after[8]!.event, 'audit-checkpoint');
  const now = verifyAuditLog([path], withKeyDir(keyDir));
  assert.deepEqual(now.ok && now.damageRecorded, [8]);
});

test('lines deleted from the tail of a running log (after the last checkpoint) are found', () => {
  const { path, keyDir, options } = station();
  const sink = new FileAuditSink(options);
  for (let i = 0; i < 8; i++) sink.record({ event: 'card-inserted', detail: { n: i } });
  // Still running: lines 8-10 come after the checkpoint at seq 7; 9 and 10 are deleted.
  const all = lines(path);
  assert.equal(all.length, 10);
  writeFileSync(path, all.slice(0, 8).map((l) => `${l}\n`).join(''));
  assert.equal(problem(verifyAuditLog([path], withKey(keyDir))), 'ok');
  assert.equal(problem(verifyAuditLog([path], withKeyDir(keyDir))), 'cut-from-end at line 8');
  sink.close();
});

test('lines appended by something else are found; a stop between writing a line and recording it is not damage', () => {
  const { path, keyDir, options } = station();
  writeEvents(options, 3);
  const tail = parsed(path).at(-1)!;
  const forged = (seq: number, prev: string): AuditLine => {
    const body = { seq, time: tail.time, workstation: ws, event: 'logout' as const, prev };
    return { ...body, hash: hashOf(body) };
  };
  const one = forged(tail.seq + 1, tail.hash);
  appendFileSync(path, serializeLine(one));
  assert.equal(problem(verifyAuditLog([path], withKeyDir(keyDir))), 'ok', 'one line past the head, linked to it');
  appendFileSync(path, serializeLine(forged(one.seq + 1, one.hash)));
  assert.equal(problem(verifyAuditLog([path])), 'ok', 'the unkeyed chain cannot see it');
  assert.equal(problem(verifyAuditLog([path], withKeyDir(keyDir))), 'appended at line 6');
});

test('a replaced key is recorded at the next start; a key folder in the audit file\'s reach or readable by others is refused', () => {
  const { path, keyDir, options } = station();
  writeEvents(options, 3);
  rmSync(join(keyDir, PRIVATE_KEY_FILE));
  new FileAuditSink(options).close();
  const corrupt = parsed(path).find((l) => l.event === 'audit-log-corrupt');
  assert.match(corrupt?.reason ?? '', /checkpoint key was replaced/);

  assert.throws(() => new FileAuditSink({ ...options, checkpoints: { keyDir: join(path, '..') } }),
    (e: unknown) => e instanceof AuditKeyError && e.code === 'key-in-audit-folder');
  assert.throws(() => new FileAuditSink({ ...options, checkpoints: { keyDir: join(path, '..', '..') } }),
    (e: unknown) => e instanceof AuditKeyError && e.code === 'key-in-audit-folder');
  chmodSync(join(keyDir, PRIVATE_KEY_FILE), 0o644);
  assert.throws(() => new FileAuditSink(options), (e: unknown) => e instanceof AuditKeyError && e.code === 'key-exposed');
});

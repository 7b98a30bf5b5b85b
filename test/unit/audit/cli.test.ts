import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tempDir, writeEvents, rewrite } from './helpers.js';

const cli = fileURLToPath(new URL('../../../main/audit/cli.ts', import.meta.url));
const audit = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8', timeout: 20_000 });

test('verify exits 0 on an intact rotated log given in any order, and 1 at a tampered line', () => {
  const dir = tempDir();
  const path = join(dir, 'audit.jsonl');
  writeEvents({ path, workstation: 'WARD7-PC03', maxBytes: 4000, keep: 5 }, 30);
  const files = readdirSync(dir).map((f) => join(dir, f)).sort(); // audit.jsonl first: the CLI must reorder
  assert.ok(files.length >= 2);
  const ok = audit('verify', '--complete', ...files);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, new RegExp(`^OK: 30 lines in ${files.length} file\\(s\\) verified \\(events 1–30\\)`));

  rewrite(`${path}.1`, (ls) => ls.map((l, i) => (i === 2 ? l.replace('"event":"', '"event":"x') : l)));
  const bad = audit('verify', ...files);
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, new RegExp(`${path.replace(/[.]/g, '\\.')}\\.1, line 3: edited`));
});

test('tail prints readable lines; a missing argument prints usage', () => {
  const path = join(tempDir(), 'audit.jsonl');
  writeEvents({ path, workstation: 'WARD7-PC03' }, 5);
  const tail = audit('tail', path, '-n', '2');
  assert.equal(tail.status, 0);
  assert.equal(tail.stdout.trim().split('\n').length, 2);
  assert.match(tail.stdout, /^\s+4 \S+Z role-selected +555000000003 as R8000 app=patient-record/);
  const usage = audit('verify');
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /usage: npm run audit -- verify/);
});

/** A number JSON.parse reads as Infinity (1e400) is damage to report, not an exception (issue 10 item 13). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileAuditSink } from '../../../main/audit/file-audit-sink.js';
import { verifyAuditLog } from '../../../main/audit/verify.js';
import { checkLine } from '../../../main/audit/line-check.js';
import { tempDir, writeEvents, lines, rewrite } from './helpers.js';

const ws = 'WARD7-PC03';
const cli = fileURLToPath(new URL('../../../main/audit/cli.ts', import.meta.url));
const hugeAt = (index: number) => (ls: string[]) => ls.map((l, i) => (i === index ? l.replace(/"detail":\{"n":\d+/, '"detail":{"n":1e400') : l));

test('checkLine calls a line with 1e400 in its detail malformed', () => {
  const path = join(tempDir(), 'audit.jsonl');
  writeEvents({ path, workstation: ws }, 1);
  rewrite(path, hugeAt(0));
  assert.match(lines(path)[0]!, /1e400/);
  const check = checkLine(lines(path)[0]!);
  assert.deepEqual(check.ok ? 'ok' : [check.problem, check.why], ['malformed', 'detail.n is not a finite number']);
});

test('verify reports the line with its number and exits 1 as for any damage, not with a crash', () => {
  const path = join(tempDir(), 'audit.jsonl');
  writeEvents({ path, workstation: ws }, 6);
  rewrite(path, hugeAt(3));
  const result = verifyAuditLog([path]);
  assert.deepEqual(!result.ok && [result.line, result.problem], [4, 'malformed']);
  const run = spawnSync(process.execPath, ['--import', 'tsx', cli, 'verify', path], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(run.status, 1);
  assert.match(run.stdout, /TAMPERED or DAMAGED: .*audit\.jsonl, line 4: malformed/);
  assert.doesNotMatch(run.stderr, /Infinity|audit:/);
});

test('a last line with 1e400 does not stop the sink: the file is moved aside and the new chain says so', () => {
  const dir = tempDir();
  const path = join(dir, 'audit.jsonl');
  writeEvents({ path, workstation: ws }, 4);
  rewrite(path, hugeAt(3));
  const sink = new FileAuditSink({ path, workstation: ws });
  sink.record({ event: 'policy-loaded' });
  sink.close();
  const moved = readdirSync(dir).filter((f) => f.startsWith('audit.jsonl.corrupt-'));
  assert.equal(moved.length, 1);
  const first = JSON.parse(lines(path)[0]!) as { event: string; reason: string };
  assert.equal(first.event, 'audit-log-corrupt');
  assert.match(first.reason, /not a finite number/);
  assert.equal(verifyAuditLog([path], { fromGenesis: true }).ok, true);
});

/** A real process killed while writing (SIGKILL, no clean-up), then Lanyard starting again: the chain
 * continues across the restart and every file still verifies as one history. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileAuditSink } from '../../../main/audit/file-audit-sink.js';
import { verifyAuditLog } from '../../../main/audit/verify.js';
import { orderOldestFirst } from '../../../main/audit/rotated-files.js';

const writer = fileURLToPath(new URL('./writer-child.ts', import.meta.url));

test('killed mid-write three times: the chain resumes each time and verifies from genesis', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-audit-kill-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'audit.jsonl');
  for (let round = 0; round < 3; round++) {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    t.after(() => child.kill('SIGKILL'));
    await once(child.stdout, 'data');
    await new Promise((r) => setTimeout(r, 150 + round * 70));
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
  const sink = new FileAuditSink({ path, workstation: 'WARD7-PC03', maxBytes: 200000, keep: 200 });
  sink.record({ event: 'policy-loaded' });
  sink.close();
  const files = readdirSync(dir);
  // A kill can only tear the line being written; whole-line appends make that rare. If it happened,
  // the damaged file was moved aside and the new chain says so: verify what is on either side.
  const corrupt = files.filter((f) => f.includes('.corrupt-'));
  const chain = orderOldestFirst(files.filter((f) => !f.includes('.corrupt-')).map((f) => join(dir, f)));
  const result = verifyAuditLog(chain, { fromGenesis: corrupt.length === 0 });
  assert.equal(result.ok, true, JSON.stringify(result));
  assert.ok(result.ok && result.lines > 100, `lines: ${result.ok && result.lines}`);
  assert.ok(files.length > 2, 'rotation happened while being killed');
});

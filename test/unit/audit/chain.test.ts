import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { appendFileSync, readFileSync, truncateSync, statSync } from 'node:fs';
import { verifyAuditLog } from '../../../main/audit/verify.js';
import { GENESIS_HASH } from '../../../main/audit/audit-line.js';
import { canonicalJson } from '../../../main/audit/canonical-json.js';
import { tempDir, writeEvents, lines, rewrite } from './helpers.js';

function freshLog(count = 12): string {
  const path = join(tempDir(), 'audit.jsonl');
  writeEvents({ path, workstation: 'WARD7-PC03', now: () => Date.UTC(2026, 10, 23, 9, 0, 0) }, count);
  return path;
}

test('an untouched log verifies, each line chained to the one before', () => {
  const path = freshLog();
  const result = verifyAuditLog([path]);
  assert.deepEqual(result.ok && { lines: result.lines, firstSeq: result.firstSeq, lastSeq: result.lastSeq, startsAtGenesis: result.startsAtGenesis }, { lines: 12, firstSeq: 1, lastSeq: 12, startsAtGenesis: true });
  const parsed = lines(path).map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(parsed[0]!.prev, GENESIS_HASH);
  assert.equal(parsed[1]!.prev, parsed[0]!.hash);
  assert.equal(parsed[0]!.time, '2026-11-23T09:00:00.000Z');
  assert.equal(parsed[0]!.workstation, 'WARD7-PC03');
  assert.deepEqual(Object.keys(parsed[0]!), ['seq', 'time', 'workstation', 'event', 'userId', 'role', 'app', 'method', 'detail', 'prev', 'hash']);
});

test('hash is SHA-256 over the canonical JSON of the line without hash', () => {
  const first = JSON.parse(lines(freshLog(1))[0]!) as Record<string, unknown>;
  const { hash, ...rest } = first;
  const sorted = JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1))));
  assert.equal(sorted, canonicalJson(rest as never));
  assert.equal(hash, createHash('sha256').update(sorted).digest('hex'));
});

test('an edited field is found at its line', () => {
  const path = freshLog();
  rewrite(path, (ls) => ls.map((l, i) => (i === 4 ? l.replace('"role":"R8000"', '"role":"R0001"') : l)));
  assert.deepEqual(pick(verifyAuditLog([path])), { ok: false, line: 5, problem: 'edited' });
});

test('an edited line with a recomputed hash breaks the link of the next line', async () => {
  const path = freshLog();
  const { hashOf } = await import('../../../main/audit/audit-line.js');
  rewrite(path, (ls) => ls.map((l, i) => {
    if (i !== 4) return l;
    const o = JSON.parse(l) as Record<string, unknown> & { hash: string };
    o.userId = '999999999999';
    o.hash = hashOf(o as never);
    return JSON.stringify(o);
  }));
  assert.deepEqual(pick(verifyAuditLog([path])), { ok: false, line: 6, problem: 'broken-link' });
});

test('a deleted line is found where it was', () => {
  const path = freshLog();
  rewrite(path, (ls) => ls.filter((_, i) => i !== 6));
  assert.deepEqual(pick(verifyAuditLog([path])), { ok: false, line: 7, problem: 'removed' });
});

test('deleting the first line is found at line 1 when the files are the whole history', () => {
  const path = freshLog();
  rewrite(path, (ls) => ls.slice(1));
  assert.deepEqual(pick(verifyAuditLog([path], { fromGenesis: true })), { ok: false, line: 1, problem: 'removed' });
  // Without that promise the file reads as a continuation of rotated-away files, and says so.
  const result = verifyAuditLog([path]);
  assert.equal(result.ok && result.startsAtGenesis, false);
  assert.equal(result.ok && result.firstSeq, 2);
});

test('two swapped lines are found at the first of them', () => {
  const path = freshLog();
  rewrite(path, (ls) => { const c = [...ls]; [c[3], c[4]] = [c[4]!, c[3]!]; return c; });
  assert.deepEqual(pick(verifyAuditLog([path])), { ok: false, line: 4, problem: 'reordered' });
});

test('a line moved later is found where the order breaks', () => {
  const path = freshLog();
  rewrite(path, (ls) => { const c = [...ls]; const [moved] = c.splice(2, 1); c.push(moved!); return c; });
  assert.deepEqual(pick(verifyAuditLog([path])), { ok: false, line: 3, problem: 'reordered' });
});

test('a file cut in the middle of a line is found at that line', () => {
  const path = freshLog();
  truncateSync(path, statSync(path).size - 30);
  assert.deepEqual(pick(verifyAuditLog([path])), { ok: false, line: 12, problem: 'malformed' });
});

test('a file cut just before its final newline is still reported', () => {
  const path = freshLog();
  truncateSync(path, statSync(path).size - 1);
  assert.deepEqual(pick(verifyAuditLog([path])), { ok: false, line: 12, problem: 'malformed' });
});

test('garbage inserted between lines is malformed at its line', () => {
  const path = freshLog();
  rewrite(path, (ls) => [...ls.slice(0, 2), 'not json', ...ls.slice(2)]);
  assert.deepEqual(pick(verifyAuditLog([path])), { ok: false, line: 3, problem: 'malformed' });
});

test('a line added by hand (valid hash, wrong link) is found', () => {
  const path = freshLog();
  appendFileSync(path, readFileSync(path, 'utf8').split('\n')[0] + '\n');
  assert.deepEqual(pick(verifyAuditLog([path])), { ok: false, line: 13, problem: 'broken-link' });
});

function pick(result: ReturnType<typeof verifyAuditLog>) {
  return result.ok ? { ok: true } : { ok: false, line: result.line, problem: result.problem };
}

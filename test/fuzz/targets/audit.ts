/**
 * Audit files (main/audit/verify.ts, line-check.ts, and the file sink's reading of an existing file
 * at start-up): real hash-chained files, mutated as bytes, or with one value of one line replaced by
 * a raw JSON token (extreme numbers, nulls, objects). Verdicts are returned, never thrown, and the
 * sink never throws for a bad file.
 */
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileAuditSink } from '../../../main/audit/file-audit-sink.js';
import { checkLine } from '../../../main/audit/line-check.js';
import { verifyAuditLog } from '../../../main/audit/verify.js';
import type { FuzzTarget } from '../engine.js';
import { hexOf, mutatedBytes, utf8 } from '../mutate.js';
import { nothingTyped } from '../typed.js';

const TOKENS = ['1e400', '-1e400', '1e-400', '-0', '9007199254740993', '0.1', 'null', '{}', '[]', '{"a":{}}', 'true', '"\\ud800"',
  '"\\u2028"', '""', '"__proto__"', '{"__proto__":{"x":1}}'];
const PLACEHOLDER = '\u0000fuzz-token\u0000';
const NOW = Date.parse('2025-01-06T08:00:00Z');

function seedFile(dir: string): string {
  const path = join(dir, 'seed.jsonl');
  let t = NOW;
  const sink = new FileAuditSink({ path, workstation: 'WARD7-PC1', now: () => (t += 1000) });
  sink.record({ event: 'card-inserted', detail: { reader: 'Virtual PCD 00 00' } });
  sink.record({ event: 'pin-failed', method: 'smartcard', userId: '555123456789', detail: { triesLeft: 2, blocked: false } });
  sink.record({ event: 'auth-succeeded', method: 'smartcard', userId: '555123456789', detail: { assurance: 3 } });
  sink.record({ event: 'role-selected', userId: '555123456789', role: 'R8000' });
  sink.record({ event: 'app-opened', userId: '555123456789', app: 'epr', detail: { ms: 812.5 } });
  sink.record({ event: 'locked', userId: '555123456789', reason: 'card-removed' });
  sink.close();
  return readFileSync(path, 'utf8');
}

/** One value of one line replaced by a raw token (the hash is left as it was). */
function withToken(text: string, line: number, key: number, token: string): string {
  const lines = text.split('\n');
  const i = line % Math.max(1, lines.length - 1);
  let parsed: Record<string, unknown>;
  try { parsed = JSON.parse(lines[i] ?? '') as Record<string, unknown>; } catch { return text; }
  const detail = typeof parsed.detail === 'object' && parsed.detail !== null ? parsed.detail as Record<string, unknown> : undefined;
  const slots = [...Object.keys(parsed).map((k) => [parsed, k] as const), ...Object.keys(detail ?? {}).map((k) => [detail!, k] as const)];
  const [object, name] = slots[key % slots.length]!;
  object[name] = PLACEHOLDER;
  lines[i] = JSON.stringify(parsed).replace(JSON.stringify(PLACEHOLDER), token);
  return lines.join('\n');
}

export const auditTarget: FuzzTarget = {
  name: 'audit',
  about: 'audit lines through checkLine, verifyAuditLog and the file sink resuming an existing file',
  async setup() {
    const dir = mkdtempSync(join(tmpdir(), 'lanyard-fuzz-audit-'));
    const seed = seedFile(dir);
    const oneLine = `${seed.split('\n')[1]}\n`;
    const structured = fc.record({ line: fc.nat(), key: fc.nat(), token: fc.constantFrom(...TOKENS), base: fc.constantFrom(seed, oneLine) })
      .map(({ line, key, token, base }) => utf8(withToken(base, line, key, token)));
    const path = join(dir, 'audit.jsonl');
    let n = 0;
    return {
      arbitrary: fc.oneof(mutatedBytes([utf8(seed), utf8(oneLine)], { dictionary: TOKENS.map(utf8), maxRepeat: 4 }), structured),
      async run(content: Uint8Array) {
        const text = Buffer.from(content).toString('utf8');
        for (const line of text.split('\n')) checkLine(line);
        rmSync(dir, { recursive: true, force: true }); // the sink may have moved a corrupt file aside
        mkdirSync(dir);
        writeFileSync(path, content);
        const verdict = verifyAuditLog([path]);
        const sink = new FileAuditSink({ path, workstation: 'WARD7-PC1', now: () => NOW + ++n });
        sink.record({ event: 'card-removed' });
        sink.close();
        return verdict.ok ? undefined : `verify:${verdict.problem}`;
      },
      typed: nothingTyped,
      show: (content: Uint8Array) => `${hexOf(content)}\ntext=${JSON.stringify(Buffer.from(content).toString('utf8')).slice(0, 3000)}`,
      async close() { rmSync(dir, { recursive: true, force: true }); },
    };
  },
};

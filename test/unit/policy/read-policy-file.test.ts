/** A policy file saved by Windows tools is read in its own encoding; bytes that are not text are refused. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePolicyBytes, readPolicyFile } from '../../../main/policy/read-policy-file.js';
import { parsePolicyText } from '../../../main/policy/parse-policy.js';
import { minimalPolicy } from './helpers.js';

const TEXT = JSON.stringify({ ...minimalPolicy(), station: { name: 'Ward 7 — Bay é' } }, null, 2);

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
}

test('UTF-8 (with or without a BOM) and UTF-16 with a BOM (Windows PowerShell Out-File) read as the same policy', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lanyard-encoding-'));
  try {
    const saved: Record<string, Buffer> = {
      'utf8.json': Buffer.from(TEXT),
      'utf8-bom.json': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]),
      'utf16le.json': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]),
      'utf16be.json': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(TEXT)]),
    };
    for (const [name, bytes] of Object.entries(saved)) {
      await writeFile(join(dir, name), bytes);
      const read = await readPolicyFile(join(dir, name));
      assert.equal(read.kind, 'text', name);
      if (read.kind !== 'text') continue;
      const parsed = parsePolicyText(name, read.text);
      assert.equal(parsed.kind, 'policy', `${name}: ${JSON.stringify(parsed)}`);
      if (parsed.kind === 'policy') assert.equal(parsed.policy.station.name, 'Ward 7 — Bay é', name);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a file that is not UTF-8 (Windows-1252) or broken UTF-16 is refused, never read with replacement characters', () => {
  const latin1 = Buffer.from(TEXT.replace(' —', ''), 'latin1'); // é as the single byte 0xE9
  assert.deepEqual(decodePolicyBytes(latin1), { kind: 'unreadable', code: 'EILSEQ', error: 'it is not UTF-8 text' });
  const brokenUtf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from([0x7b, 0x00, 0x00, 0xd8])]); // a lone high surrogate
  assert.deepEqual(decodePolicyBytes(brokenUtf16), { kind: 'unreadable', code: 'EILSEQ', error: 'it is not UTF-16LE text' });
});

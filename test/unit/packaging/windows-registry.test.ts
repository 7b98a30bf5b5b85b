import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  POLICY_KEY, WindowsPolicyError, parseRegQuery, planMachinePolicy, readWindowsMachinePolicy,
} from '../../../main/policy/windows-registry.js';
import { parsePolicyText } from '../../../main/policy/parse-policy.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Captured shape of `reg query HKLM\SOFTWARE\Policies\Lanyard /reg:64` on Windows (CRLF, 4-space columns).
const REG_OUTPUT = [
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Lanyard',
  '    PolicyFile    REG_EXPAND_SZ    %ProgramData%\\Lanyard\\policy.json',
  '    StationName    REG_SZ    Ward 7  Bay 2    PC',
  '    IdpIssuer    REG_SZ    https://sso.trust.example',
  '    Empty    REG_SZ    ',
  '    Level    REG_DWORD    0x1',
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Lanyard\\Sub',
  '',
].join('\r\n');

test('reg query output is parsed into typed values, spaces inside data kept', () => {
  const values = parseRegQuery(REG_OUTPUT);
  assert.deepEqual(values.get('policyfile'), { type: 'REG_EXPAND_SZ', data: '%ProgramData%\\Lanyard\\policy.json' });
  assert.deepEqual(values.get('stationname'), { type: 'REG_SZ', data: 'Ward 7  Bay 2    PC' });
  assert.deepEqual(values.get('level'), { type: 'REG_DWORD', data: '0x1' });
  assert.deepEqual(values.get('empty'), { type: 'REG_SZ', data: '' });
  assert.equal(values.size, 5);
});

test('PolicyFile is expanded', () => {
  const plan = planMachinePolicy(parseRegQuery(REG_OUTPUT), { PROGRAMDATA: 'C:\\ProgramData' });
  assert.deepEqual(plan, { kind: 'file', path: 'C:\\ProgramData\\Lanyard\\policy.json' });
});

test('PolicyJson wins over PolicyFile; empty values count as unset', () => {
  const output = '    PolicyJson    REG_SZ    {"version":1}\r\n    PolicyFile    REG_SZ    C:\\p.json\r\n    StationName    REG_SZ    \r\n';
  assert.deepEqual(planMachinePolicy(parseRegQuery(output)), {
    kind: 'inline', source: `${POLICY_KEY}\\PolicyJson`, json: '{"version":1}',
  });
});

test('Group Policy values without a document make the document, which the loader then validates (never a half-policy)', async () => {
  const output = '    StationName    REG_SZ    Ward 7\r\n';
  assert.deepEqual(planMachinePolicy(parseRegQuery(output)), { kind: 'none' });
  const found = await readWindowsMachinePolicy({ query: async () => output, env: {} });
  assert.ok(found);
  assert.deepEqual({ source: found.source, document: JSON.parse(found.json) as unknown },
    { source: POLICY_KEY, document: { version: 1, station: { name: 'Ward 7' } } });
  const parsed = parsePolicyText(found.source, found.json);
  assert.equal(parsed.kind, 'invalid', 'required settings are missing: Lanyard must not start');
  assert.deepEqual(planMachinePolicy(parseRegQuery('')), { kind: 'none' });
});

test('StationName and IdpIssuer replace station.name and identityProvider.issuer of the document only', async () => {
  const json = JSON.stringify({ version: 1, station: { name: 'default' }, identityProvider: { issuer: 'https://a', clientId: 'lanyard' } });
  const output = `    PolicyJson    REG_SZ    ${json}\r\n    StationName    REG_SZ    Ward 7\r\n    IdpIssuer    REG_SZ    https://b\r\n`;
  const found = await readWindowsMachinePolicy({ query: async () => output, env: {} });
  assert.deepEqual(JSON.parse(found!.json), { version: 1, station: { name: 'Ward 7' }, identityProvider: { issuer: 'https://b', clientId: 'lanyard' } });
  // Broken text is passed through untouched so the loader reports the real problem.
  const broken = await readWindowsMachinePolicy({ query: async () => '    PolicyJson    REG_SZ    {not json\r\n    StationName    REG_SZ    x\r\n', env: {} });
  assert.equal(broken!.json, '{not json');
});

test('readWindowsMachinePolicy: file policy read, overrides applied, source named', async () => {
  const files: string[] = [];
  const result = await readWindowsMachinePolicy({
    query: async (key) => { assert.equal(key, POLICY_KEY); return REG_OUTPUT; },
    readText: async (path) => { files.push(path); return '{"station":{"name":"x"}}'; },
    env: { ProgramData: 'D:\\PD' },
  });
  assert.deepEqual(files, ['D:\\PD\\Lanyard\\policy.json']);
  assert.equal(result?.source, 'D:\\PD\\Lanyard\\policy.json');
  assert.equal(JSON.parse(result?.json ?? '{}').station.name, 'Ward 7  Bay 2    PC');
});

test('readWindowsMachinePolicy: no key -> null; unreadable file -> typed error, never a fallback', async () => {
  assert.equal(await readWindowsMachinePolicy({ query: async () => null }), null);
  await assert.rejects(
    readWindowsMachinePolicy({ query: async () => '    PolicyFile    REG_SZ    \\\\share\\gone.json\r\n', readText: async () => { throw new Error('ENOENT'); } }),
    (error: unknown) => error instanceof WindowsPolicyError && error.code === 'POLICY_FILE_UNREADABLE' && /gone\.json/.test(error.message),
  );
});

test('a PolicyFile saved with a BOM (Notepad) or as UTF-16 (PowerShell Out-File) still gets the Group Policy values; one that is not text is refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lanyard-reg-'));
  try {
    const json = JSON.stringify({ version: 1, station: { name: 'default' } });
    const files = {
      bom: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]),
      utf16: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]),
      latin1: Buffer.from('{"version":1,"station":{"name":"Caf\xe9"}}', 'latin1'),
    };
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes);
    const query = (file: string) => async () => `    PolicyFile    REG_SZ    ${join(dir, file)}\r\n    StationName    REG_SZ    Ward 7\r\n`;
    for (const file of ['bom', 'utf16']) {
      const found = await readWindowsMachinePolicy({ query: query(file), env: {} });
      assert.deepEqual(JSON.parse(found!.json), { version: 1, station: { name: 'Ward 7' } }, file);
    }
    await assert.rejects(readWindowsMachinePolicy({ query: query('latin1'), env: {} }),
      (error: unknown) => error instanceof WindowsPolicyError && /not UTF-8 text/.test(error.message));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

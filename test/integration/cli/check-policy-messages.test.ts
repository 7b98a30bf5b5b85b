/** `--check-policy` as IT meets it: a sentence and its own exit code for each way it can go wrong,
 * JSON errors by line and column, patterns in words, and the trusted CAs it found. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCardCa } from '../../../main/auth/smartcard/virtual/card-pki.js';
import { CHECK_EXIT } from '../../../main/policy/check-policy.js';

function lanyard(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'main/cli.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
}

async function policyWith(ca: string) {
  return {
    version: 1,
    identityProvider: { issuer: 'https://idp.trust.example', clientId: 'lanyard' },
    trustedCardCAs: [ca],
    apps: [{ id: 'epr', name: 'Patient Record', url: 'https://epr.trust.example/', allowedOrigins: ['https://epr.trust.example'], signIn: 'oidc' }],
  };
}

test('--check-policy never throws: no file named, no such file and an unreadable file each have a sentence and an exit code', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lanyard-check-'));
  try {
    for (const args of [['--check-policy'], ['--check-policy', '--headless']]) {
      const r = lanyard(args);
      assert.equal(r.status, CHECK_EXIT.usage, r.stderr);
      assert.equal(r.stderr, 'Name the policy file to check: lanyard --check-policy FILE\n');
    }
    const missing = lanyard(['--check-policy', join(dir, 'nope.json')]);
    assert.equal(missing.status, CHECK_EXIT.missing, missing.stderr);
    assert.match(missing.stderr, /^There is no file at .*nope\.json\. Check the file name and folder\.\n$/);
    const folder = lanyard(['--check-policy', dir]);
    assert.equal(folder.status, CHECK_EXIT.unreadable, folder.stderr);
    assert.match(folder.stderr, /cannot be read \(EISDIR: illegal operation on a directory\)\. It is a folder/);
    const latin1 = join(dir, 'latin1.json');
    await writeFile(latin1, Buffer.from('{"station": {"name": "Caf\u00e9"}}', 'latin1'));
    const notUtf8 = lanyard(['--check-policy', latin1]);
    assert.equal(notUtf8.status, CHECK_EXIT.unreadable, notUtf8.stderr);
    assert.match(notUtf8.stderr, /latin1\.json cannot be read \(it is not UTF-8 text\)\. Save it again as UTF-8/);
    for (const r of [missing, folder, notUtf8]) assert.doesNotMatch(r.stderr, /TypeError|at .*\.ts:\d+|cannot start/);
    if (process.getuid?.() !== 0) { // root reads any file
      const locked = join(dir, 'locked.json');
      await writeFile(locked, '{}');
      await chmod(locked, 0o000);
      assert.equal(lanyard(['--check-policy', locked]).status, CHECK_EXIT.unreadable);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('--check-policy: JSON errors by line and column, patterns in words, no "cannot start" header, and the CAs it trusts', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lanyard-check-'));
  try {
    const ca = await createCardCa({ name: 'Example Trust', notAfter: new Date('2031-03-04T00:00:00Z') });
    const corrupt = join(dir, 'corrupt.json');
    await writeFile(corrupt, '{\n  "version": 1,\n  apps: []\n}\n');
    const broken = lanyard(['--check-policy', corrupt]);
    assert.equal(broken.status, CHECK_EXIT.invalid);
    assert.match(broken.stderr, /is not valid JSON at line 3, column 3: a property name must be in double quotes, found 'a'\n/);
    assert.doesNotMatch(broken.stderr, /position|cannot start|check it with/);
    // V8 names no position for these (the end of the file was blamed) and quotes the file instead.
    for (const [text, expected] of [
      ['{\n  "version": 1,\n  "apps": [x]\n}\n', /line 3, column 12: "x" is not a value: text must be in double quotes, and the only words JSON allows are true, false and null\n/],
      ['{\n  "version": 1,\n  "apps": tru\n}\n', /line 3, column 11: "tru" is not a value/],
    ] as const) {
      await writeFile(corrupt, text);
      const r = lanyard(['--check-policy', corrupt]);
      assert.equal(r.status, CHECK_EXIT.invalid);
      assert.match(r.stderr, expected);
      assert.doesNotMatch(r.stderr, /is not valid JSON\n|"\{|Unexpected token/);
    }

    const policy = await policyWith(ca.certificatePem);
    const badOrigin = join(dir, 'origin.json');
    await writeFile(badOrigin, JSON.stringify({ ...policy, apps: [{ ...policy.apps[0], allowedOrigins: ['https://epr.trust.example/path'] }] }));
    const refused = lanyard(['--check-policy', badOrigin]);
    assert.equal(refused.status, CHECK_EXIT.invalid);
    assert.match(refused.stderr, /apps\[0\]\.allowedOrigins\[0\]: must be an origin: http:\/\/ or https:\/\/ and a host name/);
    assert.doesNotMatch(refused.stderr, /\^https|\\s/);

    const good = join(dir, 'good.json');
    // As Notepad or PowerShell's Out-File -Encoding utf8 save it: with a UTF-8 byte order mark.
    await writeFile(good, `\uFEFF${JSON.stringify(policy, null, 2)}\r\n`);
    const ok = lanyard(['--check-policy', good]);
    assert.equal(ok.status, CHECK_EXIT.valid, ok.stderr);
    assert.match(ok.stdout, /Trusted card CAs \(1\):\n {2}- .*CN=Example Trust Card CA.*; expires 2031-03-0[34]\n/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

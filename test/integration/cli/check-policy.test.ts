/** IT's policy check, run as IT would: the CLI, a file, an exit code and a message naming the field. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_CA_PEM as PEM } from '../../unit/policy/helpers.js';

const valid = {
  version: 1,
  identityProvider: { issuer: 'https://idp.trust.example', clientId: 'lanyard' },
  trustedCardCAs: [PEM],
  apps: [{ id: 'epr', name: 'Patient Record', url: 'https://epr.trust.example/', allowedOrigins: ['https://epr.trust.example'], signIn: 'oidc' }],
};

function lanyard(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'main/cli.ts', ...args], {
    encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env },
  });
}

test('--check-policy accepts a valid policy and refuses a broken one, naming the JSON path', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lanyard-policy-'));
  try {
    const good = join(dir, 'good.json');
    await writeFile(good, JSON.stringify(valid));
    const ok = lanyard(['--check-policy', good]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /is valid: 1 app, /);

    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ ...valid, session: { onCardRemoval: 'shrug', idleTimeoutSeconds: 'ten' } }));
    const refused = lanyard(['--check-policy', bad]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /session\.onCardRemoval: must be one of "lock", "logout"/);
    assert.match(refused.stderr, /session\.idleTimeoutSeconds: must be integer/);

    const corrupt = join(dir, 'corrupt.json');
    await writeFile(corrupt, '{ "version": 1, ');
    const broken = lanyard(['--check-policy', corrupt]);
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /not valid JSON/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an invalid policy stops start-up with a non-zero exit; it never falls back to demo mode', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lanyard-policy-'));
  try {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ ...valid, apps: [] }));
    const viaFlag = lanyard(['--headless', '--policy', bad]);
    assert.equal(viaFlag.status, 2);
    assert.match(viaFlag.stderr, /apps: must NOT have fewer than 1 items/);
    const viaEnv = lanyard(['--headless'], { LANYARD_POLICY: bad });
    assert.equal(viaEnv.status, 2);
    assert.match(viaEnv.stderr, /cannot start/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('--check-policy reports a URL that matches the pattern but does not parse (exit 2, not a crash)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lanyard-policy-'));
  try {
    const file = join(dir, 'bad-url.json');
    await writeFile(file, JSON.stringify({ ...valid, apps: [{ ...valid.apps[0], url: 'https://epr.trust.example:99999/' }] }));
    const result = lanyard(['--check-policy', file]);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /apps\[0\]\.url: is not a URL that can be parsed/);
    assert.doesNotMatch(result.stderr, /failed to start/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

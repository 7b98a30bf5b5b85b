/**
 * `lanyard --diagnostics FILE` as IT runs it: the real CLI in a child process, the real keychain
 * (run under scripts/with-keyring.sh), pcsclite against whatever pcscd there is (absent is
 * reported), and an identity provider answering discovery on loopback. PINs, passwords, tokens and
 * cookies are seeded into the log, the policy and the keychain, and none may appear in the bundle.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { minimalPolicy } from '../../unit/policy/helpers.js';
import { KeytarKeychain } from '../../../main/identity/keychain/keytar-keychain.js';
import { REFRESH_TOKEN_SERVICE } from '../../../main/identity/keychain/service-names.js';
import { openLogFile, LOG_FILE_NAME } from '../../../main/app/log-file.js';
import { consoleLog } from '../../../main/app/console-log.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const run = promisify(execFile);

const SEEDS = {
  pin: '731946',
  password: 'Hunter2-Ward7-pass',
  cookie: 'sid-c00kie-5e55ion-value',
  accessToken: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhcGF0ZWwifQ.c2lnbmF0dXJlLXNlZWQ',
  refreshToken: 'rt-SEEDED-refresh-7f3a9c',
  keychainSecret: 'kc-SEEDED-secret-4b8e21',
  policyPassword: 'PolicyPass-42x',
  policyToken: 'PolicyTok-99z',
};

let work: string;
let server: Server;
let issuer: string;
let keychainOk = false;
const keychain = new KeytarKeychain();

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'lanyard-diag-'));
  server = createServer((req, res) => {
    if (req.url !== '/.well-known/openid-configuration') { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
      issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`,
    }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const data = path.join(work, 'data');
  mkdirSync(data);
  // Log lines as the app writes them (consoleLog into the log file), carrying what a careless caller might pass.
  const file = openLogFile(path.join(data, LOG_FILE_NAME), { maxBytes: 4096, keep: 2 });
  const log = consoleLog('lanyard', 'debug', (line) => file.write(line));
  for (let i = 0; i < 40; i++) log.info('filler line to force a rotation', { i });
  log.info('pin entered', { pin: SEEDS.pin, reader: 'Virtual PCD 00 00' });
  log.warn('form fill', { fields: { username: 'apatel', password: SEEDS.password } });
  log.debug(`request headers Cookie: sid=${SEEDS.cookie}`);
  log.debug(`bearer sent Bearer ${SEEDS.accessToken}`);
  log.info('refresh', { url: `${issuer}/token?refresh_token=${SEEDS.refreshToken}` });
  log.info('last line before diagnostics');

  const policy = minimalPolicy();
  policy['identityProvider'] = { issuer, clientId: 'lanyard' };
  policy['apps'] = [{ id: 'epr', name: 'EPR', url: `https://svc:${SEEDS.policyPassword}@epr.trust.example/?token=${SEEDS.policyToken}`,
    allowedOrigins: ['https://epr.trust.example'], signIn: 'oidc' }];
  writeFileSync(path.join(work, 'policy.json'), JSON.stringify(policy));

  try {
    await keychain.set(REFRESH_TOKEN_SERVICE, 'apatel', SEEDS.keychainSecret);
    keychainOk = (await keychain.get(REFRESH_TOKEN_SERVICE, 'apatel')) === SEEDS.keychainSecret;
  } catch { keychainOk = false; }
});

after(async () => {
  await keychain.delete(REFRESH_TOKEN_SERVICE, 'apatel').catch(() => undefined);
  await new Promise((resolve) => server.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'main/cli.ts', ...args], { cwd: ROOT, timeout: 60_000 });

test('the bundle says what IT needs, and holds no PIN, password, token or cookie', async () => {
  const file = path.join(work, 'bundle.json');
  const { stdout } = await cli('--diagnostics', file, '--data-dir', path.join(work, 'data'), '--policy', path.join(work, 'policy.json'));
  assert.match(stdout, /Support bundle written to/);
  const text = readFileSync(file, 'utf8');
  for (const [name, secret] of Object.entries(SEEDS)) assert.ok(!text.includes(secret), `the bundle contains the seeded ${name}`);

  const bundle = JSON.parse(text) as Record<string, Record<string, unknown>>;
  assert.equal(bundle['versions']!['lanyard'], JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  assert.equal(bundle['policy']!['state'], 'policy');
  const origins = bundle['policy']!['origins'] as Record<string, string>;
  assert.equal(origins['identityProvider.issuer'], path.join(work, 'policy.json'));
  assert.equal(origins['session.idleTimeoutSeconds'], 'default');
  assert.deepEqual(bundle['identityProvider']!['discovery'], { issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks` });
  assert.equal(bundle['identityProvider']!['issuerMatches'], true);
  // pcscd may or may not run here: either readers are listed or its absence is reported, never fatal.
  const readers = bundle['readers']!;
  assert.ok(readers['available'] === true ? Array.isArray(readers['readers']) : typeof readers['error'] === 'string');
  assert.equal(bundle['keychain']!['ok'], keychainOk, 'the probe reports what the keychain really does');
  const lines = (bundle['log']!['lines'] as unknown[]).map((line) => JSON.stringify(line));
  assert.match(lines.at(-1) ?? '', /last line before diagnostics/);
  assert.ok(lines.some((line) => line.includes('pin entered') && line.includes('Virtual PCD 00 00')), 'the line is kept, only the PIN goes');
  assert.ok(lines.some((line) => line.includes('filler line') && line.includes('"i":3')), 'lines from the rotated file are included');
});

test('a diagnostics path that cannot be written: a clear message and exit code 3, nothing written', async () => {
  const file = path.join(work, 'no-such-folder', 'bundle.json');
  const failure = await cli('--diagnostics', file, '--data-dir', path.join(work, 'data')).then(() => null, (error: { code: number; stderr: string }) => error);
  assert.ok(failure, 'the command succeeded');
  assert.equal(failure.code, 3);
  assert.match(failure.stderr, /could not write the support bundle to .*no-such-folder.*Choose a folder you can write to/);
});

test('from a checkout, --demo (as npm start passes it) is reported as the demo; without it and with no policy, as not set up', async () => {
  const env = { ...process.env, LANYARD_POLICY: '' };
  const stateOf = async (...args: string[]) => {
    const file = path.join(work, `bundle-${args.length}.json`);
    await run(process.execPath, ['--import', 'tsx', 'main/cli.ts', '--diagnostics', file, '--data-dir', path.join(work, 'data'), ...args], { cwd: ROOT, timeout: 60_000, env });
    return (JSON.parse(readFileSync(file, 'utf8')) as { policy: { state: string } }).policy.state;
  };
  assert.equal(await stateOf('--demo'), 'demo');
  // The machine policy file may exist on a machine set up for Lanyard; only its absence means "not set up".
  if (!existsSync('/etc/lanyard/policy.json')) assert.equal(await stateOf(), 'not-set-up');
});

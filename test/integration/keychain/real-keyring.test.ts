/** Against the real gnome-keyring over D-Bus (run inside scripts/with-keyring.sh). */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { KeytarKeychain } from '../../../main/identity/keychain/keytar-keychain.js';
import { probeKeychain } from '../../../main/identity/keychain/probe.js';
import { CredentialVault } from '../../../main/identity/keychain/credential-vault.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./keychain-child.ts', import.meta.url));
const keychain = new KeytarKeychain();
const unique = () => randomBytes(6).toString('hex');

/** `secret-tool` (libsecret-tools) is an independent Secret Service client. */
async function secretTool(...args: string[]): Promise<string> {
  const { stdout } = await run('secret-tool', args, { timeout: 10_000 });
  return stdout;
}

async function secondProcess(...args: string[]): Promise<unknown> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', child, ...args], { timeout: 20_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

before(async () => {
  const result = await probeKeychain(keychain, { timeoutMs: 5000 });
  assert.equal(result.ok, true, `these tests need an unlocked keyring: run them inside scripts/with-keyring.sh (${JSON.stringify(result)})`);
});

test('set, get, list and delete through keytar are real Secret Service items', async () => {
  const service = `Lanyard test-${unique()}`;
  await keychain.set(service, 'user-1', 'secret one');
  await keychain.set(service, 'user-2', 'secret two');
  assert.equal(await keychain.get(service, 'user-1'), 'secret one');
  assert.deepEqual(await keychain.accounts(service), ['user-1', 'user-2']);
  assert.equal(await secretTool('lookup', 'service', service, 'account', 'user-2'), 'secret two');

  assert.equal(await keychain.delete(service, 'user-1'), true);
  assert.equal(await keychain.delete(service, 'user-1'), false);
  assert.equal(await keychain.get(service, 'user-1'), null);
  await keychain.delete(service, 'user-2');
  assert.equal((await secretTool('search', '--all', 'service', service)).trim(), '');
});

test('the vault persists to the keychain, another process reads it, and forgetUser leaves nothing', async () => {
  const vault = await CredentialVault.open(keychain);
  assert.equal(vault.persistent, true);
  const user = `5550${unique()}`;
  const other = `5551${unique()}`;
  // A refresh token an older Lanyard stored (tokens now stay in memory): still swept below.
  await keychain.set('Lanyard refresh-token', user, 'rt-123');
  await vault.saveAppCredential(user, 'legacy-lab', { username: 'alice', password: 'lab pw' });
  await vault.saveAppCredential(user, 'patient-record', { username: 'alice', password: 'pr pw' });
  await vault.saveAppCredential(other, 'patient-record', { username: 'sam', password: 'other pw' });

  assert.equal(await secondProcess('get', 'Lanyard refresh-token', user), 'rt-123');
  assert.deepEqual(JSON.parse(await secretTool('lookup', 'service', 'Lanyard app:legacy-lab', 'account', user)), { username: 'alice', password: 'lab pw' });
  assert.ok((await vault.listUsers()).includes(user));

  const forgotten = await vault.forgetUser(user);
  assert.deepEqual(forgotten.removed, ['Lanyard app:legacy-lab', 'Lanyard app:patient-record', 'Lanyard refresh-token']);
  assert.equal((await secretTool('search', '--all', 'account', user)).trim(), '', 'no item of the user is left');
  assert.equal(await secondProcess('get', 'Lanyard refresh-token', user), null);
  assert.ok(!(await vault.listUsers()).includes(user));
  assert.deepEqual(await vault.readAppCredential(other, 'patient-record'), { username: 'sam', password: 'other pw' });
  await vault.forgetUser(other);
  assert.equal((await secretTool('search', '--all', 'account', other)).trim(), '');
});

test('the probe leaves no item behind', async () => {
  const result = await secondProcess('probe', '5000') as { ok: boolean };
  assert.equal(result.ok, true);
  assert.equal((await secretTool('search', '--all', 'service', 'Lanyard keychain-probe')).trim(), '');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CredentialVault } from '../../../main/identity/keychain/credential-vault.js';
import { KeychainError } from '../../../main/identity/keychain/keychain-error.js';
import { INDEX_SERVICE, REFRESH_TOKEN_SERVICE } from '../../../main/identity/keychain/service-names.js';
import { MemoryKeychain } from '../../fixtures/memory-keychain.js';

/** A session secret of `userId` (an app's sign-in), as the tests below store and read it. */
const secret = (password: string) => ({ username: 'someone', password });
const readSecret = async (vault: CredentialVault, userId: string) => (await vault.readAppCredential(userId, 'epr'))?.password ?? null;

test('app credentials are stored per user under Lanyard service names', async () => {
  const keychain = new MemoryKeychain();
  const vault = await CredentialVault.open(keychain);
  assert.equal(vault.persistent, true);
  await vault.saveAppCredential('555000000001', 'epr', secret('pw-alice'));
  await vault.saveAppCredential('555000000001', 'legacy-lab', { username: 'alice', password: 'pw1' });
  await vault.saveAppCredential('555000000002', 'epr', secret('pw-bob'));

  assert.equal(await readSecret(vault, '555000000001'), 'pw-alice');
  assert.equal(await readSecret(vault, '555000000002'), 'pw-bob');
  assert.equal(await readSecret(vault, '555000000003'), null);
  assert.deepEqual(await vault.readAppCredential('555000000001', 'legacy-lab'), { username: 'alice', password: 'pw1' });
  assert.equal(await vault.readAppCredential('555000000002', 'legacy-lab'), null);
  assert.deepEqual(keychain.servicesOf('555000000001'), ['Lanyard app:epr', 'Lanyard app:legacy-lab', INDEX_SERVICE].sort());
  assert.deepEqual(await vault.listUsers(), ['555000000001', '555000000002']);
});

test('the vault has no way to store a token: a refresh token an older Lanyard left is swept by forgetUser and forgetAllUsers', async () => {
  const keychain = new MemoryKeychain();
  const vault = await CredentialVault.open(keychain);
  for (const name of ['saveRefreshToken', 'readRefreshToken', 'saveToken']) assert.equal(name in vault, false, name);
  await keychain.set(REFRESH_TOKEN_SERVICE, 'u1', 'rt-left-by-an-older-version');
  await keychain.set(REFRESH_TOKEN_SERVICE, 'u2', 'rt-left-too');
  assert.deepEqual(await vault.listUsers(), ['u1', 'u2']);
  assert.deepEqual((await vault.forgetUser('u1')).removed, [REFRESH_TOKEN_SERVICE]);
  await vault.forgetAllUsers();
  assert.equal(keychain.entries.size, 0);
});

test('forgetUser removes every entry of that user and nobody else', async () => {
  const keychain = new MemoryKeychain();
  const vault = await CredentialVault.open(keychain);
  await Promise.all([
    vault.saveAppCredential('u1', 'epr', secret('t1')),
    vault.saveAppCredential('u1', 'app-a', { username: 'a', password: 'p' }),
    vault.saveAppCredential('u1', 'app-b', { username: 'b', password: 'q' }),
    vault.saveAppCredential('u2', 'app-a', { username: 'c', password: 'r' }),
  ]);
  const result = await vault.forgetUser('u1');
  assert.deepEqual(result, { userId: 'u1', removed: ['Lanyard app:app-a', 'Lanyard app:app-b', 'Lanyard app:epr'] });
  assert.deepEqual(keychain.servicesOf('u1'), []);
  assert.deepEqual(await vault.readAppCredential('u2', 'app-a'), { username: 'c', password: 'r' });
  assert.deepEqual(await vault.listUsers(), ['u2']);
});

test('forgetUser also sweeps the apps it is told about when the index was lost', async () => {
  const keychain = new MemoryKeychain();
  const vault = await CredentialVault.open(keychain);
  await vault.saveAppCredential('u1', 'app-a', { username: 'a', password: 'p' });
  await keychain.delete(INDEX_SERVICE, 'u1');
  const result = await vault.forgetUser('u1', ['app-a', 'app-z']);
  assert.deepEqual(result.removed, ['Lanyard app:app-a']);
  assert.deepEqual(keychain.servicesOf('u1'), []);
});

test('when the keychain is locked the vault keeps secrets in memory only and says so', async () => {
  const keychain = new MemoryKeychain('locked');
  const vault = await CredentialVault.open(keychain);
  assert.equal(vault.persistent, false);
  assert.equal(vault.status.ok, false);
  const callsAfterProbe = keychain.calls;
  await vault.saveAppCredential('u1', 'epr', secret('secret-pw'));
  assert.equal(await readSecret(vault, 'u1'), 'secret-pw');
  assert.equal(keychain.calls, callsAfterProbe, 'the failed keychain is not touched again');
  assert.equal(keychain.entries.size, 0);
  assert.deepEqual((await vault.forgetUser('u1')).removed, ['Lanyard app:epr']);
  assert.equal(await readSecret(vault, 'u1'), null);
});

test('a keychain that stops answering after start-up fails the call in time instead of hanging', async () => {
  const keychain = new MemoryKeychain();
  const vault = await CredentialVault.open(keychain, { operationTimeoutMs: 100 });
  keychain.behaviour = 'hangs';
  await assert.rejects(vault.saveAppCredential('u1', 'epr', secret('t')), (e: unknown) => e instanceof KeychainError && e.code === 'timeout');
  keychain.behaviour = 'working';
  await vault.saveAppCredential('u1', 'epr', secret('t2')); // the queue is not wedged by the failed call
  assert.equal(await readSecret(vault, 'u1'), 't2');
});

test('ids that cannot name an entry are refused', async () => {
  const vault = await CredentialVault.open(new MemoryKeychain());
  await assert.rejects(vault.saveAppCredential('', 'epr', secret('t')), (e: unknown) => e instanceof KeychainError && e.code === 'invalid-name');
  await assert.rejects(vault.saveAppCredential('u1', 'bad\nid', { username: 'a', password: 'b' }), (e: unknown) => e instanceof KeychainError && e.code === 'invalid-name');
});

test('forgetAllUsers leaves no user entry (start-up after a kill)', async () => {
  const keychain = new MemoryKeychain();
  const vault = await CredentialVault.open(keychain);
  await vault.saveAppCredential('u1', 'epr', secret('t1'));
  await vault.saveAppCredential('u2', 'app-a', { username: 'a', password: 'p' });
  const results = await vault.forgetAllUsers();
  assert.deepEqual(results.map((r) => r.userId), ['u1', 'u2']);
  assert.equal(keychain.entries.size, 0);
});

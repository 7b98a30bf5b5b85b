import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CredentialVault } from '../../../main/identity/keychain/credential-vault.js';
import { KeychainError } from '../../../main/identity/keychain/keychain-error.js';
import { INDEX_SERVICE, REFRESH_TOKEN_SERVICE } from '../../../main/identity/keychain/service-names.js';
import { MemoryKeychain } from '../../fixtures/memory-keychain.js';

test('refresh tokens and app credentials are stored per user under Lanyard service names', async () => {
  const keychain = new MemoryKeychain();
  const vault = await CredentialVault.open(keychain);
  assert.equal(vault.persistent, true);
  await vault.saveRefreshToken('555000000001', 'rt-alice');
  await vault.saveAppCredential('555000000001', 'legacy-lab', { username: 'alice', password: 'pw1' });
  await vault.saveRefreshToken('555000000002', 'rt-bob');

  assert.equal(await vault.readRefreshToken('555000000001'), 'rt-alice');
  assert.equal(await vault.readRefreshToken('555000000002'), 'rt-bob');
  assert.equal(await vault.readRefreshToken('555000000003'), null);
  assert.deepEqual(await vault.readAppCredential('555000000001', 'legacy-lab'), { username: 'alice', password: 'pw1' });
  assert.equal(await vault.readAppCredential('555000000002', 'legacy-lab'), null);
  assert.deepEqual(keychain.servicesOf('555000000001'), ['Lanyard app:legacy-lab', INDEX_SERVICE, REFRESH_TOKEN_SERVICE].sort());
  assert.deepEqual(await vault.listUsers(), ['555000000001', '555000000002']);
});

test('forgetUser removes every entry of that user and nobody else', async () => {
  const keychain = new MemoryKeychain();
  const vault = await CredentialVault.open(keychain);
  await Promise.all([
    vault.saveRefreshToken('u1', 't1'),
    vault.saveAppCredential('u1', 'app-a', { username: 'a', password: 'p' }),
    vault.saveAppCredential('u1', 'app-b', { username: 'b', password: 'q' }),
    vault.saveAppCredential('u2', 'app-a', { username: 'c', password: 'r' }),
  ]);
  const result = await vault.forgetUser('u1');
  assert.deepEqual(result, { userId: 'u1', removed: ['Lanyard app:app-a', 'Lanyard app:app-b', REFRESH_TOKEN_SERVICE] });
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
  await vault.saveRefreshToken('u1', 'secret-token');
  assert.equal(await vault.readRefreshToken('u1'), 'secret-token');
  assert.equal(keychain.calls, callsAfterProbe, 'the failed keychain is not touched again');
  assert.equal(keychain.entries.size, 0);
  assert.deepEqual((await vault.forgetUser('u1')).removed, [REFRESH_TOKEN_SERVICE]);
  assert.equal(await vault.readRefreshToken('u1'), null);
});

test('a keychain that stops answering after start-up fails the call in time instead of hanging', async () => {
  const keychain = new MemoryKeychain();
  const vault = await CredentialVault.open(keychain, { operationTimeoutMs: 100 });
  keychain.behaviour = 'hangs';
  await assert.rejects(vault.saveRefreshToken('u1', 't'), (e: unknown) => e instanceof KeychainError && e.code === 'timeout');
  keychain.behaviour = 'working';
  await vault.saveRefreshToken('u1', 't2'); // the queue is not wedged by the failed call
  assert.equal(await vault.readRefreshToken('u1'), 't2');
});

test('ids that cannot name an entry are refused', async () => {
  const vault = await CredentialVault.open(new MemoryKeychain());
  await assert.rejects(vault.saveRefreshToken('', 't'), (e: unknown) => e instanceof KeychainError && e.code === 'invalid-name');
  await assert.rejects(vault.saveAppCredential('u1', 'bad\nid', { username: 'a', password: 'b' }), (e: unknown) => e instanceof KeychainError && e.code === 'invalid-name');
});

test('forgetAllUsers leaves no user entry (start-up after a kill)', async () => {
  const keychain = new MemoryKeychain();
  const vault = await CredentialVault.open(keychain);
  await vault.saveRefreshToken('u1', 't1');
  await vault.saveAppCredential('u2', 'app-a', { username: 'a', password: 'p' });
  const results = await vault.forgetAllUsers();
  assert.deepEqual(results.map((r) => r.userId), ['u1', 'u2']);
  assert.equal(keychain.entries.size, 0);
});

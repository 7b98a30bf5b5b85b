import { test } from 'node:test';
import assert from 'node:assert/strict';
import { probeKeychain, PROBE_SERVICE } from '../../../main/identity/keychain/probe.js';
import { KeytarKeychain } from '../../../main/identity/keychain/keytar-keychain.js';
import { KeychainError } from '../../../main/identity/keychain/keychain-error.js';
import { MemoryKeychain } from '../../fixtures/memory-keychain.js';

test('a working keychain passes the probe and keeps nothing of it', async () => {
  const keychain = new MemoryKeychain();
  const result = await probeKeychain(keychain, { timeoutMs: 1000 });
  assert.equal(result.ok, true);
  assert.equal(keychain.entries.size, 0);
  assert.deepEqual(await keychain.accounts(PROBE_SERVICE), []);
});

test('a locked keychain that rejects writes is reported unavailable with a sentence for people', async () => {
  const result = await probeKeychain(new MemoryKeychain('locked'), { timeoutMs: 1000 });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.reason, 'unavailable');
  assert.match(result.detail, /locked collection/);
  assert.match(result.userMessage, /password store/);
});

test('a keychain that accepts writes but reads back null is not persisting', async () => {
  const result = await probeKeychain(new MemoryKeychain('reads-null'), { timeoutMs: 1000 });
  assert.equal(result.ok, false);
  if (!result.ok) assert.equal(result.reason, 'not-persisting');
});

test('a keychain that never answers is reported within the timeout', async () => {
  const started = performance.now();
  const result = await probeKeychain(new MemoryKeychain('hangs'), { timeoutMs: 150 });
  const elapsed = performance.now() - started;
  assert.equal(result.ok, false);
  if (!result.ok) assert.equal(result.reason, 'timeout');
  assert.ok(elapsed >= 140 && elapsed < 1000, `took ${elapsed} ms`);
});

test('a missing keytar native module gives native-missing, not a crash', async () => {
  const keychain = new KeytarKeychain(async () => { throw new Error('Cannot find module keytar.node'); });
  await assert.rejects(keychain.get('s', 'a'), (e: unknown) => e instanceof KeychainError && e.code === 'native-missing' && /keytar\.node/.test(e.message));
  const result = await probeKeychain(keychain, { timeoutMs: 500 });
  assert.equal(result.ok, false);
  if (!result.ok) assert.equal(result.reason, 'native-missing');
});

test('keytar errors become typed unavailable errors that keep the cause', async () => {
  const cause = new Error('Object does not exist at path /org/freedesktop/secrets/collection/login');
  const keychain = new KeytarKeychain(async () => ({
    getPassword: async () => { throw cause; },
    setPassword: async () => undefined,
    deletePassword: async () => false,
    findCredentials: async () => [{ account: 'b', password: 'x' }, { account: 'a', password: 'y' }, { account: 'b', password: 'z' }],
  }));
  await assert.rejects(keychain.get('s', 'a'), (e: unknown) => e instanceof KeychainError && e.code === 'unavailable' && e.cause === cause);
  assert.deepEqual(await keychain.accounts('s'), ['a', 'b']);
});

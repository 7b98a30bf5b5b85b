/** Remembered legacy sign-ins: sealed with the user's vault key, kept through forgetUser and the
 * start-up sweep, refused when they are another user's, removed by "Forget". */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CredentialVault } from '../../../main/identity/keychain/credential-vault.js';
import { KeychainError } from '../../../main/identity/keychain/keychain-error.js';
import { rememberedService } from '../../../main/identity/keychain/service-names.js';
import { MemoryKeychain } from '../../fixtures/memory-keychain.js';

const ALICE = '555000000001';
const BOB = '555000000002';
const keyA = randomBytes(32);
const keyB = randomBytes(32);
const cred = { username: 'alice', password: 'lab password 1' };
const notYours = (e: unknown) => e instanceof KeychainError && e.code === 'not-yours' && /not yours/.test(e.userMessage);

test('a remembered sign-in is sealed in the keychain and opens only with its user\'s key', async () => {
  const keychain = new MemoryKeychain();
  const vault = await CredentialVault.open(keychain);
  await vault.rememberAppCredential(ALICE, 'legacy-lab', cred, keyA);
  const stored = await keychain.get(rememberedService('legacy-lab'), ALICE);
  assert.ok(stored && !stored.includes(cred.password) && !stored.includes(cred.username), 'no plain text in the keychain');
  assert.deepEqual(await vault.readRememberedCredential(ALICE, 'legacy-lab', keyA), cred);
  await assert.rejects(vault.readRememberedCredential(ALICE, 'legacy-lab', keyB), notYours);
  assert.equal(await vault.readRememberedCredential(BOB, 'legacy-lab', keyB), null, 'nothing is stored for Bob');
});

test('another user\'s entry copied under my account, or moved to another app, is refused and left in place', async () => {
  const keychain = new MemoryKeychain();
  const vault = await CredentialVault.open(keychain);
  await vault.rememberAppCredential(ALICE, 'legacy-lab', cred, keyA);
  const sealed = (await keychain.get(rememberedService('legacy-lab'), ALICE))!;
  await keychain.set(rememberedService('legacy-lab'), BOB, sealed);
  await keychain.set(rememberedService('rota'), ALICE, sealed);
  // Even with Alice's own key, her entry does not open as Bob's or as another app's.
  await assert.rejects(vault.readRememberedCredential(BOB, 'legacy-lab', keyA), notYours);
  await assert.rejects(vault.readRememberedCredential(ALICE, 'rota', keyA), notYours);
  assert.equal(await keychain.get(rememberedService('legacy-lab'), BOB), sealed, 'nothing lost: IT can look at it');
  await keychain.set(rememberedService('legacy-lab'), ALICE, JSON.stringify(cred)); // a plain entry planted by hand
  await assert.rejects(vault.readRememberedCredential(ALICE, 'legacy-lab', keyA), notYours);
});

test('session end (forgetUser) and the start-up sweep keep remembered sign-ins; Forget removes one', async () => {
  const keychain = new MemoryKeychain();
  const vault = await CredentialVault.open(keychain);
  await vault.rememberAppCredential(ALICE, 'legacy-lab', cred, keyA);
  await vault.saveAppCredential(ALICE, 'rota', { username: 'a', password: 'session only' });
  await vault.forgetUser(ALICE, ['legacy-lab', 'rota']);
  await vault.forgetAllUsers(['legacy-lab', 'rota']);
  assert.equal(await vault.readAppCredential(ALICE, 'rota'), null, 'the session entry is gone');
  assert.deepEqual(await vault.readRememberedCredential(ALICE, 'legacy-lab', keyA), cred, 'the remembered one stays');
  assert.equal(await vault.forgetRememberedCredential(ALICE, 'legacy-lab'), true);
  assert.equal(await vault.readRememberedCredential(ALICE, 'legacy-lab', keyA), null);
  assert.equal(await vault.forgetRememberedCredential(ALICE, 'legacy-lab'), false);
});

test('a vault key shorter than 32 bytes is not used', async () => {
  const vault = await CredentialVault.open(new MemoryKeychain());
  await assert.rejects(vault.rememberAppCredential(ALICE, 'legacy-lab', cred, randomBytes(16)), RangeError);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryAdapterFactory } from '../../../main/idp/memory-adapter.js';

test('concurrent session writes keep every client authorization (so every app gets back-channel logout)', async () => {
  const sessions = memoryAdapterFactory()('Session');
  await sessions.upsert('jti', { accountId: 'u1', uid: 'uid-1', authorizations: { shell: { sid: 's0' } } }, 60);
  // Two app logins read the same session, then each writes back its own view.
  await sessions.upsert('jti', { accountId: 'u1', uid: 'uid-1', authorizations: { shell: { sid: 's0' }, 'patient-record': { sid: 's1' } } }, 60);
  await sessions.upsert('jti', { accountId: 'u1', uid: 'uid-1', authorizations: { shell: { sid: 's0' }, prescribing: { sid: 's2' } } }, 60);
  const stored = await sessions.find('jti');
  assert.deepEqual(Object.keys(stored?.authorizations ?? {}).sort(), ['patient-record', 'prescribing', 'shell']);
  assert.equal((await sessions.findByUid('uid-1'))?.accountId, 'u1');
  // A different person in the session is not merged with the previous one.
  await sessions.upsert('jti', { accountId: 'u2', uid: 'uid-1', authorizations: { shell: { sid: 's9' } } }, 60);
  assert.deepEqual(Object.keys((await sessions.find('jti'))?.authorizations ?? {}), ['shell']);
});

test('expiry, consume, destroy and revocation by grant', async () => {
  let now = 0;
  const factory = memoryAdapterFactory(() => now);
  const codes = factory('AuthorizationCode');
  const tokens = factory('RefreshToken');
  await codes.upsert('c1', { grantId: 'g1' }, 10);
  await tokens.upsert('r1', { grantId: 'g1' }, 100);
  await tokens.upsert('r2', { grantId: 'g2' }, 100);
  await codes.consume('c1');
  assert.equal(typeof (await codes.find('c1'))?.consumed, 'number');
  now = 10_001;
  assert.equal(await codes.find('c1'), undefined, 'expired');
  await tokens.revokeByGrantId('g1');
  assert.equal(await tokens.find('r1'), undefined);
  assert.ok(await tokens.find('r2'), 'other grants untouched');
  await tokens.destroy('r2');
  assert.equal(await tokens.find('r2'), undefined);
});

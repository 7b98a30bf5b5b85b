/** Shift-long sessions: tokens refreshed before they expire while active and while suspended, not
 * after the session ends; a failed refresh handled as policy says, and audited. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRig, signIn, type Rig, type RigUser } from '../../fixtures/station/rig.js';
import { KEEP_WORKING_TEXT, LOCKED_TEXT } from '../../../main/app/station/refresh-failure.js';


const refreshes = (rig: Rig, user: RigUser) => rig.identity.refreshes.get(user.userId) ?? 0;
const failures = (rig: Rig) => rig.audit.filter((e) => e.event === 'token-refresh-failed');

test('a 12-hour shift on 60-second tokens: refreshed before each expiry, active and suspended, never after the end', async () => {
  const rig = await makeRig({ idleTimeoutSeconds: 86400, suspendedTimeoutSeconds: 600 });
  rig.identity.accessTokenLifetimeSeconds = 60;
  const a = rig.users[0]!;
  await signIn(rig, a);
  await rig.advance(44_000);
  assert.equal(refreshes(rig, a), 0, 'not before three quarters of the lifetime');
  await rig.advance(2_000);
  assert.equal(refreshes(rig, a), 1);
  await rig.advance(12 * 3600_000);
  assert.ok(refreshes(rig, a) >= (12 * 3600) / 45 - 1, `every ~45 s for 12 hours (${refreshes(rig, a)})`);
  assert.equal(rig.screen(), 'active');
  // Tokens stay in memory: what the station stored for her is form apps' sign-ins, nothing else.
  const formApps = rig.policy.apps.filter((app) => app.signIn === 'form').map((app) => app.id);
  assert.deepEqual([...(rig.secrets.entries.get(a.userId)?.keys() ?? [])].filter((id) => !formApps.includes(id)), []);

  rig.cards.pull('r0'); // suspended: still kept fresh within the timeout
  await rig.settle();
  const atSuspend = refreshes(rig, a);
  await rig.advance(500_000);
  assert.ok(refreshes(rig, a) >= atSuspend + 10, 'refreshed while suspended');
  await rig.advance(200_000); // the suspended timeout ends the session
  assert.ok(rig.audit.some((e) => e.event === 'session-ended' && e.userId === a.userId));
  const atEnd = refreshes(rig, a);
  await rig.advance(600_000);
  assert.equal(refreshes(rig, a), atEnd, 'nothing refreshed after the session ended');
  assert.equal(failures(rig).length, 0);
  await rig.stop();
});

test('a revoked refresh token with onRefreshFailure lock: locked, asked for the card, audited once', async () => {
  const rig = await makeRig({ onRefreshFailure: 'lock', idleTimeoutSeconds: 86400 });
  rig.identity.accessTokenLifetimeSeconds = 60;
  const a = rig.users[0]!;
  await signIn(rig, a);
  rig.identity.refreshMode = 'revoked';
  await rig.advance(46_000);
  assert.equal(rig.screen(), 'locked');
  assert.equal(rig.host.view?.message?.text, LOCKED_TEXT);
  assert.deepEqual(failures(rig).map((e) => [e.userId, e.reason]), [[a.userId, 'refresh-failed; lock']]);
  assert.equal(rig.controller.station.suspended().length, 1, 'suspended, not ended: the work is kept');
  await rig.advance(600_000);
  assert.equal(failures(rig).length, 1, 'not retried');
  await rig.stop();
});

test('a revoked refresh token with onRefreshFailure keep-working: apps stay, the user is told', async () => {
  const rig = await makeRig({ onRefreshFailure: 'keep-working', idleTimeoutSeconds: 86400 });
  rig.identity.accessTokenLifetimeSeconds = 60;
  const a = rig.users[0]!;
  await signIn(rig, a);
  rig.identity.refreshMode = 'revoked';
  await rig.advance(46_000);
  assert.equal(rig.screen(), 'active');
  assert.equal(rig.host.view?.message?.text, KEEP_WORKING_TEXT);
  assert.deepEqual(failures(rig).map((e) => e.reason), ['refresh-failed; keep-working']);
  await rig.stop();
});

test('the provider down for a moment: tried again while the token lasts, no failure; down too long: one failure', async () => {
  const rig = await makeRig({ onRefreshFailure: 'lock', idleTimeoutSeconds: 86400 });
  rig.identity.accessTokenLifetimeSeconds = 120;
  const a = rig.users[0]!;
  await signIn(rig, a);
  rig.identity.mode = 'down';
  await rig.advance(91_000); // first refresh at 90 s fails, retried 15 s later
  rig.identity.mode = 'up';
  await rig.advance(15_000);
  assert.equal(refreshes(rig, a), 1);
  assert.equal(failures(rig).length, 0);
  rig.identity.mode = 'down';
  await rig.advance(120_000); // the new token runs out while the provider stays down
  assert.deepEqual(failures(rig).map((e) => e.reason), ['idp-unreachable; lock']);
  assert.equal(rig.screen(), 'locked');
  await rig.stop();
});

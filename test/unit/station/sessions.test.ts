/** Walk-away rules of the station controller: deadlines per suspended session, audit lines that
 * name the session's own user, role and method, resumes that prove the card, merged resumes that
 * give back what they redeemed, and a fingerprint wait that does not flood the audit log. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRig, signIn, type Rig, type RigUser } from '../../fixtures/station/rig.js';
import { cloneOf } from '../../fixtures/station/fake-cards.js';


const ended = (rig: Rig) => rig.audit.filter((e) => e.event === 'session-ended');

test('every suspended session ends at its own deadline, however often users switch', async () => {
  const rig = await makeRig({ suspendedTimeoutSeconds: 600, maxSuspendedUsers: 5 });
  const [a, b, c] = rig.users as [RigUser, RigUser, RigUser];
  await signIn(rig, a);
  await rig.advance(100_000);
  await signIn(rig, b, 'r1'); // A suspended at 100 s
  rig.cards.pull('r0');
  await rig.advance(100_000);
  await signIn(rig, c, 'r0'); // B suspended at 200 s
  rig.cards.pull('r1');
  await rig.advance(499_000); // t = 699 s: 599 s after A's suspension
  assert.equal(ended(rig).length, 0);
  await rig.advance(1000);
  assert.deepEqual(ended(rig).map((e) => e.userId), [a.userId], 'A ends at its deadline although B was suspended later');
  await rig.advance(100_000);
  assert.deepEqual(ended(rig).map((e) => e.userId), [a.userId, b.userId]);
  await rig.stop();
});

test('a resume that fails goes back to suspended and still ends at its deadline', async () => {
  const rig = await makeRig({ suspendedTimeoutSeconds: 600, pinGraceSeconds: 0 });
  const a = rig.users[0]!;
  await signIn(rig, a);
  rig.cards.pull('r0');
  await rig.advance(300_000);
  rig.cards.insert('r0', a.card);
  await rig.settle();
  assert.equal(rig.screen(), 'pin');
  await rig.host.send({ type: 'cancel' });
  await rig.settle();
  assert.equal(rig.controller.station.suspended().length, 1);
  await rig.advance(300_000);
  assert.deepEqual(ended(rig).map((e) => e.reason), ['suspended-timeout']);
  assert.equal(rig.controller.station.suspended().length, 0);
  await rig.stop();
});

test("audit lines carry the session's own user, role and method, whoever is in front", async () => {
  const rig = await makeRig({ maxSuspendedUsers: 1 });
  const [a, b, c] = rig.users as [RigUser, RigUser, RigUser];
  await signIn(rig, a, 'r0', 1); // Dr Patel as R8001
  const roleA = rig.audit.find((e) => e.event === 'role-selected')?.role;
  await signIn(rig, b, 'r1'); // switches user: A suspended
  rig.cards.pull('r0');
  await rig.settle();
  await rig.host.send({ type: 'lock' }); // B suspended: the limit (1) ends A
  await rig.settle();
  rig.cards.pull('r1');
  await signIn(rig, c, 'r0');
  const byUser = (userId: string) => rig.audit.filter((e) => e.userId === userId);
  for (const line of byUser(a.userId).filter((e) => e.event !== 'auth-started' && e.event !== 'auth-succeeded')) {
    assert.equal(line.role, roleA, `${line.event} of A names A's role`);
    assert.equal(line.method, 'smartcard');
  }
  const switched = rig.audit.find((e) => e.event === 'switched-user');
  assert.equal(switched?.userId, a.userId);
  assert.equal(switched?.role, roleA);
  const locked = rig.audit.find((e) => e.event === 'locked');
  assert.equal(locked?.userId, b.userId);
  assert.equal(locked?.role, 'R8003 (Sam Jones)');
  const endA = byUser(a.userId).find((e) => e.event === 'session-ended');
  assert.equal(endA?.reason, 'suspended-limit');
  assert.equal(endA?.role, roleA);
  await rig.stop();
});

test('within the PIN grace a card with a Card Authentication key resumes with no PIN; one without asks for it', async () => {
  const rig = await makeRig({ pinGraceSeconds: 60 });
  const [a, , c] = rig.users as [RigUser, RigUser, RigUser];
  await signIn(rig, a);
  rig.host.type('unsaved note');
  rig.cards.pull('r0');
  await rig.settle();
  const verifies = a.card.verifies;
  rig.cards.insert('r0', a.card);
  await rig.settle();
  assert.equal(rig.screen(), 'active');
  assert.equal(a.card.verifies, verifies, 'no PIN asked');
  assert.equal(rig.host.partitions.get(rig.host.visible!.partition)?.pages.get(rig.host.visible!.appId)?.typed, 'unsaved note');
  rig.cards.pull('r0');
  await signIn(rig, c, 'r1'); // Lee's card has no 9E key
  rig.cards.pull('r1');
  await rig.settle();
  rig.cards.insert('r1', c.card);
  await rig.settle();
  assert.equal(rig.screen(), 'pin', 'a card that cannot prove itself without its PIN is asked for it');
  await rig.stop();
});

test('a copy of a card (its readable objects, not its keys) never resumes the session within the grace', async () => {
  const rig = await makeRig({ pinGraceSeconds: 60 });
  const a = rig.users[0]!;
  await signIn(rig, a);
  rig.cards.pull('r0');
  await rig.settle();
  rig.cards.insert('r0', await cloneOf(a.card));
  await rig.settle();
  assert.notEqual(rig.screen(), 'active');
  assert.equal(rig.controller.station.suspended().length, 1, 'the suspended work is kept for its owner');
  assert.equal(rig.host.visible, undefined);
  await rig.stop();
});

test("resumed by the person's fingerprint key instead: the key sign-in's fresh tokens are revoked", async () => {
  const rig = await makeRig({ resumeWith: 'any-method' });
  const b = rig.users[1]!; // one role: tokens are due as soon as the provider answers
  await signIn(rig, b);
  rig.cards.pull('r0');
  await rig.settle();
  assert.equal(rig.identity.liveTokens.size, 1);
  rig.keys.plug('hid-1', b.keyCredential);
  await rig.settle();
  assert.ok(rig.keys.touch(), 'the key waits for a finger on the lock screen');
  await rig.settle();
  assert.equal(rig.screen(), 'active');
  assert.equal(rig.controller.station.front()?.method, 'smartcard', 'the card session came back');
  assert.equal(rig.identity.liveTokens.size, 1, 'only the resumed session holds tokens');
  await rig.stop();
});

test('the fingerprint wait while the provider is down: back-off and one audit line per outage', async () => {
  const rig = await makeRig();
  rig.identity.mode = 'down';
  rig.keys.plug('hid-1', rig.users[1]!.keyCredential);
  await rig.advance(3_600_000); // an hour
  const failures = rig.audit.filter((e) => e.event === 'auth-failed');
  assert.equal(failures.length, 1, 'one line for the outage');
  assert.ok(rig.identity.requests < 100, `provider asked ${rig.identity.requests} times in an hour`);
  rig.identity.mode = 'up';
  await rig.advance(120_000);
  assert.ok(rig.keys.touch(), 'waiting for a finger again once the provider is back');
  await rig.settle();
  assert.equal(rig.screen(), 'active');
  await rig.stop();
});

test('a quiet ward: no finger for an hour asks the provider for a new sign-in only when its challenge runs out', async () => {
  const rig = await makeRig();
  rig.keys.plug('hid-1', rig.users[1]!.keyCredential);
  await rig.settle();
  for (let i = 0; i < 120; i++) { rig.keys.timeOut(); await rig.advance(30_000); }
  assert.ok(rig.identity.requests <= 65, `provider asked ${rig.identity.requests} times in an hour`);
  await rig.stop();
});

test('after Lock with the card still in, the lock screen says so (take it out and tap again)', async () => {
  const rig = await makeRig();
  await signIn(rig, rig.users[1]!);
  await rig.host.send({ type: 'lock' });
  await rig.settle();
  assert.equal(rig.screen(), 'locked');
  assert.equal(rig.host.view?.cardInReader, true);
  rig.cards.pull('r0');
  await rig.settle();
  assert.equal(rig.host.view?.cardInReader, undefined);
  await rig.stop();
});

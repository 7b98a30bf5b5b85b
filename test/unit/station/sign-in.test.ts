/** The station controller's attempts: a pulled card abandons whatever is in flight at once, and
 * what the abandoned attempt obtained is given back. Real controller, fake ports, fake clock. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRig, type Rig } from '../../fixtures/station/rig.js';

async function tapAndPin(rig: Rig, user = rig.users[0]!, reader = 'r0'): Promise<void> {
  rig.cards.insert(reader, user.card);
  await rig.settle();
  assert.equal(rig.screen(), 'pin');
  await rig.host.send({ type: 'submit-pin', pin: user.card.pin });
  await rig.settle();
}

test('a card pulled 50 ms into a 300 ms provider answer locks at once and leaves no session behind', async () => {
  const rig = await makeRig();
  rig.identity.delayMs = 300;
  await tapAndPin(rig);
  assert.equal(rig.screen(), 'signing-in');
  await rig.advance(50);
  rig.cards.pull('r0');
  await rig.settle();
  assert.equal(rig.screen(), 'locked', 'the lock screen does not wait for the provider');
  await rig.advance(5000); // the provider answers meanwhile; its answers are dropped
  assert.equal(rig.screen(), 'locked');
  assert.equal(rig.controller.station.front(), undefined);
  assert.equal(rig.controller.station.suspended().length, 0);
  const events = rig.audit.map((e) => e.event);
  assert.ok(!events.includes('role-selected') && !events.includes('app-opened'), events.join(','));
  assert.equal(rig.identity.liveTokens.size, 0, 'whatever the abandoned attempt redeemed is revoked');
  assert.equal(rig.host.partitions.size, 0, 'no partition is left');
  await rig.stop();
});

test('a card pulled while the role is being redeemed gives back the tokens and the partition', async () => {
  const rig = await makeRig();
  await tapAndPin(rig); // Dr Patel has two roles
  assert.equal(rig.screen(), 'choose-role');
  rig.identity.delayMs = 300;
  await rig.host.send({ type: 'choose-role', roleId: rig.host.view!.roles![0]!.id });
  await rig.advance(100);
  rig.cards.pull('r0');
  await rig.settle();
  assert.equal(rig.screen(), 'locked');
  await rig.advance(2000);
  assert.equal(rig.identity.liveTokens.size, 0);
  assert.equal(rig.host.partitions.size, 0);
  assert.equal(rig.host.visible, undefined);
  await rig.stop();
});

test('a pull after choosing a tab that loads slowly locks without waiting for the load', async () => {
  const rig = await makeRig();
  await tapAndPin(rig);
  await rig.host.send({ type: 'choose-role', roleId: rig.host.view!.roles![0]!.id });
  await rig.settle();
  assert.equal(rig.screen(), 'active');
  rig.host.loadMs = 10_000;
  rig.host.failing.add('rx');
  // rx failed to open; choosing it again starts a slow load
  await rig.host.send({ type: 'select-tab', appId: 'rx' });
  await rig.advance(100);
  rig.cards.pull('r0');
  await rig.settle();
  assert.equal(rig.screen(), 'locked');
  assert.equal(rig.host.visible, undefined);
  await rig.stop();
});

test('the provider down: tried again on the clock with back-off, one sentence, then ready for the next tap', async () => {
  const rig = await makeRig();
  rig.identity.mode = 'down';
  await tapAndPin(rig);
  const before = rig.identity.requests;
  await rig.advance(10_000);
  assert.equal(rig.identity.requests - before, 2, 'two more tries after the first');
  assert.equal(rig.screen(), 'locked');
  assert.match(rig.host.view!.message?.text ?? '', /./);
  assert.equal(rig.audit.filter((e) => e.event === 'session-ended').length, 1);
  await rig.stop();
});

test('a wrong PIN is never retried: the pad comes back with the tries the card reported', async () => {
  const rig = await makeRig();
  const user = rig.users[0]!;
  rig.cards.insert('r0', user.card);
  await rig.settle();
  await rig.host.send({ type: 'submit-pin', pin: '999999' });
  await rig.settle();
  assert.equal(rig.screen(), 'pin');
  assert.equal(rig.host.view!.pin?.triesLeft, 2);
  assert.equal(user.card.verifies, 1);
  const failed = rig.audit.find((e) => e.event === 'pin-failed');
  assert.equal(failed?.method, 'smartcard');
  await rig.stop();
});

test('a card reset by another program between the PIN and its signature: the PIN pad again, with the reason, and the next PIN signs in', async () => {
  const rig = await makeRig();
  const user = rig.users[0]!;
  user.card.resetBeforeSign = true;
  await tapAndPin(rig, user);
  assert.equal(rig.screen(), 'pin', 'back to the PIN pad, not the lock screen');
  assert.match(rig.host.view!.message?.text ?? '', /reset your card, so it needs your PIN again/);
  assert.equal(rig.audit.filter((e) => e.event === 'pin-failed').length, 0, 'no PIN failure recorded: nothing was wrong with it');
  await rig.host.send({ type: 'submit-pin', pin: user.card.pin });
  await rig.settle();
  if (rig.screen() === 'choose-role') await rig.host.send({ type: 'choose-role', roleId: rig.host.view!.roles![0]!.id });
  await rig.settle();
  assert.equal(rig.screen(), 'active');
  assert.equal(user.card.triesLeft, 3);
  await rig.stop();
});

test('two cards tapped within 10 ms: the second is the sign-in in front, the first is abandoned cleanly', async () => {
  const rig = await makeRig();
  rig.cards.insert('r0', rig.users[0]!.card);
  await rig.advance(5);
  rig.cards.insert('r1', rig.users[1]!.card);
  await rig.settle();
  assert.equal(rig.screen(), 'pin');
  await rig.host.send({ type: 'submit-pin', pin: rig.users[1]!.card.pin });
  await rig.settle();
  assert.equal(rig.screen(), 'active');
  assert.equal(rig.controller.station.front()?.userId, rig.users[1]!.userId);
  assert.equal(rig.controller.station.suspended().length, 0);
  await rig.stop();
});

test('bad input: a removal for a reader that never had the card, and events after stop, change nothing', async () => {
  const rig = await makeRig();
  await tapAndPin(rig, rig.users[1]!);
  assert.equal(rig.screen(), 'active');
  rig.cards.spuriousRemoval('card-x');
  await rig.settle();
  assert.equal(rig.screen(), 'active');
  await rig.stop();
  const lines = rig.audit.length;
  rig.cards.insert('r1', rig.users[0]!.card);
  await rig.host.send({ type: 'lock' });
  await rig.settle();
  assert.equal(rig.audit.length, lines);
});

test('stop() revokes every session\'s tokens and clears partitions before it resolves', async () => {
  const rig = await makeRig();
  await tapAndPin(rig, rig.users[1]!);
  rig.cards.pull('r0');
  await rig.settle();
  await tapAndPin(rig, rig.users[2]!, 'r1');
  assert.equal(rig.identity.liveTokens.size, 2);
  await rig.stop();
  assert.equal(rig.identity.liveTokens.size, 0);
  assert.equal(rig.host.partitions.size, 0);
  assert.deepEqual(rig.audit.filter((e) => e.event === 'session-ended').map((e) => e.reason), ['shutdown', 'shutdown']);
});

test('a keychain that hangs during teardown leaves the station ready for the next tap', async () => {
  const rig = await makeRig();
  await tapAndPin(rig, rig.users[1]!);
  rig.secrets.mode = 'hangs';
  await rig.host.send({ type: 'logout' });
  await rig.settle();
  assert.equal(rig.screen(), 'locked');
  rig.cards.pull('r0');
  await tapAndPin(rig, rig.users[2]!, 'r1');
  assert.equal(rig.screen(), 'active');
  await rig.stop();
});

/** Remembered legacy sign-ins across sessions: filled in the same user's next session, never in
 * another user's; another user's entry is refused and kept; Forget removes it; without a vault key
 * a sign-in is remembered for the session only. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FORM_APP, makeRig, signIn, type Rig, type RigUser } from '../../fixtures/station/rig.js';


/** The lab tab is opened and shows its login page. */
async function openLogin(rig: Rig, partition: string): Promise<void> {
  await rig.host.send({ type: 'select-tab', appId: FORM_APP.id });
  await rig.settle();
  rig.host.emit({ type: 'app-loaded', partition, appId: FORM_APP.id, url: FORM_APP.form.loginUrl });
  await rig.settle();
}

async function logOut(rig: Rig): Promise<void> {
  await rig.host.send({ type: 'logout' });
  await rig.settle();
  rig.cards.pull('r0');
  await rig.settle();
}

const labTab = (rig: Rig) => rig.host.view?.tabs.find((t) => t.id === FORM_APP.id);

async function rememberByHand(rig: Rig, partition: string, username: string, password: string): Promise<void> {
  rig.host.emit({ type: 'manual-login', partition, appId: FORM_APP.id, origin: 'https://lab.test', username, password });
  await rig.settle();
  assert.equal(rig.host.view?.rememberOffer?.appId, FORM_APP.id);
  await rig.host.send({ type: 'remember-login', appId: FORM_APP.id, remember: true });
  await rig.settle();
}

test('a remembered sign-in is filled in the same user\'s next session, never in another user\'s', async () => {
  const rig = await makeRig({}, { formApp: true });
  const [a, b] = rig.users as [RigUser, RigUser];
  let partition = await signIn(rig, a);
  await openLogin(rig, partition);
  assert.equal(rig.host.fills.length, 0, 'nothing remembered yet');
  await rememberByHand(rig, partition, 'apatel', 'lab pw');
  assert.equal(labTab(rig)?.remembered, true, 'the shell can offer Forget');
  await logOut(rig);
  assert.ok(rig.secrets.remembered.get(a.userId)?.has(FORM_APP.id), 'kept through the session end');

  partition = await signIn(rig, b);
  await openLogin(rig, partition);
  assert.equal(rig.host.fills.length, 0, 'Sam gets nothing of Dr Patel\'s');
  assert.notEqual(labTab(rig)?.remembered, true);
  await logOut(rig);

  partition = await signIn(rig, a);
  await openLogin(rig, partition);
  assert.deepEqual(rig.host.fills.map((f) => [f.partition, f.fill.username, f.fill.password]), [[partition, 'apatel', 'lab pw']]);
  assert.ok(rig.audit.some((e) => e.event === 'credential-filled' && e.userId === a.userId));
  await rig.stop();
});

test('another user\'s entry under my account is refused, audited and left in place', async () => {
  const rig = await makeRig({}, { formApp: true });
  const [a, b] = rig.users as [RigUser, RigUser];
  let partition = await signIn(rig, a);
  await openLogin(rig, partition);
  await rememberByHand(rig, partition, 'apatel', 'lab pw');
  await logOut(rig);
  // Someone copies Dr Patel's sealed entry to Sam's account.
  const planted = rig.secrets.remembered.get(a.userId)!.get(FORM_APP.id)!;
  rig.secrets.remembered.set(b.userId, new Map([[FORM_APP.id, planted]]));

  partition = await signIn(rig, b);
  await openLogin(rig, partition);
  assert.equal(rig.host.fills.length, 0);
  const refused = rig.audit.find((e) => e.event === 'refused' && e.app === FORM_APP.id);
  assert.equal(refused?.userId, b.userId);
  assert.match(refused?.reason ?? '', /not this user/);
  assert.equal(rig.secrets.remembered.get(b.userId)?.get(FORM_APP.id), planted, 'nothing lost');
  await rig.stop();
});

test('Forget removes the remembered sign-in: the next session fills nothing', async () => {
  const rig = await makeRig({}, { formApp: true });
  const a = rig.users[0]!;
  let partition = await signIn(rig, a);
  await openLogin(rig, partition);
  await rememberByHand(rig, partition, 'apatel', 'lab pw');
  await rig.host.send({ type: 'forget-login', appId: FORM_APP.id });
  await rig.settle();
  assert.equal(rig.secrets.remembered.get(a.userId)?.has(FORM_APP.id), false);
  assert.notEqual(labTab(rig)?.remembered, true);
  assert.ok(rig.audit.some((e) => e.event === 'credential-forgotten' && e.userId === a.userId && e.app === FORM_APP.id));
  await logOut(rig);
  partition = await signIn(rig, a);
  await openLogin(rig, partition);
  assert.equal(rig.host.fills.length, 0);
  await rig.stop();
});

test('a provider that releases no vault key: Remember lasts for the session only', async () => {
  const rig = await makeRig({}, { formApp: true });
  rig.identity.releaseVaultKeys = false;
  const a = rig.users[0]!;
  let partition = await signIn(rig, a);
  await openLogin(rig, partition);
  await rememberByHand(rig, partition, 'apatel', 'lab pw');
  assert.equal(rig.secrets.remembered.size, 0, 'nothing kept across sessions');
  rig.host.emit({ type: 'app-loaded', partition, appId: FORM_APP.id, url: FORM_APP.form.loginUrl });
  await rig.settle();
  assert.equal(rig.host.fills.length, 1, 'filled again within the session');
  await logOut(rig);
  partition = await signIn(rig, a);
  await openLogin(rig, partition);
  assert.equal(rig.host.fills.length, 1, 'not in the next session');
  await rig.stop();
});

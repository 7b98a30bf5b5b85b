/** Remember belongs to the person: the station offers it only for the session's own account in a
 * form app, warns and stores nothing for someone else's, never fills another person's, and marks
 * an offer it cannot check (where policy allows one). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FormSignIn } from '../../../main/core/policy/types.js';
import { FORM_APP, makeRig, signIn, type Rig } from '../../fixtures/station/rig.js';


async function typeLogin(rig: Rig, partition: string, username: string, password = 'lab pw'): Promise<void> {
  await rig.host.send({ type: 'select-tab', appId: FORM_APP.id });
  rig.host.emit({ type: 'manual-login', partition, appId: FORM_APP.id, origin: 'https://lab.test', username, password });
  await rig.settle();
}

/** The rig's lab app as policy has it (tests change its account rules). */
function labForm(rig: Rig): FormSignIn {
  return rig.policy.apps.find((a) => a.id === FORM_APP.id)!.form!;
}

const nothingStored = (rig: Rig) => rig.secrets.remembered.size === 0 && [...rig.secrets.entries.values()].every((m) => !m.has(FORM_APP.id));

test('Sam signing in to the app as Dr Patel is warned, and nothing is kept even if Remember is sent', async () => {
  const rig = await makeRig({}, { formApp: true });
  const sam = rig.users[1]!;
  const partition = await signIn(rig, sam);
  await typeLogin(rig, partition, 'apatel');
  assert.equal(rig.host.view?.rememberOffer, undefined, 'no offer');
  assert.deepEqual(rig.host.view?.rememberRefused, { appId: FORM_APP.id, appName: FORM_APP.name, username: 'apatel', reason: 'not-yours' });
  const refused = rig.audit.find((e) => e.event === 'refused' && e.app === FORM_APP.id);
  assert.equal(refused?.userId, sam.userId);
  assert.match(refused?.reason ?? '', /another person's account/);
  await rig.host.send({ type: 'remember-login', appId: FORM_APP.id, remember: true }); // a forged or stale answer
  await rig.settle();
  assert.ok(nothingStored(rig), 'nothing in the keychain');
  assert.equal(rig.host.view?.rememberRefused, undefined, 'the warning is dismissed');
  assert.ok(!rig.audit.some((e) => e.event === 'credential-remembered'));
  await rig.stop();
});

test('the person\'s own account, in any case and with spaces, is offered as verified and remembered', async () => {
  const rig = await makeRig({}, { formApp: true });
  const patel = rig.users[0]!;
  const partition = await signIn(rig, patel);
  await typeLogin(rig, partition, ' APatel ');
  assert.deepEqual(rig.host.view?.rememberOffer, { appId: FORM_APP.id, appName: FORM_APP.name, username: ' APatel ', verified: true });
  await rig.host.send({ type: 'remember-login', appId: FORM_APP.id, remember: true });
  await rig.settle();
  assert.equal(rig.secrets.remembered.get(patel.userId)?.get(FORM_APP.id)?.credential.password, 'lab pw');
  assert.equal(rig.audit.find((e) => e.event === 'credential-remembered')?.reason, 'until forgotten');
  await rig.stop();
});

test('a saved sign-in that is not the person\'s account is never filled', async () => {
  const rig = await makeRig({}, { formApp: true });
  const sam = rig.users[1]!;
  // An entry under Sam's ID with Dr Patel's username (kept from before policy named the account).
  await rig.secrets.saveAppCredential(sam.userId, FORM_APP.id, { username: 'apatel', password: 'her pw' });
  const partition = await signIn(rig, sam);
  rig.host.emit({ type: 'app-loaded', partition, appId: FORM_APP.id, url: FORM_APP.form.loginUrl });
  await rig.settle();
  assert.equal(rig.host.fills.length, 0);
  assert.match(rig.audit.find((e) => e.event === 'refused' && e.app === FORM_APP.id)?.reason ?? '', /not this user's account/);
  await rig.stop();
});

test('no account rule: no offer by default (the user is told why); with offerUnverified, an offer marked unverified', async () => {
  const rig = await makeRig({}, { formApp: true });
  const sam = rig.users[1]!;
  delete labForm(rig).username;
  const partition = await signIn(rig, sam);
  await typeLogin(rig, partition, 'sjones');
  assert.equal(rig.host.view?.rememberOffer, undefined);
  assert.equal(rig.host.view?.rememberRefused?.reason, 'cannot-check');
  await rig.host.send({ type: 'remember-login', appId: FORM_APP.id, remember: true });
  await rig.settle();
  assert.ok(nothingStored(rig));

  labForm(rig).offerUnverified = true;
  await typeLogin(rig, partition, 'sjones', 'other pw');
  assert.deepEqual(rig.host.view?.rememberOffer, { appId: FORM_APP.id, appName: FORM_APP.name, username: 'sjones', verified: false });
  await rig.host.send({ type: 'remember-login', appId: FORM_APP.id, remember: true });
  await rig.settle();
  assert.equal(rig.secrets.remembered.get(sam.userId)?.get(FORM_APP.id)?.credential.username, 'sjones');
  assert.equal(rig.audit.find((e) => e.event === 'credential-remembered')?.reason, 'until forgotten; account not checked');
  await rig.stop();
});

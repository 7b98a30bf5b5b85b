/** Preferences through the real station controller with a real preferences store (files in a
 * temporary folder): the role a user chose last is marked on their next role picker, a tab they
 * moved stays moved in their next session (and opens first), display settings reach the view, and
 * what policy fixes is reported fixed and refused. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRig, type Rig, type RigUser } from '../../fixtures/station/rig.js';
import { PreferencesStore } from '../../../main/app/preferences-store.js';
import type { PreferencesPolicy } from '../../../main/core/policy/types.js';
import type { Log } from '../../../main/core/ports/log.js';

const quiet: Log = { traffic() {}, debug() {}, info() {}, warn() {}, error() {}, child() { return quiet; } };

async function rigWithStore(t: { after(fn: () => unknown): void }, policy?: PreferencesPolicy): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-station-prefs-'));
  const rig = await makeRig({}, {
    ...(policy ? { preferencesPolicy: policy } : {}),
    preferences: (p) => new PreferencesStore({ dir, policy: p.preferences, log: quiet, audit: { record() {} } }),
  });
  t.after(async () => { await rig.stop(); rmSync(dir, { recursive: true, force: true }); });
  return rig;
}

async function toRolePicker(rig: Rig, user: RigUser): Promise<void> {
  rig.cards.insert('r0', user.card);
  await rig.settle();
  await rig.host.send({ type: 'submit-pin', pin: user.card.pin });
  await rig.settle();
  assert.equal(rig.screen(), 'choose-role');
}

async function choose(rig: Rig, roleId: string): Promise<void> {
  await rig.host.send({ type: 'choose-role', roleId });
  await rig.settle();
  assert.equal(rig.screen(), 'active');
}

async function logOut(rig: Rig): Promise<void> {
  await rig.host.send({ type: 'logout' });
  await rig.settle();
  rig.cards.pull('r0');
  await rig.settle();
  assert.equal(rig.screen(), 'locked');
}

const tabIds = (rig: Rig) => rig.host.view!.tabs.map((tab) => tab.id);

test('the role chosen last is marked lastChosen on the next role picker', async (t) => {
  const rig = await rigWithStore(t);
  const asha = rig.users[0]!;
  await toRolePicker(rig, asha);
  assert.ok(rig.host.view!.roles!.every((r) => !r.lastChosen), 'nothing is marked the first time');
  const second = rig.host.view!.roles![1]!.id;
  await choose(rig, second);
  await logOut(rig);
  await toRolePicker(rig, asha);
  assert.deepEqual(rig.host.view!.roles!.map((r) => [r.id, r.lastChosen === true]), [[rig.host.view!.roles![0]!.id, false], [second, true]]);
});

test('a tab moved left stays first in the next session: the apps open in that order and it is shown', async (t) => {
  const rig = await rigWithStore(t);
  const asha = rig.users[0]!;
  await toRolePicker(rig, asha);
  const prescriber = rig.host.view!.roles![0]!.id; // R8000 sees epr and rx
  await choose(rig, prescriber);
  assert.deepEqual(tabIds(rig), ['epr', 'rx']);
  await rig.host.send({ type: 'set-preference', name: 'tabOrder', appId: 'rx', move: 'left' });
  await rig.settle();
  assert.deepEqual(tabIds(rig), ['rx', 'epr'], 'the strip changes at once');
  assert.equal(rig.host.view!.tabs.find((tab) => tab.active)?.id, 'epr', 'moving a tab does not switch to it');
  await logOut(rig);
  await toRolePicker(rig, asha);
  await choose(rig, prescriber);
  assert.deepEqual(tabIds(rig), ['rx', 'epr']);
  assert.equal(rig.host.view!.tabs.find((tab) => tab.active)?.id, 'rx');
  assert.equal(rig.host.visible?.appId, 'rx');
});

test('display settings reach the view; what policy fixes is reported fixed, refused with a sentence, and not moved', async (t) => {
  const rig = await rigWithStore(t, { highContrast: true, tabOrder: 'as-listed' });
  const asha = rig.users[0]!;
  await toRolePicker(rig, asha);
  assert.deepEqual(rig.host.view!.preferences, { textSize: 'normal', highContrast: true, fixed: ['highContrast', 'tabOrder'] });
  await choose(rig, rig.host.view!.roles![0]!.id);
  await rig.host.send({ type: 'set-preference', name: 'textSize', value: 'larger' });
  await rig.settle();
  assert.deepEqual(rig.host.view!.preferences, { textSize: 'larger', highContrast: true, fixed: ['highContrast', 'tabOrder'] });
  await rig.host.send({ type: 'set-preference', name: 'highContrast', value: false });
  await rig.settle();
  assert.equal(rig.host.view!.preferences?.highContrast, true);
  assert.match(rig.host.view!.message?.text ?? '', /set by your organisation/);
  await rig.host.send({ type: 'set-preference', name: 'tabOrder', appId: 'rx', move: 'left' });
  await rig.settle();
  assert.deepEqual(tabIds(rig), ['epr', 'rx']);
});

/** Display settings open in main, so the hosts can make room for their row: opened and closed by
 * the person, and gone with a lock (the next person never finds them open). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRig, signIn } from '../../fixtures/station/rig.js';

test('display-settings opens and closes the row for the person in front; a lock closes it', async () => {
  const rig = await makeRig();
  await signIn(rig, rig.users[0]!);
  assert.equal(rig.host.view!.displaySettings, undefined);
  await rig.host.send({ type: 'display-settings', open: true });
  await rig.settle();
  assert.equal(rig.host.view!.displaySettings, true);
  await rig.host.send({ type: 'display-settings', open: false });
  await rig.settle();
  assert.equal(rig.host.view!.displaySettings, undefined);
  await rig.host.send({ type: 'display-settings', open: true });
  await rig.settle();
  await rig.host.send({ type: 'lock' });
  await rig.settle();
  assert.equal(rig.screen(), 'locked');
  assert.equal(rig.host.view!.displaySettings, undefined);
  await rig.stop();
});

test('display-settings on the lock screen opens nothing', async () => {
  const rig = await makeRig();
  await rig.host.send({ type: 'display-settings', open: true });
  await rig.settle();
  assert.equal(rig.host.view!.displaySettings, undefined);
  await rig.stop();
});

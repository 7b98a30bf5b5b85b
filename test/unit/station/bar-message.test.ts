/** A message under the bar goes when the person dismisses it (or its info timer does), and only
 * that message: one that replaced it in the meantime stays to be read. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRig, signIn } from '../../fixtures/station/rig.js';

test('dismiss clears the message it names, never a newer one that replaced it', async () => {
  const rig = await makeRig();
  const partition = await signIn(rig, rig.users[0]!);
  const appId = rig.policy.apps[0]!.id;
  rig.host.emit({ type: 'navigation-refused', partition, appId, url: 'https://outside.example/' });
  await rig.settle();
  const first = rig.host.view!.message!.text;
  assert.match(first, /outside the apps/);
  rig.host.emit({ type: 'app-crashed', partition, appId });
  await rig.settle();
  const second = rig.host.view!.message!.text;
  assert.notEqual(second, first);
  await rig.host.send({ type: 'dismiss-message', text: first }); // the first one's timer, late
  await rig.settle();
  assert.equal(rig.host.view!.message?.text, second, 'the newer message is still shown');
  await rig.host.send({ type: 'dismiss-message', text: second });
  await rig.settle();
  assert.equal(rig.host.view!.message, undefined);
  await rig.stop();
});

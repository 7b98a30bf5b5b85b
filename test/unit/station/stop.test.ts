/** Quitting Lanyard: stop() ends every session (tokens revoked at the provider) and lets go of the
 * devices; a provider that never answers the logout holds the quit up for 3 s at most, and the
 * log says what was left undone. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRig, signIn, type Rig } from '../../fixtures/station/rig.js';


/** Starts stop() and reports whether it has resolved after each amount of clock time. */
async function stopObserved(rig: Rig, steps: number[]): Promise<boolean[]> {
  let done = false;
  const stopping = rig.controller.stop().then(() => { done = true; });
  const seen: boolean[] = [];
  for (const ms of steps) {
    await rig.advance(ms);
    seen.push(done);
  }
  await stopping;
  return seen;
}

test('stop() revokes the signed-in session at the provider before it resolves, with no warning', async () => {
  const rig = await makeRig();
  await signIn(rig, rig.users[0]!);
  assert.equal(rig.identity.liveTokens.size, 1);
  const [afterMoment] = await stopObserved(rig, [10]);
  assert.equal(afterMoment, true, 'a provider that answers does not hold the quit up');
  assert.equal(rig.identity.liveTokens.size, 0, 'the tokens were revoked');
  assert.deepEqual(rig.warnings.filter((w) => w.includes('stopping before')), []);
});

test('a provider that never answers the logout holds stop() up for 3 s, then the quit goes on and says so', async () => {
  const rig = await makeRig();
  await signIn(rig, rig.users[0]!);
  rig.identity.logoutHangs = true;
  const seen = await stopObserved(rig, [2900, 200]);
  assert.deepEqual(seen, [false, true], 'still waiting at 2.9 s, stopped by 3.1 s');
  assert.ok(rig.warnings.includes('stopping before every session was torn down'), rig.warnings.join('; '));
});

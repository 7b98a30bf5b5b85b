/**
 * Model-based test of the station: random sequences of taps, pulls (mid-PIN, mid-sign-in, mid-load),
 * PINs, roles, key touches, idle time, clock jumps, lock, log out, provider and keychain failures,
 * with every invariant of test/fixtures/station/model.ts checked after every step. Fixed seed in
 * `npm test`; LANYARD_STATION_RUNS and LANYARD_STATION_SEED for longer campaigns. A failing
 * sequence is printed shrunk.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { makeRig, rigCards } from '../../fixtures/station/rig.js';
import { Model, stepArb, type Step } from '../../fixtures/station/model.js';

const RUNS = Number(process.env['LANYARD_STATION_RUNS'] ?? 2000);
const SEED = Number(process.env['LANYARD_STATION_SEED'] ?? 20261201);

test(`random walks keep every walk-away rule (${RUNS} sequences, seed ${SEED})`, { timeout: 900_000 }, async () => {
  await rigCards();
  let sequences = 0;
  let steps = 0;
  const started = performance.now();
  await fc.assert(fc.asyncProperty(fc.array(stepArb, { minLength: 5, maxLength: 40, size: 'max' }), fc.boolean(), async (walk: Step[], anyMethod) => {
    const rig = await makeRig({ resumeWith: anyMethod ? 'any-method' : 'same-method', pinGraceSeconds: 60, suspendedTimeoutSeconds: 600, maxSuspendedUsers: 2, idleTimeoutSeconds: 300 });
    const model = new Model(rig);
    try {
      for (const step of walk) await model.apply(step);
    } finally {
      sequences++;
      steps += model.steps;
      await rig.stop();
    }
    assert.equal(rig.identity.liveTokens.size, 0, 'after stop, no token is left live');
    assert.equal(rig.host.partitions.size, 0, 'after stop, no partition is left');
  }), { numRuns: RUNS, seed: SEED, endOnFailure: false });
  const seconds = (performance.now() - started) / 1000;
  console.log(`station model: ${sequences} sequences, ${steps} steps in ${seconds.toFixed(1)} s (${Math.round(steps / seconds)} steps/s)`);
  assert.ok(sequences >= RUNS);
});

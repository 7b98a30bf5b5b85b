/**
 * The short fixed-seed fuzz campaign: every target of test/fuzz for a few hundred inputs, each in
 * its own process with the hang watchdog. Any untyped exception, over-budget input or memory
 * growth fails with the shrunk counterexample as hex. `npm run fuzz` runs the long campaigns.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runCampaign, type FuzzCase } from '../fuzz/engine.js';
import { runIsolated } from '../fuzz/isolate.js';
import { hexOf, mutatedBytes } from '../fuzz/mutate.js';
import { formatReport } from '../fuzz/run.js';
import { TARGET_NAMES } from '../fuzz/targets/index.js';

const SEED = 20250106;
const RUNS = 300;

for (const target of TARGET_NAMES) {
  test(`fuzz ${target}: ${RUNS} inputs, seed ${SEED}, only typed errors, within budget and memory`, { timeout: 120_000 }, async () => {
    const report = await runIsolated({ target, seed: SEED, runs: RUNS, budgetMs: 2_000, maxGrowthMb: 64 });
    assert.equal(report.failure, undefined, formatReport(report));
    assert.equal(report.runs, RUNS);
    assert.equal(report.successes + Object.values(report.typed).reduce((a, b) => a + b, 0), RUNS);
  });
}

/** A parser with a planted bug: any input holding byte FF throws a plain TypeError. */
const planted: FuzzCase<Uint8Array> = {
  arbitrary: mutatedBytes([Uint8Array.of(1, 2, 3, 4)], { randomWeight: 0 }),
  async run(input) {
    if (input.includes(0xff)) throw new TypeError('planted');
    if (input.length === 0) throw new RangeError('typed');
    return input.length > 4 ? 'long' : undefined;
  },
  typed: (e) => (e instanceof RangeError ? 'RangeError:typed' : undefined),
  show: (input) => hexOf(input),
};

test('the engine reports an untyped exception with its shrunk counterexample as hex', async () => {
  const report = await runCampaign('planted', planted as FuzzCase<unknown>, { runs: 2_000, seed: 1, budgetMs: 1_000, maxGrowthMb: 64 });
  assert.equal(report.failure?.kind, 'untyped-error');
  assert.match(report.failure.message, /TypeError: planted/);
  // Shrunk to a few bytes of which one is FF, printed as hex.
  assert.match(report.failure.counterexample, /^(?:[0-9a-f]{2}){1,8}$/);
  assert.ok(Buffer.from(report.failure.counterexample, 'hex').includes(0xff), report.failure.counterexample);
  assert.ok(report.runs >= 1);
});

test('the engine counts typed errors, refusals and successes, and fails an input over its time budget', async () => {
  const typedOnly: FuzzCase<Uint8Array> = { ...planted, run: (input) => planted.run(input.filter((b) => b !== 0xff)) };
  const ok = await runCampaign('typed', typedOnly as FuzzCase<unknown>, { runs: 300, seed: 2, budgetMs: 1_000, maxGrowthMb: 64 });
  assert.equal(ok.failure, undefined);
  assert.equal(ok.runs, 300);
  assert.ok(ok.successes > 0 && (ok.typed['long'] ?? 0) > 0 && (ok.typed['RangeError:typed'] ?? 0) > 0, JSON.stringify(ok));

  const slow: FuzzCase<number> = {
    arbitrary: fc.nat({ max: 10 }), typed: () => undefined, show: (n) => String(n),
    run: async (n) => { if (n === 7) await new Promise((r) => setTimeout(r, 60)); return undefined; },
  };
  const late = await runCampaign('slow', slow as FuzzCase<unknown>, { runs: 200, seed: 3, budgetMs: 30, maxGrowthMb: 64 });
  assert.equal(late.failure?.kind, 'over-budget');
  assert.equal(late.failure.counterexample, '7');
});

test('the engine fails an input that grows memory past the limit', async () => {
  const hog: FuzzCase<number> = {
    arbitrary: fc.nat({ max: 3 }), typed: () => undefined, show: (n) => String(n),
    run: async (n) => { if (n === 3) globalThis.fuzzHeld = Buffer.alloc(96 * 1024 * 1024, 1); return undefined; },
  };
  const report = await runCampaign('hog', hog as FuzzCase<unknown>, { runs: 50, seed: 4, budgetMs: 5_000, maxGrowthMb: 64 });
  delete globalThis.fuzzHeld;
  assert.equal(report.failure?.kind, 'memory');
  assert.equal(report.failure.counterexample, '3');
});

declare global {
  var fuzzHeld: Buffer | undefined;
}

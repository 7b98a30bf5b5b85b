/**
 * One fuzz campaign in its own process, so a synchronous hang can be killed and the resident
 * memory measured is the target's alone. Started by isolate.ts with the options as JSON in argv;
 * tells the parent each input's index before running it, then the report.
 */
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { runCampaign, type FuzzOptions, type FuzzReport } from './engine.js';
import { targetNamed } from './targets/index.js';

export type ChildRequest = Omit<FuzzOptions, 'onInput'> & { target: string; dumpIndex?: number };
export type ChildMessage =
  | { type: 'ready'; setupMs: number }
  | { type: 'input'; index: number }
  | { type: 'report'; report: FuzzReport }
  | { type: 'dump'; input: string }
  | { type: 'error'; message: string };

const send = (m: ChildMessage) => new Promise<void>((resolve) => process.send!(m, () => resolve()));

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as ChildRequest;
  const target = targetNamed(request.target);
  if (!target) throw new Error(`no fuzz target ${request.target}`);
  const t0 = performance.now();
  const fuzz = await target.setup();
  await send({ type: 'ready', setupMs: performance.now() - t0 });
  if (request.dumpIndex !== undefined) {
    // The same generator and seed as the campaign: the n-th value is the n-th input it ran.
    const values = fc.sample(fuzz.arbitrary, { seed: request.seed, numRuns: request.dumpIndex + 1 });
    await send({ type: 'dump', input: fuzz.show(values.at(-1)) });
  } else {
    const report = await runCampaign(target.name, fuzz, { ...request, onInput: (index) => { process.send!({ type: 'input', index }); } });
    await send({ type: 'report', report });
  }
  await fuzz.close?.();
}

main().then(() => process.exit(0), async (error: unknown) => {
  await send({ type: 'error', message: error instanceof Error ? error.stack ?? error.message : String(error) });
  process.exit(1);
});

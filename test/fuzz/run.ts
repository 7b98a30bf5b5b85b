/**
 * npm run fuzz -- [--target NAME|all] [--runs N] [--seed S] [--budget-ms MS] [--max-growth-mb MB] [--path P] [--json]
 * Runs each target (each in its own process) and prints what happened: inputs run, typed errors by
 * code, successes, the slowest input, peak RSS; a failure with its shrunk counterexample as hex.
 * Exits 1 when any target failed.
 */
import { parseArgs } from 'node:util';
import { runIsolated } from './isolate.js';
import type { FuzzReport } from './engine.js';
import { TARGET_NAMES } from './targets/index.js';

export function formatReport(r: FuzzReport): string {
  const typed = Object.entries(r.typed).sort((a, b) => b[1] - a[1]).map(([code, n]) => `    ${code}: ${n}`);
  const killed = r.failure?.kind === 'hang' || r.failure?.kind === 'crash';
  const typedCount = Object.values(r.typed).reduce((a, b) => a + b, 0);
  const lines = [
    `${r.target}: ${r.failure ? 'FAILED' : 'ok'} — ${r.runs} inputs in ${(r.elapsedMs / 1000).toFixed(1)} s (seed ${r.seed})`,
    ...(killed ? ['  (counts and timings went with the killed process)'] : [
      `  successes: ${r.successes}`,
      `  typed errors/refusals: ${typedCount}${typed.length ? '' : ' (none)'}`,
      ...typed,
    ]),
    `  slowest input: ${r.slowestMs.toFixed(1)} ms; peak RSS ${r.peakRssMb.toFixed(0)} MiB; largest growth by one input ${r.maxGrowthMb.toFixed(1)} MiB`,
  ];
  if (r.failure) {
    lines.push(`  failure (${r.failure.kind}): ${r.failure.message}`);
    lines.push(`  counterexample (after ${r.failure.shrinks} shrinks)${r.failure.path ? `, replay with --seed ${r.seed} --path ${r.failure.path}` : ''}:`);
    lines.push(...r.failure.counterexample.split('\n').map((l) => `    ${l}`));
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      target: { type: 'string', default: 'all' }, runs: { type: 'string', default: '1000' }, seed: { type: 'string' },
      'budget-ms': { type: 'string', default: '2000' }, 'max-growth-mb': { type: 'string', default: '64' }, path: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const names = values.target === 'all' ? TARGET_NAMES : (values.target ?? '').split(',');
  const unknown = names.filter((n) => !TARGET_NAMES.includes(n));
  if (unknown.length) {
    console.error(`unknown target ${unknown.join(', ')}; targets: ${TARGET_NAMES.join(', ')}`);
    return 2;
  }
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
  const reports: FuzzReport[] = [];
  for (const target of names) {
    const report = await runIsolated({
      target, seed, runs: Number(values.runs), budgetMs: Number(values['budget-ms']), maxGrowthMb: Number(values['max-growth-mb']),
      ...(values.path ? { path: values.path } : {}),
    });
    reports.push(report);
    console.log(values.json ? JSON.stringify(report) : formatReport(report));
  }
  const failed = reports.filter((r) => r.failure).length;
  console.log(`\nfuzz: ${reports.length} targets, ${reports.reduce((n, r) => n + r.runs, 0)} inputs, ${failed} failed`);
  return failed ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then((code) => { process.exitCode = code; }, (e: unknown) => { console.error(e); process.exitCode = 1; });
}

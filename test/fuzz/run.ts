/**
 * npm run fuzz -- [--target NAME|all] [--runs N] [--seed S] [--budget-ms MS] [--max-growth-mb MB] [--path P] [--json]
 * npm run fuzz -- --help   the usage (a wrong option or value prints it too, exit 2)
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

const USAGE = `Usage: npm run fuzz -- [--target NAME[,NAME…]|all] [--runs N] [--seed S] [--budget-ms MS] [--max-growth-mb MB] [--path P] [--json]
  --target          which targets (default all): ${TARGET_NAMES.join(', ')}
  --runs N          inputs per target (default 1000)
  --seed S          fast-check seed, to replay a run (default: a random one, printed)
  --budget-ms MS    the longest one input may take (default 2000)
  --max-growth-mb   the most memory one input may add (default 64)
  --path P          replay one counterexample (with --seed, as a failure prints it)
  --json            one JSON report per target instead of text
  --help            this text
`;

const OPTIONS = {
  target: { type: 'string', default: 'all' }, runs: { type: 'string', default: '1000' }, seed: { type: 'string' },
  'budget-ms': { type: 'string', default: '2000' }, 'max-growth-mb': { type: 'string', default: '64' }, path: { type: 'string' },
  json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
} as const;

/** A whole number as typed, at least `min` (Number('abc') is NaN and Number('') is 0: neither may run). */
function integerOption(name: string, value: string, min: number): number | string {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= min ? n : `--${name} ${value || "''"} is not a whole number of at least ${min}.`;
}

/** The options, or the sentence saying what is wrong with them. */
export function parseFuzzArgs(args: string[]): { help: true } | { help: false; names: string[]; seed: number; runs: number; budgetMs: number; maxGrowthMb: number; path?: string; json: boolean } | string {
  let values;
  try {
    values = parseArgs({ args, options: OPTIONS }).values;
  } catch (error) {
    const message = String((error as Error).message).split(/\.?\s*To specify/)[0]!.replace(/\s*\n\s*/g, ' ');
    return /[.?]$/.test(message) ? message : `${message}.`;
  }
  if (values.help) return { help: true };
  const names = values.target === 'all' ? TARGET_NAMES : values.target.split(',');
  const unknown = names.filter((n) => !TARGET_NAMES.includes(n));
  if (unknown.length) return `unknown target ${unknown.join(', ')}; targets: ${TARGET_NAMES.join(', ')}.`;
  const runs = integerOption('runs', values.runs, 1);
  const budgetMs = integerOption('budget-ms', values['budget-ms'], 1);
  const maxGrowthMb = integerOption('max-growth-mb', values['max-growth-mb'], 1);
  // fast-check seeds are 32-bit integers; the printed seed is always one.
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : /^-?\d+$/.test(values.seed) && Math.abs(Number(values.seed)) < 2 ** 31
    ? Number(values.seed) : `--seed ${values.seed} is not a whole number (as a report prints it, between -2147483647 and 2147483647).`;
  for (const v of [runs, budgetMs, maxGrowthMb, seed]) if (typeof v === 'string') return v;
  return { help: false, names, seed: seed as number, runs: runs as number, budgetMs: budgetMs as number, maxGrowthMb: maxGrowthMb as number, json: values.json, ...(values.path ? { path: values.path } : {}) };
}

async function main(): Promise<number> {
  const options = parseFuzzArgs(process.argv.slice(2));
  if (typeof options === 'string') {
    process.stderr.write(`fuzz: ${options}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const { names, seed } = options;
  const reports: FuzzReport[] = [];
  for (const target of names) {
    const report = await runIsolated({
      target, seed, runs: options.runs, budgetMs: options.budgetMs, maxGrowthMb: options.maxGrowthMb,
      ...(options.path ? { path: options.path } : {}),
    });
    reports.push(report);
    console.log(options.json ? JSON.stringify(report) : formatReport(report));
  }
  const failed = reports.filter((r) => r.failure).length;
  console.log(`\nfuzz: ${reports.length} targets, ${reports.reduce((n, r) => n + r.runs, 0)} inputs, ${failed} failed`);
  return failed ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then((code) => { process.exitCode = code; }, (e: unknown) => { console.error(e); process.exitCode = 1; });
}

/**
 * Runs one fuzz target with fast-check: every input must end in success or in the project's own
 * typed error (or a typed refusal the parser returns), within a time budget and without growing
 * the process's memory past a limit. Counts outcomes by code; a failure is shrunk by fast-check
 * and reported with the counterexample as hex.
 */
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';

/** What a target hands the engine once its seeds are built. */
export interface FuzzCase<T> {
  arbitrary: fc.Arbitrary<T>;
  /** Runs one input. Resolves a refusal code when the code under test returned a typed refusal
   * (a policy problem, an audit verdict), undefined on success; throws whatever it throws. */
  run(input: T): Promise<string | undefined>;
  /** The project's typed error as `Class:code`; undefined for anything else (a finding). */
  typed(error: unknown): string | undefined;
  /** The input as hex (labelled parts for structured inputs). */
  show(input: T): string;
  close?(): Promise<void>;
}

export interface FuzzTarget {
  readonly name: string;
  readonly about: string;
  setup(): Promise<FuzzCase<unknown>>;
}

export interface FuzzOptions {
  runs: number;
  seed: number;
  /** An input taking longer than this is a failure (a hang, or work out of proportion). */
  budgetMs: number;
  /** An input that grows resident memory by more than this is a failure. */
  maxGrowthMb: number;
  /** Replays one failure: fast-check's path of a counterexample printed before. */
  path?: string;
  /** Called before each input of the campaign with its index (the parent's hang watchdog). */
  onInput?: (index: number) => void;
}

export type FailureKind = 'untyped-error' | 'over-budget' | 'memory';

export interface FuzzReport {
  target: string;
  seed: number;
  /** Inputs run before the first failure (or all of them). */
  runs: number;
  successes: number;
  /** Typed errors thrown and typed refusals returned, by `Class:code`. */
  typed: Record<string, number>;
  slowestMs: number;
  peakRssMb: number;
  /** Largest resident-memory growth one input caused. */
  maxGrowthMb: number;
  elapsedMs: number;
  failure?: { kind: FailureKind | 'hang' | 'crash'; message: string; counterexample: string; shrinks: number; path?: string };
}

class FuzzFailure extends Error {
  constructor(readonly kind: FailureKind, message: string) { super(message); }
}

const MB = 1024 * 1024;
const maxRssBytes = () => process.resourceUsage().maxRSS * 1024;

export async function runCampaign(name: string, fuzz: FuzzCase<unknown>, options: FuzzOptions): Promise<FuzzReport> {
  const report: FuzzReport = {
    target: name, seed: options.seed, runs: 0, successes: 0, typed: {}, slowestMs: 0, peakRssMb: 0, maxGrowthMb: 0, elapsedMs: 0,
  };
  let counting = true; // stops at the first failure: shrinking re-runs inputs that are not new ones
  const started = performance.now();
  const property = fc.asyncProperty(fuzz.arbitrary, async (input) => {
    if (counting) options.onInput?.(report.runs);
    const rssBefore = process.memoryUsage.rss();
    const peakBefore = maxRssBytes();
    const t0 = performance.now();
    let outcome: string | undefined;
    try {
      outcome = await fuzz.run(input);
    } catch (error) {
      const code = fuzz.typed(error);
      if (code === undefined) throw new FuzzFailure('untyped-error', describeError(error));
      outcome = code;
    }
    const ms = performance.now() - t0;
    const peakAfter = maxRssBytes();
    const growth = (peakAfter > peakBefore ? peakAfter : process.memoryUsage.rss()) - rssBefore;
    if (counting) {
      report.runs++;
      if (outcome === undefined) report.successes++;
      else report.typed[outcome] = (report.typed[outcome] ?? 0) + 1;
      report.slowestMs = Math.max(report.slowestMs, ms);
      report.maxGrowthMb = Math.max(report.maxGrowthMb, growth / MB);
    }
    if (ms > options.budgetMs) throw new FuzzFailure('over-budget', `took ${ms.toFixed(0)} ms (budget ${options.budgetMs} ms), outcome ${outcome ?? 'success'}`);
    if (growth > options.maxGrowthMb * MB) {
      throw new FuzzFailure('memory', `grew resident memory by ${(growth / MB).toFixed(0)} MiB (limit ${options.maxGrowthMb} MiB), outcome ${outcome ?? 'success'}`);
    }
  });
  const details = await fc.check(property, {
    numRuns: options.runs, seed: options.seed, ...(options.path ? { path: options.path } : {}),
    // Shrinking slow inputs must not run for ever: the counterexample found so far is reported.
    interruptAfterTimeLimit: Math.max(60_000, options.budgetMs * 50),
  });
  counting = false;
  report.elapsedMs = performance.now() - started;
  report.peakRssMb = maxRssBytes() / MB;
  if (details.failed && details.counterexample) {
    const error = details.errorInstance;
    const input = details.counterexample[0];
    report.failure = {
      kind: error instanceof FuzzFailure ? error.kind : 'untyped-error',
      message: error instanceof Error ? error.message : String(error),
      counterexample: fuzz.show(input),
      shrinks: details.numShrinks,
      ...(details.counterexamplePath ? { path: details.counterexamplePath } : {}),
    };
  }
  return report;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const where = error.stack?.split('\n').slice(1, 4).map((l) => l.trim()).join(' < ') ?? '';
    return `${error.name}: ${error.message}${where ? ` at ${where}` : ''}`;
  }
  return `non-error thrown: ${String(error)}`;
}

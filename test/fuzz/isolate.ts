/**
 * Runs a campaign in a child process with a watchdog: a child that stops reporting progress for
 * `hangMs` is killed, and the input it was on is generated again (same seed) and shown as a hang.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ChildRequest } from './child.js';
import type { FuzzReport } from './engine.js';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const SETUP_MS = 120_000;

export interface IsolateOptions extends Omit<ChildRequest, 'dumpIndex'> {
  /** No progress for this long is a hang (default: 5 × budget, at least 10 s). */
  hangMs?: number;
}

function start(request: ChildRequest): ChildProcess {
  // --expose-gc is not needed; a heap cap keeps a runaway JS allocation from taking the machine.
  return fork(CHILD, [JSON.stringify(request)], { execArgv: ['--import', 'tsx', '--max-old-space-size=2048'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

function emptyReport(options: IsolateOptions): FuzzReport {
  return { target: options.target, seed: options.seed, runs: 0, successes: 0, typed: {}, slowestMs: 0, peakRssMb: 0, maxGrowthMb: 0, elapsedMs: 0 };
}

export function runIsolated(options: IsolateOptions): Promise<FuzzReport> {
  const hangMs = options.hangMs ?? Math.max(10_000, options.budgetMs * 5);
  const { hangMs: _unused, ...request } = options;
  return new Promise((resolve) => {
    const child = start(request);
    const report = emptyReport(options);
    let current = -1;
    let settled = false;
    let timer: ReturnType<typeof setTimeout>;
    const arm = (ms: number) => { clearTimeout(timer); timer = setTimeout(onHang, ms); };
    const finish = (r: FuzzReport) => { if (!settled) { settled = true; clearTimeout(timer); resolve(r); } };
    const onHang = () => {
      child.kill('SIGKILL');
      report.runs = Math.max(0, current);
      void dumpInput(request, current).then((input) => finish({
        ...report, failure: { kind: 'hang', message: `input #${current} made no progress for ${hangMs} ms`, counterexample: input, shrinks: 0 },
      }));
    };
    arm(SETUP_MS);
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'ready') arm(hangMs);
      else if (m.type === 'input') { current = m.index; arm(hangMs); }
      else if (m.type === 'report') finish(m.report);
      else if (m.type === 'error') finish({ ...report, failure: { kind: 'crash', message: m.message, counterexample: '', shrinks: 0 } });
    });
    child.on('exit', (code, signal) => {
      if (settled || signal === 'SIGKILL') return;
      finish({ ...report, runs: Math.max(0, current), failure: {
        kind: 'crash', message: `fuzz process ended (${signal ?? `exit ${code}`}) on input #${current}`, counterexample: '', shrinks: 0,
      } });
    });
  });
}

/** The n-th input of a campaign, shown as hex, from a fresh process (the hung one is gone). */
function dumpInput(request: ChildRequest, index: number): Promise<string> {
  if (index < 0) return Promise.resolve('(hung while setting up)');
  return new Promise((resolve) => {
    const child = start({ ...request, dumpIndex: index });
    const timer = setTimeout(() => { child.kill('SIGKILL'); resolve('(could not generate the input again)'); }, SETUP_MS);
    child.on('message', (m: ChildMessage) => { if (m.type === 'dump') { clearTimeout(timer); resolve(m.input); } });
    child.on('exit', () => { clearTimeout(timer); resolve('(could not generate the input again)'); });
  });
}

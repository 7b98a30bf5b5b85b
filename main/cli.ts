/**
 * Lanyard on Node with system Chromium as its window (where Electron's binary cannot be had).
 *   lanyard [start] [--policy FILE] [--headless]   run the product (demo mode when no policy)
 *   lanyard --check-policy FILE                    validate a machine policy and exit (for IT)
 *   lanyard --diagnostics [FILE]                   write a support bundle for IT and exit
 *   lanyard smoke                                   headless end-to-end check with timings
 */
import { parseArgs } from 'node:util';
import { parse, describeProblems } from './policy/load.js';
import { readFile } from 'node:fs/promises';
import { consoleLog } from './app/console-log.js';
import { startLanyard } from './app/start.js';
import { ChromiumHost } from './host/chromium/chromium-host.js';
import { runSmoke } from './app/smoke.js';
import { defaultDataDir, rendererDir } from './app/paths.js';
import { join } from 'node:path';
import { LOG_FILE_NAME, openLogFile } from './app/log-file.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    policy: { type: 'string' },
    'check-policy': { type: 'string' },
    headless: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    demo: { type: 'boolean', default: false },
    diagnostics: { type: 'boolean', default: false },
  },
});

async function main(): Promise<number> {
  const check = values['check-policy'];
  if (check) return checkPolicy(check);
  const dataDir = values['data-dir'] ?? defaultDataDir();
  if (values.diagnostics) {
    return (await import('./diagnostics/cli.js')).diagnosticsCommand(positionals[0], { dataDir, ...(values.policy ? { policyFile: values.policy } : {}) });
  }
  const logFile = openLogFile(join(dataDir, LOG_FILE_NAME));
  const log = consoleLog('lanyard', undefined, (line) => { process.stderr.write(line); logFile.write(line); });
  if (positionals[0] === 'smoke') return runSmoke(log);
  const host = new ChromiumHost({ headless: values.headless, rendererDir: rendererDir(), log: log.child('host') });
  const argv = [...(values.policy ? ['--policy', values.policy] : []), ...(values.demo ? ['--demo'] : [])];
  const runtime = await startLanyard({ host, argv, dataDir, log });
  if (!runtime) {
    // The window says why; with no window there is nothing more to show.
    if (values.headless) { await host.close(); return 2; }
    return new Promise<number>((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { void host.close().finally(() => resolve(2)); });
    });
  }
  const stop = () => { void runtime.stop().finally(() => process.exit(0)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => undefined); // runs until signalled
}

async function checkPolicy(file: string): Promise<number> {
  const text = await readFile(file, 'utf8').catch(() => null);
  const result = parse(file, text);
  if (result.kind === 'policy') {
    process.stdout.write(`Policy ${file} is valid: ${result.policy.apps.length} apps, station "${result.policy.station.name}".\n`);
    return 0;
  }
  process.stderr.write(`${describeProblems(result as Extract<typeof result, { kind: 'invalid' }>)}\n`);
  return 2;
}

main().then((code) => { if (code !== undefined) process.exitCode = code; if (code !== undefined && code !== 0) process.exit(code); },
  (error: unknown) => { process.stderr.write(`Lanyard failed to start: ${String(error)}\n`); process.exit(1); });

/**
 * Lanyard on Node with system Chromium as its window (where Electron's binary cannot be had).
 *   lanyard [start] [--policy FILE] [--headless]   run the product (demo mode when no policy)
 *   lanyard --check-policy FILE                    validate a machine policy and exit (for IT)
 *   lanyard --diagnostics [FILE]                   write a support bundle for IT and exit
 *   lanyard smoke                                   headless end-to-end check with timings
 *   lanyard --help                                  the usage (a wrong option prints it too, exit 2)
 */
import { parseArgs } from 'node:util';
import { checkPolicyCommand } from './policy/check-policy.js';
import { checkPolicyArgument } from './policy/check-policy-argument.js';
import { consoleLog } from './app/console-log.js';
import { startLanyard } from './app/start.js';
import { ChromiumHost } from './host/chromium/chromium-host.js';
import { runSmoke } from './app/smoke.js';
import { defaultDataDir, rendererDir } from './app/paths.js';
import { join } from 'node:path';
import { LOG_FILE_NAME, openLogFile } from './app/log-file.js';

const USAGE = `Usage: lanyard [start] [--policy FILE] [--headless] [--data-dir DIR]   run Lanyard (from a checkout: the demo, unless a policy is given)
       lanyard --demo                        the demo, with its own cards, keys and provider
       lanyard --check-policy FILE           check a machine policy and exit (0: valid)
       lanyard --diagnostics [FILE]          write a support bundle for IT and exit
       lanyard smoke                         headless end-to-end check with timings
       lanyard --help                        this text
`;

const OPTIONS = {
  policy: { type: 'string' },
  'check-policy': { type: 'string' },
  headless: { type: 'boolean', default: false },
  'data-dir': { type: 'string' },
  demo: { type: 'boolean', default: false },
  diagnostics: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** The command line, or a sentence saying what is wrong with it (never a stack trace). */
function parseCommandLine(): ReturnType<typeof parseArgs<{ allowPositionals: true; options: typeof OPTIONS }>> | string {
  try {
    return parseArgs({ allowPositionals: true, options: OPTIONS });
  } catch (error) {
    // parseArgs' own message ends with advice about '--' that does not apply here.
    const message = String((error as Error).message).split(/\.?\s*To specify/)[0]!.replace(/\s*\n\s*/g, ' ');
    return /[.?]$/.test(message) ? message : `${message}.`;
  }
}

// --check-policy is answered before the rest is parsed: with no file after it, parseArgs would throw.
const checkAsked = checkPolicyArgument(process.argv.slice(2));
const parsed = checkAsked ? { values: {} as Partial<Record<keyof typeof OPTIONS, never>>, positionals: [] as string[] } : parseCommandLine();
const { values, positionals } = typeof parsed === 'string' ? { values: {} as Partial<Record<keyof typeof OPTIONS, never>>, positionals: [] as string[] } : parsed;

async function main(): Promise<number> {
  if (typeof parsed === 'string') {
    process.stderr.write(`Lanyard: ${parsed}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length > 0 && !['start', 'smoke'].includes(positionals[0]!) && !values.diagnostics) {
    process.stderr.write(`Lanyard: unknown command '${positionals[0]}'.\n\n${USAGE}`);
    return 2;
  }
  if (checkAsked) {
    return checkPolicyCommand(checkAsked.file, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
  }
  const dataDir = values['data-dir'] ?? defaultDataDir();
  if (values.diagnostics) {
    return (await import('./diagnostics/cli.js')).diagnosticsCommand(positionals[0], { dataDir, demo: values.demo ?? false, ...(values.policy ? { policyFile: values.policy } : {}) });
  }
  const logFile = openLogFile(join(dataDir, LOG_FILE_NAME));
  const log = consoleLog('lanyard', undefined, (line) => { process.stderr.write(line); logFile.write(line); });
  if (positionals[0] === 'smoke') return runSmoke(log);

  const host = new ChromiumHost({ headless: values.headless ?? false, rendererDir: rendererDir(), log: log.child('host') });
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

main().then((code) => { if (code !== undefined) process.exitCode = code; if (code !== undefined && code !== 0) process.exit(code); },
  (error: unknown) => { process.stderr.write(`Lanyard failed to start: ${String(error)}\n`); process.exit(1); });

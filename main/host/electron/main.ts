/**
 * Electron entry (package.json "main" -> dist/main/host/electron/main.js). Thin on purpose: the
 * sandbox and hardening go in before any window, then the composition root takes over.
 *   Lanyard [--policy FILE] [--headless]   run
 *   Lanyard --check-policy FILE            validate a policy for IT and exit (0 valid, 2 not)
 */
import { readFile } from 'node:fs/promises';
import { app, dialog, Menu } from 'electron';
import { startLanyard } from '../../app/start.js';
import { consoleLog } from '../../app/console-log.js';
import { defaultDataDir } from '../../app/paths.js';
import { describeProblems, parse } from '../../policy/load.js';
import { hardenApp } from './app-hardening.js';
import { ElectronCardSignIn } from './card-sign-in.js';
import { GuardRegistry } from './navigation-wiring.js';
import { ElectronHost } from './electron-host.js';
import { electronProviderFetch } from './provider-fetch.js';
import ElectronStore from 'electron-store';

const log = consoleLog('lanyard');
// Packaged: argv is [exe, ...args]; unpackaged: [electron, app-path, ...args].
const argv = process.argv.slice(app.isPackaged ? 1 : 2);

app.enableSandbox();
Menu.setApplicationMenu(null);

async function checkPolicy(file: string): Promise<number> {
  const result = parse(file, await readFile(file, 'utf8').catch(() => null));
  if (result.kind === 'policy') {
    process.stdout.write(`Policy ${file} is valid: ${result.policy.apps.length} apps, station "${result.policy.station.name}".\n`);
    return 0;
  }
  if (result.kind === 'invalid') process.stderr.write(`${describeProblems(result)}\n`);
  return 2;
}

function fail(message: string): void {
  log.error('Lanyard could not start', { error: message });
  dialog.showErrorBox('Lanyard could not start', `${message}\n\nTell IT; the details are in the log.`);
  app.exit(1);
}

const checkIndex = argv.indexOf('--check-policy');
if (checkIndex >= 0) {
  // No window, no single-instance lock: IT may check a policy while Lanyard runs.
  void checkPolicy(argv[checkIndex + 1] ?? '').then((code) => app.exit(code));
} else if (!app.requestSingleInstanceLock()) {
  // One Lanyard per workstation: a second copy would fight over the card reader.
  app.quit();
} else {
  const registry = new GuardRegistry();
  // Standard-profile card sign-in (issue 14): the certificate chooser and the card PIN handler.
  const cardSignIn = new ElectronCardSignIn(log, registry);
  hardenApp(log, cardSignIn, registry);
  cardSignIn.install();
  let running: { stop(): Promise<void> } | undefined;
  let host: ElectronHost | undefined;
  let quitting = false;

  app.on('second-instance', () => {
    log.info('second Lanyard start: showing the running one');
    host?.focusShell();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (quitting || running === undefined) return;
    // Stop the composition root first (ends sessions, wipes partitions), then quit for real.
    event.preventDefault();
    quitting = true;
    const stopping = running;
    running = undefined;
    void stopping.stop()
      .catch((error: unknown) => log.error('stop failed', { error: String(error) }))
      .finally(() => app.quit());
  });

  app.whenReady().then(async () => {
    host = new ElectronHost({
      appRoot: app.getAppPath(),
      log,
      registry,
      cardSignIn,
      headless: argv.includes('--headless'),
      devTools: !app.isPackaged,
    });
    // The machine-wide folder the Chromium host uses too (%ProgramData%\Lanyard on Windows), not the
    // per-user roaming userData: the audit log belongs to the workstation, and an uninstaller that
    // deletes app data must not take it.
    const runtime = await startLanyard({ host, argv, dataDir: defaultDataDir(), log, packaged: app.isPackaged, providerFetch: electronProviderFetch(),
      // User preferences through electron-store (conf's Electron wrapper), in the same data folder.
      preferencesFile: (options) => new ElectronStore({ ...options, name: options.configName } as ConstructorParameters<typeof ElectronStore>[0]) });
    // null: no usable policy. The window already says why (start.ts); nothing else starts.
    if (runtime === null) return;
    running = runtime;
  }).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
}

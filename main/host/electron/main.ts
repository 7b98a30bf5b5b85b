/**
 * Electron entry (package.json "main" -> dist/main/host/electron/main.js). Thin on purpose: the
 * sandbox and hardening go in before any window, then the composition root takes over.
 *   Lanyard [--policy FILE] [--headless]   run
 *   Lanyard --check-policy FILE            validate a policy for IT and exit (main/policy/check-policy.ts)
 */
import { app, dialog, Menu } from 'electron';
import { startLanyard } from '../../app/start.js';
import { consoleLog } from '../../app/console-log.js';
import { defaultDataDir } from '../../app/paths.js';
import { checkPolicyCommand } from '../../policy/check-policy.js';
import { checkPolicyArgument } from '../../policy/check-policy-argument.js';
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

function fail(message: string): void {
  log.error('Lanyard could not start', { error: message });
  dialog.showErrorBox('Lanyard could not start', `${message}\n\nTell IT; the details are in the log.`);
  app.exit(1);
}

const checkAsked = checkPolicyArgument(argv);
if (checkAsked) {
  // No window, no single-instance lock: IT may check a policy while Lanyard runs. The same command
  // as main/cli.ts, so both entries answer alike (sentences, exit codes, the CAs listed).
  void checkPolicyCommand(checkAsked.file, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) })
    .then((code) => app.exit(code));
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

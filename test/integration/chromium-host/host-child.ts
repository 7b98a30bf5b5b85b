/**
 * A Lanyard-like process that owns a ChromiumHost and does nothing else, for the watchdog test:
 * it says "ready" on stdout once the shell and one user partition are open, then waits to be killed.
 */
import { ChromiumHost } from '../../../main/host/chromium/chromium-host.js';
import { consoleLog } from '../../../main/app/console-log.js';
import { rendererDir } from '../../../main/app/paths.js';

const host = new ChromiumHost({ headless: true, rendererDir: rendererDir(), log: consoleLog('child', 'error') });
await host.openShell(async () => undefined);
await host.createPartition('user-1'); // a user's own Chromium process, beside the shell's
process.stdout.write('ready\n');
setInterval(() => undefined, 60_000);

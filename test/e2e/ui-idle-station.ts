/**
 * The demo station with the shortest idle timeout policy allows (30 s) and a 28 s warning, so the
 * countdown shows in the bar 2 s after the last input (as test/e2e/idle-lock.test.ts composes it).
 */
import { consoleLog } from '../../main/app/console-log.js';
import { composeStation } from '../../main/app/compose.js';
import { startDemo } from '../../main/app/demo.js';
import { rendererDir } from '../../main/app/paths.js';
import { systemClock } from '../../main/app/system-clock.js';
import { validatePolicy } from '../../main/core/policy/validate.js';
import { ChromiumHost } from '../../main/host/chromium/chromium-host.js';
import type { RunningLanyard } from '../fixtures/lanyard.js';

export async function startIdleStation(dataDir: string): Promise<RunningLanyard> {
  const logs: string[] = [];
  const log = consoleLog('lanyard', 'debug', (line) => { logs.push(line); });
  const demo = await startDemo(log.child('demo'));
  const checked = validatePolicy({ ...demo.policy, session: { ...demo.policy.session, idleTimeoutSeconds: 30, idleWarningSeconds: 28 } });
  if (!checked.ok) throw new Error(`idle policy invalid: ${JSON.stringify(checked.problems)}`);
  const policy = checked.policy;
  const host = new ChromiumHost({ headless: true, rendererDir: rendererDir(), log: log.child('host') });
  const station = await composeStation({ policy, host, log, dataDir, demo, clock: systemClock });
  await station.controller.start();
  const shell = host.shellPage();
  const runtime = { mode: 'demo' as const, policy, controller: station.controller, demo, async stop() { await station.stop(); await demo.close(); } };
  return {
    host, runtime, shell, dataDir, logs,
    screen: (name, timeout = 20_000) => shell.locator(`[data-screen="${name}"]`).waitFor({ timeout }),
    async stop() { await runtime.stop().catch(() => undefined); await host.close(); },
  };
}

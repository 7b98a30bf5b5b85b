/**
 * The composition root: policy → adapters → station. Shared by the Chromium host (main/cli.ts)
 * and the Electron host (main/host/electron/main.ts); everything host-specific is behind `Host`.
 */
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { Host } from '../core/ports/host.js';
import type { Log } from '../core/ports/log.js';
import type { Clock } from '../core/ports/clock.js';
import type { Policy } from '../core/policy/types.js';
import { loadPolicy, describeProblems } from '../policy/load.js';
import type { StationController } from './station/controller.js';
import { consoleLog } from './console-log.js';
import type { RunningDemo } from './demo.js';
import { composeStation } from './compose.js';

export interface LanyardOptions {
  host: Host;
  argv: string[];
  dataDir: string;
  log?: Log;
  /** Ignore any machine policy (smoke test). */
  forceDemo?: boolean;
  /** Time for the station (grace, idle, suspended timeouts); tests pass a fake one. */
  clock?: Clock;
}

export interface LanyardRuntime {
  mode: 'demo' | 'policy';
  policy: Policy;
  controller: StationController;
  demo?: RunningDemo;
  stop(): Promise<void>;
}

export async function startLanyard(options: LanyardOptions): Promise<LanyardRuntime | null> {
  const log = options.log ?? consoleLog();
  const argvPolicy = options.argv[options.argv.indexOf('--policy') + 1];
  const load = options.forceDemo ? { kind: 'demo' as const } : await loadPolicy({
    argvFile: options.argv.includes('--policy') ? argvPolicy : undefined,
    envFile: process.env['LANYARD_POLICY'] || undefined,
    readMachinePolicy: process.platform === 'win32'
      ? async () => (await import('../policy/windows-registry.js')).readWindowsMachinePolicy() : undefined,
  });
  if (load.kind === 'invalid') {
    process.stderr.write(`${describeProblems(load)}\n`);
    log.error('invalid machine policy', { source: load.source, problems: load.problems.length });
    return null;
  }

  await mkdir(options.dataDir, { recursive: true });
  // The reference provider and demo apps are loaded only in demo mode.
  const demo = load.kind === 'demo' ? await (await import('./demo.js')).startDemo(log.child('demo')) : undefined;
  const policy = demo?.policy ?? (load as { policy: Policy }).policy;
  log.info(demo ? 'demo mode: no machine policy found' : 'machine policy loaded',
    demo ? {} : { source: (load as { source: string }).source });

  const station = await composeStation({
    policy, host: options.host, log, dataDir: options.dataDir, ...(options.clock ? { clock: options.clock } : {}), ...(demo ? { demo } : {}),
  });
  await station.controller.start();
  station.audit.record({ event: 'policy-loaded', reason: demo ? 'demo' : 'machine policy' });

  return {
    mode: demo ? 'demo' : 'policy', policy, controller: station.controller, ...(demo ? { demo } : {}),
    async stop() {
      await station.stop();
      await demo?.close();
    },
  };
}

export const DEFAULT_AUDIT_FILE = (dataDir: string) => join(dataDir, 'audit.jsonl');

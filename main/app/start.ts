/**
 * Start-up: resolve the policy (fail closed), then compose the station. Shared by the Chromium host
 * (main/cli.ts) and the Electron host (main/host/electron/main.ts); everything host-specific is
 * behind `Host`. A policy that cannot be used never falls back to demo mode or looser settings: the
 * shell shows why and nothing else starts.
 */
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { Host } from '../core/ports/host.js';
import type { Log } from '../core/ports/log.js';
import type { Clock } from '../core/ports/clock.js';
import type { Policy } from '../core/policy/types.js';
import { resolvePolicy, type PolicyResolution } from '../policy/resolve.js';
import type { StationController } from './station/controller.js';
import { consoleLog } from './console-log.js';
import type { RunningDemo } from './demo.js';
import { composeStation } from './compose.js';
import { showRefusal } from './refusal-screen.js';
import type { ProviderFetch } from '../identity/provider-http.js';
import type { PreferencesFileOpener } from './preferences-store.js';

export interface LanyardOptions {
  host: Host;
  argv: string[];
  dataDir: string;
  log?: Log;
  /** Installed from a package (Electron's app.isPackaged): IT's machine policy only, never the demo. */
  packaged?: boolean;
  /** The environment policy overrides are read from (LANYARD_POLICY); defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Demo mode whatever policy this machine has (smoke test and demo e2e tests, from a checkout). */
  forceDemo?: boolean;
  /** Time for the station (grace, idle, suspended timeouts); tests pass a fake one. */
  clock?: Clock;
  /** Where the machine policy file is (tests); defaults to /etc/lanyard/policy.json. */
  machineFile?: string;
  /** How the shell reaches the provider (Electron passes Chromium's network stack). */
  providerFetch?: ProviderFetch;
  /** How the preferences file is opened (Electron passes electron-store). */
  preferencesFile?: PreferencesFileOpener;
}

export interface LanyardRuntime {
  mode: 'demo' | 'policy';
  policy: Policy;
  controller: StationController;
  demo?: RunningDemo;
  stop(): Promise<void>;
}

/** Resolves null when Lanyard must not run; the reason is on stderr, in the log and on screen. */
export async function startLanyard(options: LanyardOptions): Promise<LanyardRuntime | null> {
  const log = options.log ?? consoleLog();
  const packaged = options.packaged ?? false;
  const resolution: PolicyResolution = options.forceDemo && !packaged ? { kind: 'demo' } : await resolvePolicy({
    argv: options.argv, env: options.env ?? process.env, packaged, demoRequested: options.argv.includes('--demo'),
    ...(options.machineFile ? { machineFile: options.machineFile } : {}),
    ...(process.platform === 'win32'
      ? { readMachinePolicy: async () => (await import('../policy/windows-registry.js')).readWindowsMachinePolicy() } : {}),
  });
  if (resolution.kind !== 'policy' && resolution.kind !== 'demo') {
    process.stderr.write(`${resolution.message}\n`);
    log.error('Lanyard will not start', { reason: resolution.kind, ...('source' in resolution ? { source: resolution.source } : {}) });
    await showRefusal(options.host, resolution).catch((error: unknown) => log.warn('refusal not shown', { error: String(error) }));
    return null;
  }

  await mkdir(options.dataDir, { recursive: true });
  // The reference provider and demo apps are loaded only in demo mode.
  const demo = resolution.kind === 'demo' ? await (await import('./demo.js')).startDemo(log.child('demo')) : undefined;
  const policy = demo?.policy ?? (resolution as { policy: Policy }).policy;
  log.info(demo ? 'demo mode (asked for)' : 'machine policy loaded', demo ? {} : { source: (resolution as { source: string }).source });

  const station = await composeStation({
    policy, host: options.host, log, dataDir: options.dataDir, ...(options.clock ? { clock: options.clock } : {}), ...(demo ? { demo } : {}),
    ...(options.providerFetch ? { providerFetch: options.providerFetch } : {}),
    ...(options.preferencesFile ? { preferencesFile: options.preferencesFile } : {}),
  });
  await station.controller.start();
  station.audit.record({ event: 'policy-loaded', reason: demo ? 'demo' : `machine policy ${(resolution as { source: string }).source}` });
  if (resolution.kind === 'policy' && resolution.refusedOverride) {
    process.stderr.write(`${resolution.refusedOverride.message}\n`);
    station.audit.record({ event: 'policy-invalid', reason: resolution.refusedOverride.message });
  }

  return {
    mode: demo ? 'demo' : 'policy', policy, controller: station.controller, ...(demo ? { demo } : {}),
    async stop() {
      await station.stop();
      await demo?.close();
    },
  };
}

export const DEFAULT_AUDIT_FILE = (dataDir: string) => join(dataDir, 'audit.jsonl');

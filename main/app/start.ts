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
import type { CardReaders } from '../core/ports/card-readers.js';
import { loadPolicy, describeProblems } from '../policy/load.js';
import { PivProfile } from '../auth/smartcard/piv/piv-profile.js';
import { StationController } from './station-controller.js';
import { CardWatcher } from './card-watcher.js';
import { FidoKeys } from './fido-keys.js';
import type { HidTransport } from '../core/ports/hid-transport.js';
import { consoleLog } from './console-log.js';
import { systemClock } from './system-clock.js';
import { IdentityClient } from '../identity/index.js';
import type { RunningDemo } from './demo.js';
import { openAudit } from './audit.js';
import { openSecrets } from './secrets.js';

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

  const audit = await openAudit(policy, options.dataDir, log.child('audit'));
  const secrets = await openSecrets(log.child('keychain'), audit);
  const readers: CardReaders = demo?.cards.readers ?? await pcscReaders(log.child('pcsc'));
  const cards = new CardWatcher(readers, [new PivProfile({ log: log.child('card') })], log.child('cards'));
  // Discovery waits for the first sign-in: a ward PC may boot before the network is up.
  const identity = IdentityClient.deferred({ issuer: policy.identityProvider.issuer, clientId: policy.identityProvider.clientId, log: log.child('identity') });

  const fido = policy.authenticators.fido
    ? new FidoKeys(demo?.keys.transport ?? await nodeHid(), new URL(policy.identityProvider.issuer).origin, log.child('fido')) : undefined;

  const controller = new StationController({
    policy, host: options.host, cards, identity, audit, clock: options.clock ?? systemClock, log: log.child('station'), secrets,
    ...(fido ? { fido } : {}),
    ...(secrets.status.ok ? {} : { notice: { kind: 'warning' as const, text: secrets.status.userMessage } }),
    ...(demo ? { demo: {
      cards: () => demo.cards.readers.list(),
      tap: (id: string) => demo.cards.readers.insert(id),
      pull: (id: string) => demo.cards.readers.remove(id),
      keys: () => [{ id: demo.keys.key.id, label: demo.keys.key.label }],
      touch: () => demo.keys.touch('match'),
      legacyAccounts: (userId: string) => demo.legacyAccounts(userId),
    } } : {}),
  });
  await controller.start();
  audit.record({ event: 'policy-loaded', reason: demo ? 'demo' : 'machine policy' });

  return {
    mode: demo ? 'demo' : 'policy', policy, controller, ...(demo ? { demo } : {}),
    async stop() {
      await controller.stop();
      await demo?.close();
      await audit.close();
    },
  };
}

async function nodeHid(): Promise<HidTransport> {
  const { NodeHidTransport } = await import('../auth/fido/node-hid-transport.js');
  return new NodeHidTransport();
}

async function pcscReaders(log: Log): Promise<CardReaders> {
  const { PcscCardReaders } = await import('../auth/smartcard/pcsc-readers.js');
  return new PcscCardReaders({ log });
}

export const DEFAULT_AUDIT_FILE = (dataDir: string) => join(dataDir, 'audit.jsonl');

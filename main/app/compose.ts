/**
 * Builds a station from a policy: the one way the product, the demo, tests and benchmarks make one.
 * Adapters not given are the real ones (audit file and syslog from policy, the OS keychain, pcscd,
 * node-hid); demo mode passes its software cards and virtual key.
 */
import type { Host } from '../core/ports/host.js';
import type { Log } from '../core/ports/log.js';
import type { Clock } from '../core/ports/clock.js';
import type { AuditSink } from '../core/ports/audit.js';
import type { Policy } from '../core/policy/types.js';
import type { CardReaders } from '../core/ports/card-readers.js';
import type { HidTransport } from '../core/ports/hid-transport.js';
import type { Preferences } from '../core/ports/preferences.js';
import { PivProfile } from '../auth/smartcard/piv/piv-profile.js';
import { identityGateway } from './identity-gateway.js';
import type { CredentialVault } from '../identity/keychain/index.js';
import { StationController } from './station/controller.js';
import { CardWatcher } from './card-watcher.js';
import { FidoKeys } from './fido-keys.js';
import { systemClock } from './system-clock.js';
import { openAudit } from './audit.js';
import { openSecrets } from './secrets.js';
import { demoControls } from './demo-controls.js';
import type { RunningDemo } from './demo.js';
import { startPatientContext } from './patient-context-hub.js';
import { PreferencesStore, type PreferencesFileOpener } from './preferences-store.js';
import { CachedPreferences } from './cached-preferences.js';
import type { IdentityGateway } from './sign-in-types.js';
import type { ProviderFetch } from '../identity/provider-http.js';

export interface StationInput {
  policy: Policy;
  host: Host;
  log: Log;
  /** Where the audit file lives unless policy names one. */
  dataDir: string;
  clock?: Clock;
  demo?: RunningDemo;
  /** Stand-ins (tests, benchmarks): an in-memory audit sink, a given keychain, other readers. */
  audit?: AuditSink & { close(): Promise<void> };
  vault?: CredentialVault;
  readers?: CardReaders;
  /** Fingerprint keys over another HID transport (tests: a virtual key); otherwise node-hid, or the demo's. */
  keys?: HidTransport;
  /** The provider as the station sees it (benchmarks wrap the real client to slow it down). */
  identity?: (client: IdentityGateway) => IdentityGateway;
  /** How the shell reaches the provider (Electron: Chromium's network stack, OS trust store and proxy). */
  providerFetch?: ProviderFetch;
  /** Stand-in preferences; otherwise preferences.json in the data folder (conf). */
  preferences?: Preferences;
  /** How the preferences file is opened (the Electron host passes electron-store). */
  preferencesFile?: PreferencesFileOpener;
}

export interface ComposedStation {
  controller: StationController;
  audit: AuditSink;
  keychain: 'os keychain' | 'memory';
  stop(): Promise<void>;
}

export async function composeStation(input: StationInput): Promise<ComposedStation> {
  const { policy, log, demo } = input;
  const audit = input.audit ?? await openAudit(policy, input.dataDir, log.child('audit'));
  const secrets = await openSecrets(log.child('keychain'), audit, input.vault);
  const readers = input.readers ?? demo?.cards.readers ?? await pcscReaders(log.child('pcsc'));
  const cards = new CardWatcher(readers, [new PivProfile({ log: log.child('card') })], log.child('cards'));
  const host = input.host;
  const client = identityGateway({ idp: policy.identityProvider, log: log.child('identity'), ...(input.providerFetch ? { fetch: input.providerFetch } : {}),
    ...(host.cardCertificateSignIn ? { browserCardSignIn: (request) => host.cardCertificateSignIn!(request) } : {}) });
  const identity = input.identity ? input.identity(client) : client;
  const fido = policy.authenticators.fido
    ? new FidoKeys(input.keys ?? demo?.keys.transport ?? await nodeHid(), new URL(policy.identityProvider.issuer).origin, log.child('fido')) : undefined;
  const clock = input.clock ?? systemClock;
  // Before the station: each app's sign-in takes its hub.topic from the session's PatientContext.
  const patients = policy.context.enabled ? await startPatientContext(policy, clock, log.child('context'), demo?.context) : undefined;
  const preferences = input.preferences ?? new CachedPreferences(new PreferencesStore({ dir: input.dataDir, policy: policy.preferences, log: log.child('preferences'), audit,
    ...(input.preferencesFile ? { open: input.preferencesFile } : {}) }));
  const controller = new StationController({
    policy, host: input.host, cards, identity, audit, clock, log: log.child('station'), secrets, preferences,
    ...(fido ? { fido } : {}),
    ...(patients ? { context: patients.context } : {}),
    ...(secrets.status.ok ? {} : { notice: { kind: 'warning' as const, text: secrets.status.userMessage } }),
    ...(demo ? { demo: demoControls(demo) } : {}),
  });
  return {
    controller, audit, keychain: secrets.persistent ? 'os keychain' : 'memory',
    async stop() {
      await controller.stop();
      await patients?.close();
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

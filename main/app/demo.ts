/**
 * Demo mode (no machine policy): the reference identity provider and demo apps on loopback, two
 * demo users with software cards, and a demo policy built from them, validated like any other.
 */
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import type { Log } from '../core/ports/log.js';
import type { Policy } from '../core/policy/types.js';
import { validatePolicy } from '../core/policy/validate.js';
import { parseDirectory } from '../idp/directory.js';
import { startDemoEnvironment } from '../idp/demo-environment.js';
import { LEGACY_DEMO_ACCOUNTS } from '../idp/demo-apps/form-app.js';
import { createDemoCards, type DemoCards } from './demo-cards.js';
import { VirtualHidTransport } from '../auth/fido/virtual/virtual-hid-transport.js';
import { plugDemoKey, touchDemoKey, type DemoKey } from '../auth/fido/virtual/demo-key.js';
import { hubClientMetadata } from '../idp/context-launch.js';
import type { LaunchContext } from '../context/patient-context.js';

/** Who answers the provider's "launch context for this app's token": the station's PatientContext,
 * bound once the hub runs (composeStation); until then, and when context is off, nobody. */
export interface DemoContext {
  hubClient: { clientId: string; clientSecret: string };
  introspectionEndpoint: string;
  bind(source: { launchFor(userId: string, clientId: string): LaunchContext | undefined } | undefined): void;
}

export interface RunningDemo {
  policy: Policy;
  cards: DemoCards;
  /** Legacy-app sign-ins provisioned for a demo user: Dr Patel's Staff Rota account is set up, so
   * one PIN signs her into every app; Sam Jones signs in by hand once and Lanyard offers to remember. */
  legacyAccounts(userId: string): { appId: string; username: string; password: string }[];
  /** The demo fingerprint key, on an in-process HID transport (no HID device can exist here). */
  keys: { transport: VirtualHidTransport; key: DemoKey; touch(finger?: 'match' | 'mismatch'): void };
  issuer: string;
  context: DemoContext;
  close(): Promise<void>;
}

const DIRECTORY = new URL('../idp/demo-directory.json', import.meta.url);
/** Demo legacy accounts IT has provisioned in the keychain (the rest are learned on first use). */
const PROVISIONED = new Set(['apatel']);

export async function startDemo(log: Log): Promise<RunningDemo> {
  const directory = parseDirectory(JSON.parse(await readFile(DIRECTORY, 'utf8')));
  const cards = await createDemoCards(directory.users.map((u) => ({ userId: u.userId, name: u.name })));
  const hubClient = { clientId: 'lanyard-fhircast-hub', clientSecret: randomBytes(32).toString('base64url') };
  let launches: Parameters<DemoContext['bind']>[0];
  const env = await startDemoEnvironment({
    directory, trustedCaPems: [cards.ca.certificatePem], log,
    context: { launchFor: (userId, clientId) => launches?.launchFor(userId, clientId), hubClient: hubClientMetadata(hubClient.clientId, hubClient.clientSecret) },
  });
  const result = validatePolicy({
    version: 1,
    station: { name: 'Demo workstation' },
    identityProvider: { issuer: env.issuer, clientId: env.shellClient.clientId },
    trustedCardCAs: [cards.ca.certificatePem],
    authenticators: { smartcard: true, fido: true },
    apps: env.apps,
    session: { pinGraceSeconds: 120, idleTimeoutSeconds: 600, idleWarningSeconds: 30, suspendedTimeoutSeconds: 3600, maxSuspendedUsers: 5, lockScreenShows: 'initials' },
    context: { enabled: true, apps: env.apps.filter((a) => a.signIn === 'oidc').map((a) => a.id), ackTimeoutSeconds: 10, appsMayChangeContext: true },
  });
  if (!result.ok) {
    await env.close();
    throw new Error(`demo policy invalid: ${result.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
  }
  log.info('demo identity provider and apps running', { issuer: env.issuer, apps: env.apps.map((a) => a.id).join(',') });
  const transport = new VirtualHidTransport();
  const key = plugDemoKey(transport);
  return {
    policy: result.policy, cards, issuer: env.issuer, close: () => env.close(),
    context: { hubClient, introspectionEndpoint: `${env.issuer}/token/introspection`, bind: (source) => { launches = source; } },
    keys: { transport, key, touch: (finger = 'match') => touchDemoKey(key, finger) },
    legacyAccounts: (userId) => LEGACY_DEMO_ACCOUNTS.filter((a) => a.userId === userId && PROVISIONED.has(a.username))
      .map((a) => ({ appId: env.formApp.id, username: a.username, password: a.password })),
  };
}

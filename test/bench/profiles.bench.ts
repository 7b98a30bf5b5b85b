/**
 * Card sign-in by identity-provider profile, side by side in one run (issue 14 "Measure"): the same
 * virtual PIV card in the real pcscd's reader, the same demo apps, the shell in headless Chromium,
 * against (a) the reference provider's own card exchange and (b) the standard profile at
 * LemonLDAP::NG, the card making the TLS client signature through OpenSC. Per sign-in:
 *   pin → roles     the PIN submitted until the role picker shows (PIN check, provider round trips)
 *   role → apps     the role chosen until every tab has loaded signed in (silent SSO of the apps)
 *   total           PIN submitted → all apps ready
 * Each run ends with Log out and the card pulled; the first run of each profile is not counted.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { ChromiumHost } from '../../main/host/chromium/chromium-host.js';
import { startLanyard } from '../../main/app/start.js';
import { consoleLog } from '../../main/app/console-log.js';
import { rendererDir } from '../../main/app/paths.js';
import { createCardCa } from '../../main/auth/smartcard/virtual/card-pki.js';
import { createVirtualCard, type CreatedVirtualCard } from '../../main/auth/smartcard/virtual/create-virtual-card.js';
import { DEMO_OIDC_APPS } from '../../main/idp/demo-apps/catalogue.js';
import { startOidcApp } from '../../main/idp/demo-apps/oidc-app.js';
import { startDemoEnvironment } from '../../main/idp/demo-environment.js';
import { startLemonldap, LANYARD_CLIENT_ID } from '../fixtures/lemonldap/lemonldap.js';
import { ensurePcscd } from '../fixtures/pcscd.js';
import { insertCard } from '../fixtures/vpcd-card.js';
import { waitForAllTabsLoaded } from '../fixtures/lanyard.js';
import { distribution, type Distribution } from './stats.js';

const RUNS = 8;
const PIN = '246810';
const HOLDER = { userId: '555000000001', name: 'Dr Asha Patel' }; // in the reference provider's demo directory

interface Station { policy: Record<string, unknown>; close(): Promise<void> }
type ProfileResult = Record<'pinToRoles' | 'roleToApps' | 'total', Distribution>;

async function referenceStation(caPem: string): Promise<Station> {
  const env = await startDemoEnvironment({ trustedCaPems: [caPem] });
  return {
    policy: { identityProvider: { issuer: env.issuer, clientId: env.shellClient.clientId }, apps: env.apps.filter((a) => a.signIn === 'oidc') },
    close: () => env.close(),
  };
}

/** Chromium trusts the portal's CA through the user's NSS database, as on a trust's Linux PC. */
function trustInNss(home: string, caPem: string): void {
  const db = join(home, '.pki', 'nssdb');
  mkdirSync(db, { recursive: true });
  writeFileSync(join(home, 'ca.pem'), caPem);
  execFileSync('certutil', ['-N', '-d', `sql:${db}`, '--empty-password'], { stdio: 'pipe' });
  execFileSync('certutil', ['-A', '-d', `sql:${db}`, '-n', 'provider CA', '-t', 'C,,', '-i', join(home, 'ca.pem')], { stdio: 'pipe' });
}

async function standardStation(caPem: string, home: string): Promise<Station> {
  const secrets = new Map(DEMO_OIDC_APPS.map((d) => [d.id, randomBytes(24).toString('base64url')]));
  const apps = await Promise.all(DEMO_OIDC_APPS.map((d) => startOidcApp(d, { clientSecret: secrets.get(d.id)!, secretIn: 'post' })));
  const idp = await startLemonldap({
    cardCaPem: caPem,
    users: [{ uid: HOLDER.userId, cn: HOLDER.name, mail: 'asha.patel@trust.example', groups: ['R8000', 'R8003'] }],
    apps: Object.fromEntries(apps.map((a) => [a.definition.id, { redirectUri: a.clientMetadata.redirect_uris![0]!, secret: secrets.get(a.definition.id)! }])),
  });
  for (const a of apps) a.attach(idp.issuer, idp.fetch);
  trustInNss(home, idp.serverCa);
  return {
    policy: {
      identityProvider: {
        issuer: idp.issuer, clientId: LANYARD_CLIENT_ID, profile: 'standard', certificateHost: idp.certificateHost,
        serverCAs: [idp.serverCa], claims: { userId: 'sub', name: 'name', roles: 'roles' },
      },
      apps: apps.map((a) => ({ id: a.definition.id, name: a.definition.name, url: a.url, allowedOrigins: [a.origin, new URL(idp.issuer).origin], signIn: 'oidc' })),
    },
    close: async () => { await Promise.all(apps.map((a) => a.close())); await idp.stop(); },
  };
}

async function signInOnce(shell: Page, made: CreatedVirtualCard): Promise<{ pinToRoles: number; roleToApps: number }> {
  const screen = (name: string): Promise<void> => shell.locator(`[data-screen="${name}"]`).waitFor({ timeout: 30_000 });
  const card = await insertCard(made.card, 0);
  try {
    await screen('pin');
    await shell.locator('#pin-input').fill(PIN);
    const t0 = performance.now();
    await shell.getByRole('button', { name: 'Sign in' }).click();
    await screen('choose-role');
    const t1 = performance.now();
    await shell.locator('button.role').first().click();
    await waitForAllTabsLoaded(shell);
    const t2 = performance.now();
    await shell.getByRole('button', { name: 'Log out' }).click();
    await screen('locked');
    return { pinToRoles: t1 - t0, roleToApps: t2 - t1 };
  } finally {
    card.client.pull();
    card.close();
  }
}

async function measureProfile(profile: 'reference' | 'standard', made: CreatedVirtualCard, caPem: string, dir: string): Promise<ProfileResult> {
  const station = profile === 'reference' ? await referenceStation(caPem) : await standardStation(caPem, dir);
  const policyFile = join(dir, `${profile}.json`);
  writeFileSync(policyFile, JSON.stringify({
    version: 1, station: { name: 'Bench PC' }, trustedCardCAs: [caPem], authenticators: { smartcard: true, fido: false },
    audit: { file: join(dir, `${profile}-audit.jsonl`) }, ...station.policy,
  }));
  const logs: string[] = [];
  const log = consoleLog('bench', 'warn', (line) => { logs.push(line); });
  const host = new ChromiumHost({ headless: true, rendererDir: rendererDir(), log: log.child('host') });
  const runtime = await startLanyard({ host, argv: ['--policy', policyFile], dataDir: join(dir, profile), log });
  if (!runtime) throw new Error(`the ${profile} station did not start:\n${logs.join('')}`);
  try {
    const shell = host.shellPage();
    await signInOnce(shell, made); // warm-up: discovery, Chromium's first pages
    const samples: { pinToRoles: number; roleToApps: number }[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await signInOnce(shell, made));
    return {
      pinToRoles: distribution(samples.map((s) => s.pinToRoles)),
      roleToApps: distribution(samples.map((s) => s.roleToApps)),
      total: distribution(samples.map((s) => s.pinToRoles + s.roleToApps)),
    };
  } finally {
    await runtime.stop();
    await host.close();
    await station.close();
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const pcscd = await ensurePcscd();
  const dir = await mkdtemp(join(tmpdir(), 'lanyard-bench-profiles-'));
  const home = process.env.HOME;
  try {
    const ca = await createCardCa({ name: 'Bench card CA' });
    const made = await createVirtualCard({ ca, holder: HOLDER, pin: PIN, algorithm: 'p256' });
    const reference = await measureProfile('reference', made, ca.certificatePem, dir);
    process.env.HOME = dir; // Chromium's NSS database for the standard provider's CA
    const standard = await measureProfile('standard', made, ca.certificatePem, dir);
    return { runs: RUNS, card: 'virtual PIV, P-256, real pcscd', unit: 'ms', reference, standard };
  } finally {
    process.env.HOME = home;
    await pcscd.release();
    await rm(dir, { recursive: true, force: true });
  }
}

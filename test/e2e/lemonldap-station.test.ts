/**
 * The whole station on the standard profile against an independent OpenID Connect provider:
 * LemonLDAP::NG from Debian's packages (test/fixtures/lemonldap), its SSL authentication behind
 * nginx, the demo apps registered as its confidential clients. A virtual PIV card in the real
 * pcscd's reader: tap, PIN in Lanyard's pad, the card's TLS signature at the portal through OpenSC,
 * the role picker, then every demo app signed in silently in Chromium by the provider session
 * cookie the flow left in the user's partition; Log out ends that session at the provider.
 * The provider's server CA is trusted the way IT trusts a trust's own CA on Linux: Lanyard by
 * policy (identityProvider.serverCAs), Chromium through the user's NSS database.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ChromiumHost } from '../../main/host/chromium/chromium-host.js';
import { startLanyard, type LanyardRuntime } from '../../main/app/start.js';
import { consoleLog } from '../../main/app/console-log.js';
import { rendererDir } from '../../main/app/paths.js';
import { createCardCa } from '../../main/auth/smartcard/virtual/card-pki.js';
import { createVirtualCard, type CreatedVirtualCard } from '../../main/auth/smartcard/virtual/create-virtual-card.js';
import { DEMO_OIDC_APPS } from '../../main/idp/demo-apps/catalogue.js';
import { startOidcApp, type RunningOidcApp } from '../../main/idp/demo-apps/oidc-app.js';
import { startLemonldap, lemonldapInstalled, LEMONLDAP_APT_PACKAGES, LANYARD_CLIENT_ID, type Lemonldap } from '../fixtures/lemonldap/lemonldap.js';
import { ensurePcscd, type Pcscd } from '../fixtures/pcscd.js';
import { insertCard, TEST_HOLDER, TEST_PIN, type VpcdCard } from '../fixtures/vpcd-card.js';
import { waitForAllTabsLoaded } from '../fixtures/lanyard.js';

if (!lemonldapInstalled()) throw new Error(`LemonLDAP::NG is missing: bash scripts/ensure-setup.sh installs ${LEMONLDAP_APT_PACKAGES.join(' ')}`);

const ROLES = ['R8000', 'R8003'];
let pcscd: Pcscd;
let idp: Lemonldap;
let apps: RunningOidcApp[] = [];
let dir: string;
let host: ChromiumHost;
let runtime: LanyardRuntime;
let made: CreatedVirtualCard;
let card: VpcdCard | undefined;
const logs: string[] = [];
const savedHome = process.env.HOME;

/** Chromium on Linux trusts what the user's NSS database trusts ($HOME/.pki/nssdb). */
function nssTrusting(home: string, caPem: string): void {
  const db = join(home, '.pki', 'nssdb');
  mkdirSync(db, { recursive: true });
  writeFileSync(join(home, 'provider-ca.pem'), caPem);
  execFileSync('certutil', ['-N', '-d', `sql:${db}`, '--empty-password'], { stdio: 'pipe' });
  execFileSync('certutil', ['-A', '-d', `sql:${db}`, '-n', 'Trust provider CA', '-t', 'C,,', '-i', join(home, 'provider-ca.pem')], { stdio: 'pipe' });
}

before(async () => {
  pcscd = await ensurePcscd();
  const ca = await createCardCa({ name: 'Trust card CA' });
  made = await createVirtualCard({ ca, holder: TEST_HOLDER, pin: TEST_PIN, algorithm: 'p256' });
  const secrets = new Map(DEMO_OIDC_APPS.map((d) => [d.id, randomBytes(24).toString('base64url')]));
  apps = await Promise.all(DEMO_OIDC_APPS.map((d) => startOidcApp(d, { clientSecret: secrets.get(d.id)!, secretIn: 'post' })));
  idp = await startLemonldap({
    cardCaPem: ca.certificatePem,
    users: [{ uid: TEST_HOLDER.userId, cn: TEST_HOLDER.name, mail: 'ada.lovelace@trust.example', groups: ROLES }],
    apps: Object.fromEntries(apps.map((a) => [a.definition.id, { redirectUri: a.clientMetadata.redirect_uris![0]!, secret: secrets.get(a.definition.id)! }])),
  });
  for (const a of apps) a.attach(idp.issuer, idp.fetch);

  dir = await mkdtemp(join(tmpdir(), 'lanyard-llng-station-'));
  process.env.HOME = dir;
  nssTrusting(dir, idp.serverCa);
  const policyFile = join(dir, 'policy.json');
  writeFileSync(policyFile, JSON.stringify({
    version: 1,
    station: { name: 'Ward 9 PC 1' },
    identityProvider: {
      issuer: idp.issuer, clientId: LANYARD_CLIENT_ID, profile: 'standard', certificateHost: idp.certificateHost,
      serverCAs: [idp.serverCa], claims: { userId: 'sub', name: 'name', roles: 'roles' },
    },
    trustedCardCAs: [ca.certificatePem],
    authenticators: { smartcard: true, fido: false },
    apps: apps.map((a) => ({ id: a.definition.id, name: a.definition.name, url: a.url, allowedOrigins: [a.origin, new URL(idp.issuer).origin], signIn: 'oidc' })),
    audit: { file: join(dir, 'audit.jsonl') },
  }));
  const log = consoleLog('lanyard', 'debug', (line) => { logs.push(line); });
  host = new ChromiumHost({ headless: true, rendererDir: rendererDir(), log: log.child('host') });
  const started = await startLanyard({ host, argv: ['--policy', policyFile], dataDir: dir, log });
  assert.ok(started, logs.join(''));
  runtime = started;
});

after(async () => {
  card?.close();
  await runtime?.stop();
  await host?.close();
  await Promise.all(apps.map((a) => a.close()));
  await idp?.stop();
  await pcscd?.release();
  process.env.HOME = savedHome;
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a card signs in at LemonLDAP::NG by TLS client certificate and every demo app opens signed in; Log out ends the provider session', async () => {
  const shell = host.shellPage();
  const screen = (name: string): Promise<void> => shell.locator(`[data-screen="${name}"]`).waitFor({ timeout: 30_000 });
  await screen('locked');
  process.on('exit', (code) => { if (code !== 0) console.log(logs.join('') + idp.logs()); });
  card = await insertCard(made.card, 0);
  await screen('pin');
  assert.match(await shell.locator('[data-screen="pin"]').textContent() ?? '', /Dr Ada Lovelace/);
  await shell.locator('#pin-input').fill(TEST_PIN);
  await shell.getByRole('button', { name: 'Sign in' }).click();
  await screen('choose-role');
  assert.equal(idp.sessionCount(), 1, 'the card sign-in made one provider session');
  await shell.locator('button.role').filter({ hasText: 'R8000' }).click();
  await waitForAllTabsLoaded(shell);
  assert.equal(await shell.getByTestId('current-user').textContent(), TEST_HOLDER.name);

  for (const a of apps) {
    const page = host.appPage(host.visibleApp()!.partition, a.definition.id);
    assert.ok(page, `${a.definition.name} has a tab`);
    await page.locator('#user-name').waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('#user-name').textContent(), TEST_HOLDER.name, `${a.definition.name} is signed in as the card holder`);
    assert.equal(a.sessions.size, 1, `${a.definition.name} made its own session from the provider's`);
  }

  await shell.getByRole('button', { name: 'Log out' }).click();
  await screen('locked'); // the screen locks first; the provider is told after
  await until(() => idp.sessionCount() === 0, 'Log out to end the session at the provider');
  card.client.pull();
  card.close();
  card = undefined;
});

/** Waits until `check` holds, on the events the provider's session store and the log give (polled: files). */
async function until(check: () => boolean, what: string, timeoutMs = 15_000, everyMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The child that signs the card's TLS handshake through OpenSC (main/identity/standard/card-tls-child.ts). */
function cardTlsChildRunning(): boolean {
  return readdirSync('/proc').some((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('card-tls-child'); } catch { return false; }
  });
}

test('a wrong PIN says how many tries are left and spends one; the card pulled while the provider answers leaves no session anywhere; the next tap signs in', async () => {
  const shell = host.shellPage();
  const screen = (name: string): Promise<void> => shell.locator(`[data-screen="${name}"]`).waitFor({ timeout: 30_000 });
  await screen('locked');
  const triesBefore = made.card.triesLeft;
  card = await insertCard(made.card, 0);
  await screen('pin');
  await shell.locator('#pin-input').fill('000000');
  await shell.getByRole('button', { name: 'Sign in' }).click();
  await shell.getByRole('alert').filter({ hasText: /tries? left/ }).waitFor({ timeout: 15_000 });
  assert.equal(made.card.triesLeft, triesBefore - 1, 'one try spent, none by the middleware');
  assert.equal(idp.sessionCount(), 0);

  // The right PIN, then the card pulled while the card middleware (the TLS child) is at work.
  await shell.locator('#pin-input').fill(TEST_PIN);
  await shell.getByRole('button', { name: 'Sign in' }).click();
  await until(cardTlsChildRunning, 'the card TLS child to start', 15_000, 5);
  card.client.pull();
  await screen('locked');
  assert.equal(host.visibleApp(), undefined);
  await until(() => idp.sessionCount() === 0, 'the aborted sign-in\'s provider session to be ended');
  assert.equal(await shell.locator('[data-screen="choose-role"]').count(), 0);
  assert.equal(made.card.triesLeft, triesBefore, 'the right PIN reset the tries');

  await card.client.insert();
  await screen('pin');
  await shell.locator('#pin-input').fill(TEST_PIN);
  await shell.getByRole('button', { name: 'Sign in' }).click();
  await screen('choose-role');
  await shell.locator('button.role').first().click();
  await waitForAllTabsLoaded(shell);
  assert.equal(await shell.getByTestId('current-user').textContent(), TEST_HOLDER.name);
  await shell.getByRole('button', { name: 'Log out' }).click();
  await screen('locked');
  await until(() => idp.sessionCount() === 0, 'Log out to end the provider session');
});

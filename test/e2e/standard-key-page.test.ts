/**
 * A security-key sign-in on the standard profile, end to end: the reference provider in its
 * standard-profile role (its own login page, WebAuthn in the page), the station on the Chromium
 * host, a virtual FIDO2 key over CTAPHID. The person presses "Sign in with your security key" on
 * the lock screen; the provider's page opens in a fresh Chromium process; they press the
 * provider's own button; the page's navigator.credentials reaches the key through Lanyard's CTAP
 * client (origin and RP ID checked by the host); the provider verifies the assertion; Lanyard
 * catches the redirect, redeems the code, and every demo app opens signed in by the provider
 * session. Cancel closes the page and leaves the lock screen; pulling the key locks the session.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChromiumHost } from '../../main/host/chromium/chromium-host.js';
import { composeStation, type ComposedStation } from '../../main/app/compose.js';
import { consoleLog } from '../../main/app/console-log.js';
import { rendererDir } from '../../main/app/paths.js';
import { keysOnlyPolicy } from './ui-key-page-station.js';
import { createCardCa } from '../../main/auth/smartcard/virtual/card-pki.js';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/idp/demo-environment.js';
import { virtualKey, type VirtualKeyRig } from '../fixtures/fido-rp.js';
import { enrolKeyAtProvider } from '../fixtures/provider-key-enrolment.js';
import { waitForAllTabsLoaded } from '../fixtures/lanyard.js';

const ASHA = { userId: '555000000001', name: 'Dr Asha Patel' };
let env: DemoEnvironment;
let host: ChromiumHost;
let station: ComposedStation;
let rig: VirtualKeyRig;
let dir: string;
const logs: string[] = [];


before(async () => {
  const ca = await createCardCa({ name: 'Unused card CA' });
  env = await startDemoEnvironment({ trustedCaPems: [ca.certificatePem] });
  rig = virtualKey(); // a finger always on the sensor: every ceremony is user-verified at once
  const key = await rig.open();
  await enrolKeyAtProvider(key.ctap, env.issuer, ASHA, env.fidoCredentials).finally(() => key.close());
  dir = await mkdtemp(join(tmpdir(), 'lanyard-key-page-'));
  const checked = keysOnlyPolicy(env, ca.certificatePem, dir);
  assert.ok(checked.ok, JSON.stringify(!checked.ok && checked.problems));
  const log = consoleLog('lanyard', 'debug', (line) => { logs.push(line); });
  host = new ChromiumHost({ headless: true, rendererDir: rendererDir(), log: log.child('host') });
  station = await composeStation({ policy: checked.policy, host, log, dataDir: dir, keys: rig.transport });
  await station.controller.start();
});

after(async () => {
  await station?.stop();
  await host?.close();
  await env?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const screen = (name: string): Promise<void> => host.shellPage().locator(`[data-screen="${name}"]`).waitFor({ timeout: 30_000 });

/** The person on the provider's page: waits for Lanyard to open it, then presses its button. */
async function onProviderPage(act: 'sign-in' | 'cancel'): Promise<void> {
  const shell = host.shellPage();
  await shell.getByRole('button', { name: 'Sign in with your security key' }).click();
  await screen('signing-in');
  await shell.getByRole('heading', { name: /Sign in on your organisation/ }).waitFor();
  let page = host.signInPage();
  for (let i = 0; !page && i < 200; i++) { await new Promise((r) => setTimeout(r, 50)); page = host.signInPage(); }
  assert.ok(page, 'the provider\'s sign-in page opened');
  assert.equal(new URL(page.url() === 'about:blank' ? env.issuer : page.url()).origin, new URL(env.issuer).origin);
  if (act === 'cancel') { await shell.getByRole('button', { name: 'Cancel' }).click(); return; }
  await page.locator('#lanyard-webauthn-start').click();
}

test('Cancel on the shell closes the provider\'s page and goes back to the lock screen', async () => {
  await screen('locked');
  await onProviderPage('cancel');
  await screen('locked');
  assert.equal(host.signInPage(), undefined);
});

test('a key holder signs in on the provider\'s own page; every app opens signed in; Log out ends it', async () => {
  await screen('locked');
  await onProviderPage('sign-in');
  await screen('choose-role');
  const shell = host.shellPage();
  await shell.locator('button.role').first().click();
  await waitForAllTabsLoaded(shell);
  assert.equal(await shell.getByTestId('current-user').textContent(), ASHA.name);
  for (const a of env.oidcApps) {
    const page = host.appPage(host.visibleApp()!.partition, a.definition.id)!;
    await page.locator('#user-name').waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('#user-name').textContent(), ASHA.name, `${a.definition.name} signed in by the provider session`);
  }
  assert.equal(host.signInPage(), undefined, 'the sign-in page and its process are gone');
  await shell.getByRole('button', { name: 'Log out' }).click();
  await screen('locked');
});

test('the host closing while the provider\'s page is open closes that page and its browser first', async () => {
  await screen('locked');
  await host.shellPage().getByRole('button', { name: 'Sign in with your security key' }).click();
  let page = host.signInPage();
  for (let i = 0; !page && i < 200; i++) { await new Promise((r) => setTimeout(r, 50)); page = host.signInPage(); }
  assert.ok(page, 'the provider\'s sign-in page opened');
  await host.close();
  assert.equal(page.isClosed(), true);
  assert.equal(host.signInPage(), undefined);
});

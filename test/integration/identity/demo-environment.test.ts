/**
 * The demo environment as the shell's policy sees it, and the legacy form app driven the way the
 * tab preload will drive it (selectors from policy) in real Chromium.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startDemoEnvironment, type DemoEnvironment } from '../../../main/idp/demo-environment.js';
import { LEGACY_DEMO_ACCOUNTS } from '../../../main/idp/demo-apps/form-app.js';
import { createCardCa, issueCardCertificate, RECEPTIONIST, signAsCard, TEST_DIRECTORY } from './card-helpers.js';
import type { HidTransport } from '../../../main/core/ports/hid-transport.js';
import { openFidoKey } from '../../../main/auth/fido/fido-key.js';
import { plugDemoKey, touchDemoKey } from '../../../main/auth/fido/virtual/demo-key.js';
import { VirtualHidTransport } from '../../../main/auth/fido/virtual/virtual-hid-transport.js';
import { IdentityClient } from '../../../main/identity/identity-client.js';
import { launchChromium } from './chromium.js';

let env: DemoEnvironment;
let browser: Browser;

before(async () => {
  const ca = await createCardCa();
  env = await startDemoEnvironment({ trustedCaPems: [ca.certificatePem] });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await env?.close();
});

test('apps come in policy shape: origins include the provider, Prescribing limited to clinical roles', async () => {
  const idpOrigin = new URL(env.issuer).origin;
  assert.deepEqual(env.apps.map((a) => [a.id, a.signIn]), [['patient-record', 'oidc'], ['prescribing', 'oidc'], ['referrals', 'oidc'], ['staff-rota', 'form']]);
  for (const app of env.apps.filter((a) => a.signIn === 'oidc')) {
    assert.ok(app.allowedOrigins.includes(idpOrigin), `${app.id} may pass through the provider`);
    assert.ok(app.allowedOrigins.includes(new URL(app.url).origin));
  }
  assert.deepEqual(env.apps.find((a) => a.id === 'prescribing')?.roles, ['R8000', 'R8001', 'R8003']);
  assert.equal(env.apps.find((a) => a.id === 'patient-record')?.roles, undefined);
  const discovery = await (await fetch(`${env.issuer}/.well-known/openid-configuration`)).json() as Record<string, unknown>;
  assert.equal(discovery.backchannel_logout_supported, true);
  assert.ok(typeof discovery.revocation_endpoint === 'string' && typeof discovery.end_session_endpoint === 'string');
});

test('an OIDC app visited with no provider session shows the Lanyard sign-in notice, not a password form', async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(env.apps[0]?.url ?? '', { waitUntil: 'load' });
    assert.match(page.url(), /\/interaction\//);
    assert.match((await page.locator('h1').textContent()) ?? '', /Sign in with Lanyard/);
    assert.equal(await page.locator('input[type=password]').count(), 0);
  } finally {
    await context.close();
  }
});

test('the legacy app signs in through its form with the policy selectors, and refuses a wrong password', async () => {
  const app = env.apps.find((a) => a.signIn === 'form');
  assert.ok(app?.form);
  const account = LEGACY_DEMO_ACCOUNTS[0];
  assert.ok(account);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(app.form.loginUrl, { waitUntil: 'load' });
    await page.fill(app.form.usernameSelector, account.username);
    await page.fill(app.form.passwordSelector, 'wrong');
    await Promise.all([page.waitForLoadState('load'), page.click(app.form.submitSelector)]);
    assert.match((await page.locator('#login-error').textContent()) ?? '', /not recognised/);
    await page.fill(app.form.usernameSelector, account.username);
    await page.fill(app.form.passwordSelector, account.password);
    await Promise.all([page.waitForURL(app.url), page.click(app.form.submitSelector)]);
    assert.equal(await page.locator('#user-name').textContent(), account.name);
    assert.equal(await page.locator('textarea#notes').count(), 1);
    assert.equal(env.formApp.sessions.size, 1);
  } finally {
    await context.close();
  }
});

test('the demo key enrols with the demo provider: its basic attestation chains to the demo root, its model is listed', async () => {
  const ca = await createCardCa();
  const demo = await startDemoEnvironment({ directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem] });
  const transport = new VirtualHidTransport();
  const demoKey = plugDemoKey(transport);
  const key = await openFidoKey(transport as HidTransport, demoKey.device.path, { origin: new URL(demo.issuer).origin });
  try {
    const client = await IdentityClient.create({ issuer: demo.issuer, clientId: demo.shellClient.clientId });
    const flow = await client.beginSmartcardSignIn();
    const card = await issueCardCertificate(ca, RECEPTIONIST, { algorithm: 'p256' });
    const session = await (await flow.complete(signAsCard(card, flow.challenge))).choose('555000000002-01');
    const enrolment = await session.beginFidoEnrolment();
    const registering = key.webauthn.register(enrolment.options);
    touchDemoKey(demoKey);
    const credentialId = await enrolment.complete(await registering);
    assert.deepEqual((await session.fidoCredentials()).map((c) => c.id), [credentialId]);
    await session.logout();
  } finally {
    await key.close();
    await demo.close();
  }
});

/**
 * Single sign-on as the product does it: the shell signs in once with a card key, hands the
 * provider session cookies to a fresh browsing context, and each demo app's own OIDC login then
 * completes silently in real Chromium. Also: role refusal by Prescribing, and logout reaching the
 * apps through back-channel logout.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDemoEnvironment, type DemoEnvironment } from '../../../main/idp/demo-environment.js';
import { IdentityClient } from '../../../main/identity/identity-client.js';
import { IdentityError } from '../../../main/identity/identity-error.js';
import type { SignedInSession } from '../../../main/identity/types.js';
import { createCardCa, DOCTOR, issueCardCertificate, RECEPTIONIST, signAsCard, TEST_DIRECTORY, type CardCa } from './card-helpers.js';
import { launchChromium } from './chromium.js';

let ca: CardCa;
let env: DemoEnvironment;
let client: IdentityClient;
let browser: Browser;

before(async () => {
  ca = await createCardCa();
  env = await startDemoEnvironment({ directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem] });
  client = await IdentityClient.create({ issuer: env.issuer, clientId: env.shellClient.clientId });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await env?.close();
});

async function signIn(who: { userId: string; name: string }, roleCode: string): Promise<SignedInSession> {
  const card = await issueCardCertificate(ca, who, { algorithm: 'p256' });
  const signInFlow = await client.beginSmartcardSignIn();
  const choice = await signInFlow.complete(signAsCard(card, signInFlow.challenge));
  const role = choice.roles.find((r) => r.roleCode === roleCode);
  assert.ok(role, `${who.name} holds ${roleCode}`);
  return choice.choose(role.roleId);
}

/** A fresh partition holding only the provider session, recording every URL its pages visit. */
async function partitionFor(session: SignedInSession): Promise<{ context: BrowserContext; visited: string[] }> {
  const context = await browser.newContext();
  await context.addCookies(session.providerCookies);
  const visited: string[] = [];
  context.on('request', (r) => { if (r.isNavigationRequest()) visited.push(r.url()); });
  return { context, visited };
}

async function text(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).textContent({ timeout: 5000 })) ?? '';
}

test('one card sign-in signs every OIDC demo app in silently, with the chosen role', async () => {
  const session = await signIn(DOCTOR, 'R8003');
  const { context, visited } = await partitionFor(session);
  try {
    for (const app of env.apps.filter((a) => a.signIn === 'oidc')) {
      const page = await context.newPage();
      await page.goto(app.url, { waitUntil: 'load' });
      assert.equal(await text(page, '#user-name'), DOCTOR.name, `${app.name} shows the person`);
      assert.equal(await text(page, '#role-name'), 'Health Professional Access Role', `${app.name} shows the chosen role`);
      assert.equal(await text(page, '#org-name'), 'Lanyard Demo Hospital NHS Trust');
      assert.equal(await page.locator('textarea#notes').count(), 1, `${app.name} has a notes form`);
      await page.close();
    }
    assert.equal(visited.filter((u) => u.includes('/interaction/')).length, 0, `no sign-in prompt was shown: ${visited.join(' ')}`);
    assert.ok(visited.some((u) => u.startsWith(`${env.issuer}/auth`)), 'each app really went through the provider');
  } finally {
    await context.close();
    await session.logout();
  }
});

test('a receptionist is refused by Prescribing with a clear page but opens the patient record', async () => {
  const session = await signIn(RECEPTIONIST, 'R8010');
  const { context } = await partitionFor(session);
  try {
    const page = await context.newPage();
    const prescribing = env.apps.find((a) => a.id === 'prescribing');
    assert.ok(prescribing?.roles && !prescribing.roles.includes('R8010'), 'policy does not offer Prescribing to clerical roles');
    const refused = await page.goto(prescribing.url, { waitUntil: 'load' });
    assert.equal(refused?.status(), 403);
    assert.match(await text(page, '#refused'), /clinical roles only/);
    assert.equal(await page.locator('textarea').count(), 0, 'no Prescribing content behind the refusal');
    const record = env.apps.find((a) => a.id === 'patient-record');
    assert.ok(record);
    await page.goto(record.url, { waitUntil: 'load' });
    assert.equal(await text(page, '#user-name'), RECEPTIONIST.name);
  } finally {
    await context.close();
    await session.logout();
  }
});

test('logout revokes the refresh token and signs every app out through back-channel logout', async () => {
  const session = await signIn(DOCTOR, 'R8000');
  const { context } = await partitionFor(session);
  try {
    // Tabs open together, as the shell opens them: concurrent logins into one provider session.
    const pages = await Promise.all(env.oidcApps.map(() => context.newPage()));
    await Promise.all(pages.map(async (p, n) => {
      await p.goto(env.oidcApps[n]?.url ?? '', { waitUntil: 'load' });
      assert.equal(await text(p, '#user-name'), DOCTOR.name);
    }));
    const page = pages[0];
    assert.ok(page);
    const before = env.oidcApps.map((a) => a.sessions.size);
    assert.deepEqual(before, [1, 1, 1], 'each app holds one session');
    assert.ok(session.refreshToken, 'the shell was given a refresh token');
    await session.refresh();

    await session.logout();

    assert.deepEqual(env.oidcApps.map((a) => a.sessions.size), [0, 0, 0], 'back-channel logout ended every app session');
    await assert.rejects(session.refresh(), (e: unknown) => e instanceof IdentityError && e.code === 'refresh-failed');
    // The same browser now lands on the provider's sign-in page instead of the app.
    await page.goto(env.oidcApps[0]?.url ?? '', { waitUntil: 'load' });
    assert.ok(page.url().includes('/interaction/'), `signed out: ${page.url()}`);
    assert.match(await text(page, 'h1'), /Sign in with Lanyard/);
  } finally {
    await context.close();
  }
});

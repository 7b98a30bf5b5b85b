/**
 * The whole authorization with a security key on the reference provider's standard-profile login
 * page (its own script, under its CSP), in real Chromium: authorizeInPage opens the page, the
 * person presses "Sign in with security key", Lanyard's CTAP client answers with the virtual key
 * for the provider's origin, the provider verifies it (@simplewebauthn/server, user verification
 * required) and redirects to the loopback redirect URI, which Lanyard catches; the code redeems to
 * the key holder's ID token, and the provider session cookie comes back for the partition.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../identity/chromium.js';
import { createCardCa, createCrl, DOCTOR, TEST_DIRECTORY } from '../identity/card-helpers.js';
import { REDIRECT_URI, StandardWalk } from '../idp/standard-walk.js';
import { virtualKey } from '../../fixtures/fido-rp.js';
import { enrolKeyAtProvider } from '../../fixtures/provider-key-enrolment.js';
import { PROVIDER_COOKIES, startIdentityProvider, type RunningIdentityProvider } from '../../../main/idp/provider.js';
import { SHELL_CLIENT, SHELL_CLIENT_ID } from '../../../main/idp/demo-environment.js';
import { authorizeInPage } from '../../../main/host/chromium/authorize-in-page.js';
import type { PageCeremony } from '../../../main/host/chromium/webauthn-bridge.js';
import { runPageCeremony } from '../../../main/auth/fido/page-ceremony.js';
import type { FidoKey } from '../../../main/auth/fido/fido-key.js';

let browser: Browser;
let idp: RunningIdentityProvider;
let key: FidoKey;

before(async () => {
  const ca = await createCardCa();
  const crl = await createCrl(ca, []);
  [browser, idp] = await Promise.all([
    launchChromium(),
    startIdentityProvider({ directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem], crlPems: [crl.pem], clients: [SHELL_CLIENT] }),
  ]);
  key = await virtualKey().open();
  await enrolKeyAtProvider(key.ctap, idp.issuer, DOCTOR, idp.fidoCredentials);
});

after(async () => {
  await key?.close();
  await browser?.close();
  await idp?.close();
});

test('a key holder signs in on the reference provider\'s standard login page; the code redeems to their ID token', async () => {
  const asked: string[] = [];
  const onKey: PageCeremony = (request, signal) => {
    asked.push(`${request.kind} ${request.origin} ${request.rpId}`);
    return runPageCeremony(key.ctap, request, { signal });
  };
  const walk = new StandardWalk(idp.issuer, SHELL_CLIENT_ID, { ca: '' });
  const result = await authorizeInPage({
    browser, authorizationUrl: walk.authorizationUrl(), redirectUri: REDIRECT_URI, allowedOrigins: [idp.issuer], webauthn: onKey, timeoutMs: 60_000,
    // The person at the workstation presses the provider's button.
    onPage: (page) => void page.locator('#lanyard-webauthn-start').click().catch(() => undefined),
  });
  assert.deepEqual(asked, [`get ${idp.issuer} 127.0.0.1`]);
  assert.equal(result.callback.searchParams.get('state'), 'test-state');
  const claims = await walk.redeem(result.callback);
  assert.equal(claims.sub, DOCTOR.userId);
  assert.ok((claims.amr as string[]).includes('hwk'), `amr ${JSON.stringify(claims.amr)}`);
  assert.ok(result.cookies.some((c) => c.name === PROVIDER_COOKIES.session), 'the provider session cookie is handed back');
  assert.equal(idp.fidoCredentials.forUser(DOCTOR.userId)[0]?.counter, 1, 'the provider stored the new counter');
});

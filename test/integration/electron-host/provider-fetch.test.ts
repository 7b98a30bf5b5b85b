/**
 * The identity client over an injected fetch, against the real reference provider: every request
 * of a card sign-in (discovery, the front channel's manual redirects and cookies, the token
 * endpoint, logout) goes through the fetch it was given and none through Node's global fetch.
 * Run once with a recording wrapper of Node's fetch, and once with the Electron host's provider
 * fetch (main/host/electron/provider-fetch.ts) on the stand-in's net.request, which behaves as
 * Electron's ClientRequest does (a manual redirect is an event, not a 3xx answer).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { startIdentityProvider, type RunningIdentityProvider } from '../../../main/idp/provider.js';
import { SHELL_CLIENT, SHELL_CLIENT_ID } from '../../../main/idp/demo-environment.js';
import { IdentityClient } from '../../../main/identity/identity-client.js';
import type { ProviderFetch } from '../../../main/identity/provider-http.js';
import { createCardCa, DOCTOR, issueCardCertificate, signAsCard, type CardCa, TEST_DIRECTORY } from '../identity/card-helpers.js';

register('../../unit/electron-host/fake-electron/loader.mjs', import.meta.url);
const { net, session } = await import('../../unit/electron-host/fake-electron/electron.js');
const { electronProviderFetch } = await import('../../../main/host/electron/provider-fetch.js');

let ca: CardCa;
let idp: RunningIdentityProvider;
const nodeFetch = globalThis.fetch;

before(async () => {
  ca = await createCardCa();
  idp = await startIdentityProvider({ directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem], clients: [SHELL_CLIENT], allowCasWithoutRevocation: true });
});
after(async () => {
  globalThis.fetch = nodeFetch;
  await idp?.close();
});

/** A whole card sign-in and logout with `fetch`, Node's global fetch made to fail meanwhile. */
async function signInWith(fetch: ProviderFetch): Promise<void> {
  globalThis.fetch = () => Promise.reject(new Error('global fetch used'));
  try {
    const client = await IdentityClient.create({ issuer: idp.issuer, clientId: SHELL_CLIENT_ID, fetch });
    const card = await issueCardCertificate(ca, DOCTOR, { algorithm: 'p256' });
    const flow = await client.beginSmartcardSignIn();
    const choice = await flow.complete(signAsCard(card, flow.challenge));
    const roleId = choice.roles[0]?.roleId ?? '';
    const signedIn = await choice.choose(roleId);
    assert.equal(signedIn.user.userId, DOCTOR.userId);
    await signedIn.logout();
  } finally {
    globalThis.fetch = nodeFetch;
  }
}

test('every provider request of a sign-in goes through the injected fetch', async () => {
  const paths: string[] = [];
  await signInWith((url, init) => {
    paths.push(new URL(url).pathname);
    return nodeFetch(url, init as RequestInit);
  });
  assert.ok(paths.includes('/.well-known/openid-configuration'), 'discovery');
  assert.ok(paths.some((p) => p.includes('auth')), 'the authorization request');
  assert.ok(paths.some((p) => p.includes('token')), 'the token request');
});

test("the Electron host's provider fetch carries a whole sign-in on net.request: manual redirects, cookies, bodies", async () => {
  net.requests.length = 0;
  await signInWith(electronProviderFetch());
  assert.ok(net.requests.length > 5, `${net.requests.length} requests`);
  const provider = session.fromPartition('lanyard-provider');
  for (const request of net.requests) {
    assert.equal(request.options.session, provider, 'the provider session, never a user partition');
    assert.equal(request.options.credentials, 'omit', "the client's own jar, not Chromium's");
    assert.equal(request.options.redirect, 'manual');
  }
});

/**
 * The server side of the standard-profile login page's security-key sign-in: request options for
 * the entered user (RP ID = the issuer's host, userVerification required, that user's keys), an
 * assertion made by the virtual authenticator over CTAPHID through Lanyard's WebAuthn client as
 * the page would post it, verified against the enrolled key and finishing the interaction (roles
 * left to the client); an assertion for another origin or RP ID is refused, as are a user with no
 * key and a malformed body.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { HidTransport } from '../../../main/core/ports/hid-transport.js';
import { openFidoKey, type FidoKey } from '../../../main/auth/fido/fido-key.js';
import { VirtualAuthenticator } from '../../../main/auth/fido/virtual/authenticator.js';
import { VirtualHidTransport } from '../../../main/auth/fido/virtual/virtual-hid-transport.js';
import { startIdentityProvider, type RunningIdentityProvider } from '../../../main/idp/provider.js';
import { FidoCredentialStore } from '../../../main/idp/fido/credential-store.js';
import { SHELL_CLIENT, SHELL_CLIENT_ID } from '../../../main/idp/demo-environment.js';
import { REFUSAL_MESSAGES } from '../../../main/core/refusals.js';
import { createCardCa, createCrl, DOCTOR, TEST_DIRECTORY } from '../identity/card-helpers.js';
import { StandardWalk } from './standard-walk.js';

let idp: RunningIdentityProvider;
const store = new FidoCredentialStore();
const transport = new VirtualHidTransport();
let devicePath: string;
const opened: FidoKey[] = [];

async function keyAt(origin: string): Promise<FidoKey> {
  const key = await openFidoKey(transport as HidTransport, devicePath, { origin });
  opened.push(key);
  return key;
}

/** Registers a credential of the virtual key for DOCTOR under `rpId` (as the provider's enrolment would). */
async function enrol(origin: string, rpId: string): Promise<string> {
  const key = await keyAt(origin);
  const options = await generateRegistrationOptions({
    rpName: 'test', rpID: rpId, userName: DOCTOR.userId, userID: new TextEncoder().encode(DOCTOR.userId),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' }, supportedAlgorithmIDs: [-7],
  });
  const response = await key.webauthn.register(options);
  const result = await verifyRegistrationResponse({ response, expectedChallenge: options.challenge, expectedOrigin: origin, expectedRPID: rpId, requireUserVerification: true });
  assert.ok(result.verified);
  const { credential } = result.registrationInfo;
  store.add({ id: credential.id, userId: DOCTOR.userId, publicKey: credential.publicKey, counter: credential.counter, createdAt: Date.now() });
  return credential.id;
}

before(async () => {
  const ca = await createCardCa();
  idp = await startIdentityProvider({
    directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem], crlPems: [(await createCrl(ca, [])).pem], clients: [SHELL_CLIENT], fidoCredentials: store,
  });
  devicePath = transport.plug(new VirtualAuthenticator({ label: 'test key' })).path;
});

after(async () => {
  for (const k of opened) await k.close();
  await idp?.close();
});

/** A fresh sign-in stopped at the login page; the page's URLs as the browser sees them. */
async function atLoginPage(): Promise<{ walk: StandardWalk; optionsUrl: URL; submitUrl: URL }> {
  const walk = new StandardWalk(idp.issuer, SHELL_CLIENT_ID, { ca: '' });
  const { stopped } = await walk.walk(walk.authorizationUrl());
  assert.equal(stopped?.status, 200);
  const attr = (name: string): URL => new URL(new RegExp(`${name}="([^"]+)"`).exec(stopped.body)?.[1] ?? '/missing', idp.issuer);
  return { walk, optionsUrl: attr('data-options-url'), submitUrl: attr('data-submit-url') };
}

async function options(walk: StandardWalk, url: URL, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
  const hop = await walk.get(url, { method: 'POST', body: JSON.stringify(body), accept: 'application/json' });
  return { status: hop.status, json: JSON.parse(hop.body) as Record<string, unknown> };
}

test('the page\'s options name the issuer host as RP ID, require user verification and list the entered user\'s keys; the assertion signs them in', async () => {
  const credentialId = await enrol(new URL(idp.issuer).origin, '127.0.0.1');
  const { walk, optionsUrl, submitUrl } = await atLoginPage();
  const answer = await options(walk, optionsUrl, { userId: DOCTOR.userId });
  assert.equal(answer.status, 200);
  const opts = answer.json.options as PublicKeyCredentialRequestOptionsJSON;
  assert.equal(opts.rpId, '127.0.0.1');
  assert.equal(opts.userVerification, 'required');
  assert.deepEqual(opts.allowCredentials?.map((c) => c.id), [credentialId]);

  const key = await keyAt(new URL(idp.issuer).origin);
  const response = await key.webauthn.authenticate(opts);
  const done = await options(walk, submitUrl, { response });
  assert.equal(done.status, 200, JSON.stringify(done.json));
  const { callback } = await walk.walk(new URL(String(done.json.redirectTo)));
  assert.ok(callback, 'the interaction finished at the redirect URI');
  const claims = await walk.redeem(callback);
  assert.equal(claims.sub, DOCTOR.userId);
  assert.deepEqual(claims.amr, ['hwk', 'fpt']);
  assert.equal(claims.selected_roleid, undefined, 'no role prompt: the client chooses');
  assert.equal((claims.nhsid_nrbac_roles as unknown[]).length, 2);
});

test('with no user entered the options list no credential (the key says who it is)', async () => {
  const { walk, optionsUrl } = await atLoginPage();
  const answer = await options(walk, optionsUrl, {});
  assert.deepEqual((answer.json.options as PublicKeyCredentialRequestOptionsJSON).allowCredentials, []);
});

test('an assertion made for another origin is refused', async () => {
  const { walk, optionsUrl, submitUrl } = await atLoginPage();
  const opts = (await options(walk, optionsUrl, { userId: DOCTOR.userId })).json.options as PublicKeyCredentialRequestOptionsJSON;
  // Same host (so the RP ID is valid for it), another port: another origin.
  const response = await (await keyAt('http://127.0.0.1:9')).webauthn.authenticate(opts);
  const refused = await options(walk, submitUrl, { response });
  assert.equal(refused.status, 403);
  assert.equal(refused.json.error, 'fido-failed');
  assert.equal(refused.json.error_description, REFUSAL_MESSAGES['fido-failed']);
});

test('an assertion for another RP ID (a credential of localhost) is refused', async () => {
  const origin = new URL(idp.issuer.replace('127.0.0.1', 'localhost')).origin;
  await enrol(origin, 'localhost');
  const { walk, optionsUrl, submitUrl } = await atLoginPage();
  const opts = (await options(walk, optionsUrl, {})).json.options as PublicKeyCredentialRequestOptionsJSON;
  const response = await (await keyAt(origin)).webauthn.authenticate({ ...opts, rpId: 'localhost' });
  const refused = await options(walk, submitUrl, { response });
  assert.equal(refused.status, 403);
  assert.equal(refused.json.error, 'fido-failed');
});

test('a user with no key, a malformed user ID and a malformed assertion are refused, not crashed', async () => {
  const { walk, optionsUrl, submitUrl } = await atLoginPage();
  const none = await options(walk, optionsUrl, { userId: '555000000002' });
  assert.equal(none.status, 403);
  assert.equal(none.json.error, 'unknown-credential');
  assert.equal((await options(walk, optionsUrl, { userId: 'x' })).json.error, 'bad-request');
  const bad = await options(walk, submitUrl, { response: { id: 'AA', rawId: 'AA', type: 'public-key', response: { clientDataJSON: null } } });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error, 'bad-request');
});

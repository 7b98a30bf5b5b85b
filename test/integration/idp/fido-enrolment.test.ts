/**
 * Who may enrol or remove a security key, and which keys, against a real provider on loopback:
 * an app's token obtained by real single sign-on from a card session is refused, as is the
 * shell's everyday token and an enrolment token once the card sign-in is too old; keys that prove
 * no approved model (none, self attestation, unlisted AAGUID, unknown root) are refused outside
 * demo; malformed WebAuthn bodies get 400, not 500. The proper path is in
 * test/integration/identity/fido.test.ts.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import type { ClientMetadata } from 'oidc-provider';
import type { HidTransport } from '../../../main/core/ports/hid-transport.js';
import { openFidoKey, type FidoKey } from '../../../main/auth/fido/fido-key.js';
import { createAttestationPki, type AttestationPki } from '../../../main/auth/fido/virtual/attestation-pki.js';
import { VIRTUAL_AAGUID, VirtualAuthenticator, type VirtualAuthenticatorOptions } from '../../../main/auth/fido/virtual/authenticator.js';
import { VirtualHidTransport } from '../../../main/auth/fido/virtual/virtual-hid-transport.js';
import { startIdentityProvider, type RunningIdentityProvider } from '../../../main/idp/provider.js';
import { SHELL_CLIENT, SHELL_CLIENT_ID } from '../../../main/idp/demo-environment.js';
import { nullLog } from '../../../main/idp/null-log.js';
import { IdentityClient, SHELL_SCOPE } from '../../../main/identity/identity-client.js';
import { IdentityError, type IdentityErrorCode } from '../../../main/identity/identity-error.js';
import { ProviderHttp } from '../../../main/identity/provider-http.js';
import type { OidcSignedInSession } from '../../../main/identity/signed-in-session.js';
import type { SignedInSession } from '../../../main/identity/types.js';
import { createCardCa, createCrl, DOCTOR, issueCardCertificate, signAsCard, TEST_DIRECTORY, type CardCa } from '../identity/card-helpers.js';

const APP_REDIRECT = 'http://127.0.0.1/app-callback';
const APP_CLIENT: ClientMetadata = {
  client_id: 'test-app', client_secret: 'test-app-secret-0123456789abcdef', client_name: 'An ordinary app',
  redirect_uris: [APP_REDIRECT], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post',
};
const OTHER_AAGUID = Uint8Array.from(Buffer.from('0badc0de0badc0de0badc0de0badc0de', 'hex'));

let ca: CardCa;
let crlPem: string;
let model: AttestationPki;
let otherModel: AttestationPki;
let idp: RunningIdentityProvider;
let client: IdentityClient;
let session: SignedInSession;
let clockOffsetMs = 0;
const keys: FidoKey[] = [];

async function keyWith(options: VirtualAuthenticatorOptions, issuer = idp.issuer): Promise<FidoKey> {
  const transport = new VirtualHidTransport();
  const { path } = transport.plug(new VirtualAuthenticator({ label: 'test key', ...options }));
  const key = await openFidoKey(transport as HidTransport, path, { origin: new URL(issuer).origin });
  keys.push(key);
  return key;
}

async function cardSignIn(c: IdentityClient): Promise<SignedInSession> {
  const card = await issueCardCertificate(ca, DOCTOR, { algorithm: 'p256' });
  const flow = await c.beginSmartcardSignIn();
  const choice = await flow.complete(signAsCard(card, flow.challenge));
  return choice.choose(choice.roles[0]?.roleId ?? '');
}

before(async () => {
  ca = await createCardCa();
  crlPem = (await createCrl(ca, [])).pem;
  model = await createAttestationPki(VIRTUAL_AAGUID);
  otherModel = await createAttestationPki(OTHER_AAGUID, { vendor: 'Other Vendor' });
  idp = await startIdentityProvider({
    directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem], crlPems: [crlPem], clients: [SHELL_CLIENT, APP_CLIENT],
    // Both vendors' roots are trusted, only the first model is approved: the AAGUID check stands alone.
    fidoEnrolment: { clientId: SHELL_CLIENT_ID, attestation: { aaguids: [model.aaguid], rootPems: [model.rootPem, otherModel.rootPem] } },
    clock: () => Date.now() + clockOffsetMs,
  });
  client = await IdentityClient.create({ issuer: idp.issuer, clientId: SHELL_CLIENT_ID });
  session = await cardSignIn(client);
});

after(async () => {
  for (const key of keys) await key.close();
  await session?.logout().catch(() => undefined);
  await idp?.close();
});

const refusedWith = (code: IdentityErrorCode) => (e: unknown) => e instanceof IdentityError && e.code === code;

/** An ordinary app's access token, by single sign-on: the app's authorization request runs in the
 * card session's provider cookies and comes back with a code, no sign-in asked. */
async function appTokenBySso(of: SignedInSession, scope = SHELL_SCOPE): Promise<string> {
  const http = new ProviderHttp(3000, nullLog);
  for (const c of of.providerCookies) http.jar.store(new URL(c.url), [`${c.name}=${c.value}; Path=${new URL(c.url).pathname}`]);
  const config = await oidc.discovery(new URL(idp.issuer), APP_CLIENT.client_id, APP_CLIENT.client_secret, oidc.ClientSecretPost(APP_CLIENT.client_secret), { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: APP_REDIRECT, scope, state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  });
  const back = await http.follow(url, APP_REDIRECT);
  assert.equal(back.kind, 'callback', 'single sign-on: no sign-in page for the app');
  if (back.kind !== 'callback') throw new Error('unreachable');
  const error = back.url.searchParams.get('error');
  if (error) throw new Error(`authorization refused: ${error}`);
  const tokens = await oidc.authorizationCodeGrant(config, back.url, { pkceCodeVerifier: verifier, expectedState: state });
  return tokens.access_token;
}

async function raw(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; error?: string }> {
  const res = await fetch(new URL(path, idp.issuer), {
    method, headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, ...(text ? { error: (JSON.parse(text) as { error?: string }).error } : {}) };
}

async function enrolProperly(): Promise<string> {
  const key = await keyWith({ attestation: model.attestation });
  const enrolment = await session.beginFidoEnrolment();
  return enrolment.complete(await key.webauthn.register(enrolment.options));
}

test('an app\'s access token, obtained by real single sign-on from a card session, may not enrol or remove keys (403)', async () => {
  const credentialId = await enrolProperly();
  const appToken = await appTokenBySso(session);
  // The token is a good one for what apps do with it.
  const userinfo = await fetch(new URL('/me', idp.issuer), { headers: { authorization: `Bearer ${appToken}` } });
  assert.equal(userinfo.status, 200);

  assert.deepEqual(await raw('POST', '/fido/registration/options', appToken, {}), { status: 403, error: 'enrolment-not-allowed' });
  assert.deepEqual(await raw('POST', '/fido/registration/verify', appToken, { response: {} }), { status: 403, error: 'enrolment-not-allowed' });
  assert.deepEqual(await raw('DELETE', `/fido/credentials/${credentialId}`, appToken), { status: 403, error: 'enrolment-not-allowed' });
  assert.deepEqual(await raw('GET', '/fido/credentials', appToken), { status: 403, error: 'enrolment-not-allowed' });
  assert.deepEqual((await session.fidoCredentials()).map((c) => c.id), [credentialId], 'the key is still there');
  // Nor may the app even be issued the enrolment scope.
  await assert.rejects(appTokenBySso(session, 'openid lanyard_fido_enrolment'), /invalid_scope/);
  await session.removeFidoCredential(credentialId);
});

test('the shell\'s everyday token carries no enrolment scope and is refused for enrol and remove', async () => {
  const credentialId = await enrolProperly();
  const everyday = (session as OidcSignedInSession).accessToken;
  assert.deepEqual(await raw('POST', '/fido/registration/options', everyday, {}), { status: 403, error: 'enrolment-not-allowed' });
  assert.deepEqual(await raw('DELETE', `/fido/credentials/${credentialId}`, everyday), { status: 403, error: 'enrolment-not-allowed' });
  assert.equal((await raw('GET', '/fido/credentials', everyday)).status, 200, 'listing needs only the shell');
  await session.removeFidoCredential(credentialId);
});

test('once the card sign-in is older than the window, enrolment and removal are refused until the person taps in again', async () => {
  const credentialId = await enrolProperly();
  clockOffsetMs = 301_000;
  try {
    await assert.rejects(session.beginFidoEnrolment(), refusedWith('reauth-required'));
    await assert.rejects(session.removeFidoCredential(credentialId), refusedWith('reauth-required'));
  } finally {
    clockOffsetMs = 0;
  }
  const fresh = await cardSignIn(client);
  try {
    await fresh.removeFidoCredential(credentialId);
    assert.deepEqual(await fresh.fidoCredentials(), []);
  } finally {
    await fresh.logout();
  }
});

test('keys that prove no approved model are refused: none, self attestation, an unlisted AAGUID, an unknown root', async () => {
  const rogue = await createAttestationPki(VIRTUAL_AAGUID, { vendor: 'Rogue' });
  const cases: [string, VirtualAuthenticatorOptions][] = [
    ['none', { attestation: 'none' }],
    ['self', { attestation: 'packed' }],
    ['unlisted AAGUID', { aaguid: OTHER_AAGUID, attestation: otherModel.attestation }],
    ['listed AAGUID, unknown root', { attestation: rogue.attestation }],
  ];
  for (const [what, options] of cases) {
    const key = await keyWith(options);
    const enrolment = await session.beginFidoEnrolment();
    await assert.rejects(enrolment.complete(await key.webauthn.register(enrolment.options)), refusedWith('attestation-refused'), what);
  }
  assert.deepEqual(await session.fidoCredentials(), [], 'nothing was enrolled');
});

test('unattested keys are a demo-only option: refused at start outside demo, accepted by a demo provider', async () => {
  const policy = { clientId: SHELL_CLIENT_ID, attestation: { aaguids: [], rootPems: [], allowUnattested: true } };
  const base = { directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem], crlPems: [crlPem], clients: [SHELL_CLIENT] };
  await assert.rejects(startIdentityProvider({ ...base, fidoEnrolment: policy }), /demo provider only/);
  const demo = await startIdentityProvider({ ...base, fidoEnrolment: policy, demo: true });
  try {
    const c = await IdentityClient.create({ issuer: demo.issuer, clientId: SHELL_CLIENT_ID });
    const s = await cardSignIn(c);
    const key = await keyWith({ attestation: 'none' }, demo.issuer);
    const enrolment = await s.beginFidoEnrolment();
    assert.match(await enrolment.complete(await key.webauthn.register(enrolment.options)), /^[A-Za-z0-9_-]+$/);
    await s.logout();
  } finally {
    await demo.close();
  }
});

test('a provider with no enrolment policy enrols nobody', async () => {
  const bare = await startIdentityProvider({ directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem], crlPems: [crlPem], clients: [SHELL_CLIENT] });
  try {
    const s = await cardSignIn(await IdentityClient.create({ issuer: bare.issuer, clientId: SHELL_CLIENT_ID }));
    await assert.rejects(s.beginFidoEnrolment(), refusedWith('enrolment-not-allowed'));
    await s.logout();
  } finally {
    await bare.close();
  }
});

test('malformed WebAuthn bodies answer 400 bad-request, never 500: sign-in and enrolment', async () => {
  const http = new ProviderHttp(3000, nullLog);
  const auth = new URL(`${idp.issuer}/auth`);
  auth.search = new URLSearchParams({
    client_id: SHELL_CLIENT_ID, response_type: 'code', redirect_uri: 'http://127.0.0.1/callback', scope: 'openid',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
  }).toString();
  const page = await http.follow(auth, 'http://127.0.0.1/callback');
  assert.equal(page.kind, 'page');
  const submit = new URL(((page.kind === 'page' ? page.body.methods : {}) as { fido: { submit: string } }).fido.submit, idp.issuer);
  const b64 = (text: string) => Buffer.from(text).toString('base64url');
  const assertion = (inner: unknown) => ({ response: { id: 'AAAA', rawId: 'AAAA', type: 'public-key', clientExtensionResults: {}, response: inner } });
  const good = { authenticatorData: 'AAAA', signature: 'AAAA' };
  const bodies: [string, unknown][] = [
    ['clientDataJSON of null', assertion({ ...good, clientDataJSON: b64('null') })],
    ['clientDataJSON null', assertion({ ...good, clientDataJSON: null })],
    ['clientDataJSON a number', assertion({ ...good, clientDataJSON: b64('42') })],
    ['clientDataJSON not JSON', assertion({ ...good, clientDataJSON: b64('{') })],
    ['response null', { response: null }],
    ['inner response null', assertion(null)],
    ['id a number', { response: { ...assertion({ ...good, clientDataJSON: b64('{}') }).response, id: 5 } }],
  ];
  for (const [what, body] of bodies) {
    const answer = await http.request('POST', submit, { json: body });
    assert.equal(answer.status, 400, `${what}: HTTP ${answer.status}`);
    assert.equal((answer.body as { error: string }).error, 'bad-request', what);
  }

  const enrolment = await session.beginFidoEnrolment();
  await assert.rejects(enrolment.complete({ ...(assertion({ clientDataJSON: b64('null'), attestationObject: 'AAAA' }).response) } as never),
    (e: unknown) => e instanceof IdentityError && /bad-request/.test(e.message));
});

/**
 * The shell's identity client against the real provider: card sign-in, role choice, the claims
 * the apps rely on (ID token and userinfo), refresh, and logout revoking what it was given.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { startIdentityProvider, type RunningIdentityProvider } from '../../../main/idp/provider.js';
import { SHELL_CLIENT, SHELL_CLIENT_ID } from '../../../main/idp/demo-environment.js';
import { IdentityClient } from '../../../main/identity/identity-client.js';
import { IdentityError } from '../../../main/identity/identity-error.js';
import type { OidcSignedInSession } from '../../../main/identity/signed-in-session.js';
import { createCardCa, DOCTOR, issueCardCertificate, RECEPTIONIST, signAsCard, TEST_DIRECTORY, type CardCa } from './card-helpers.js';

let ca: CardCa;
let idp: RunningIdentityProvider;
let client: IdentityClient;

before(async () => {
  ca = await createCardCa();
  idp = await startIdentityProvider({ directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem], clients: [SHELL_CLIENT], allowCasWithoutRevocation: true });
  client = await IdentityClient.create({ issuer: idp.issuer, clientId: SHELL_CLIENT_ID });
});

after(async () => {
  await idp?.close();
});

async function cardChoice(who: { userId: string; name: string }, algorithm: 'rsa2048' | 'p256' = 'p256') {
  const card = await issueCardCertificate(ca, who, { algorithm });
  const flow = await client.beginSmartcardSignIn();
  assert.ok(flow.challenge.length >= 32, 'a challenge worth signing');
  return flow.complete(signAsCard(card, flow.challenge));
}

test('a doctor with two roles is offered both, and the chosen one is in the tokens', async () => {
  const choice = await cardChoice(DOCTOR, 'rsa2048');
  assert.deepEqual(choice.user, DOCTOR);
  assert.deepEqual(choice.roles.map((r) => r.roleCode), ['R8000', 'R8003']);
  assert.equal(choice.roles[0]?.orgName, 'Lanyard Demo Hospital NHS Trust');
  const roleId = choice.roles[1]?.roleId ?? '';
  await assert.rejects(choice.choose('555000000002-01'), (e: unknown) => e instanceof IdentityError && e.code === 'unknown-role');
  const session = await choice.choose(roleId);
  try {
    assert.equal(session.role.roleId, roleId);
    const c = session.claims;
    assert.equal(c.sub, DOCTOR.userId);
    assert.equal(c.name, DOCTOR.name);
    assert.equal(c.nhsid_useruid, DOCTOR.userId);
    assert.equal(c.selected_roleid, roleId);
    assert.equal(c.authentication_assurance_level, '3');
    assert.equal(c.acr, 'AAL3_ANY');
    assert.deepEqual(c.amr, ['sc', 'pin']);
    assert.deepEqual(c.nhsid_nrbac_roles, [
      { person_orgid: '555000000001-RLD', person_roleid: '555000000001-01', org_code: 'RLD', role_name: 'Clinical Practitioner Access Role', role_code: 'R8000' },
      { person_orgid: '555000000001-RLD', person_roleid: '555000000001-02', org_code: 'RLD', role_name: 'Health Professional Access Role', role_code: 'R8003' },
    ]);
    const names = session.providerCookies.map((k) => k.name).sort();
    assert.deepEqual(names, ['lanyard_idp_session', 'lanyard_idp_session.sig']);
    assert.ok(session.providerCookies.every((k) => k.url === `${idp.issuer}/` && k.httpOnly));
  } finally {
    await session.logout();
  }
});

test('userinfo agrees with the ID token, also after a refresh', async () => {
  const choice = await cardChoice(DOCTOR);
  const session = await choice.choose(choice.roles[0]?.roleId ?? '') as OidcSignedInSession;
  try {
    const config = await oidc.discovery(new URL(idp.issuer), SHELL_CLIENT_ID, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const info = await oidc.fetchUserInfo(config, session.accessToken, DOCTOR.userId);
    assert.equal(info.selected_roleid, '555000000001-01');
    assert.equal(info.nhsid_useruid, DOCTOR.userId);
    const firstRefresh = session.refreshToken;
    await session.refresh();
    assert.equal(session.claims.selected_roleid, '555000000001-01', 'the role survives a refresh');
    const after = await oidc.fetchUserInfo(config, session.accessToken, DOCTOR.userId);
    assert.equal(after.selected_roleid, '555000000001-01');
    assert.ok(session.refreshToken && firstRefresh, 'refresh tokens issued');
  } finally {
    await session.logout();
  }
});

test('a receptionist with one role is not asked to choose', async () => {
  const choice = await cardChoice(RECEPTIONIST);
  assert.equal(choice.roles.length, 1);
  const session = await choice.choose(choice.roles[0]?.roleId ?? '');
  assert.equal(session.role.roleCode, 'R8010');
  assert.equal(session.claims.selected_roleid, '555000000002-01');
  await session.logout();
});

test('logout revokes the refresh token at the provider and ends the provider session', async () => {
  const choice = await cardChoice(DOCTOR);
  const session = await choice.choose(choice.roles[0]?.roleId ?? '');
  const refreshToken = session.refreshToken;
  assert.ok(refreshToken);
  const cookies = session.providerCookies;
  await session.logout();
  const config = await oidc.discovery(new URL(idp.issuer), SHELL_CLIENT_ID, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  await assert.rejects(oidc.refreshTokenGrant(config, refreshToken), (e: unknown) => e instanceof oidc.ResponseBodyError && e.error === 'invalid_grant');
  // The old provider session cookie no longer signs anyone in: /auth asks for a login again.
  const auth = oidc.buildAuthorizationUrl(config, { redirect_uri: 'http://127.0.0.1/callback', scope: 'openid', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' });
  const res = await fetch(auth, { redirect: 'manual', headers: { cookie: cookies.map((k) => `${k.name}=${k.value}`).join('; ') } });
  assert.match(res.headers.get('location') ?? '', /\/interaction\//);
  await session.logout(); // idempotent
});

test('with the provider session, prompt=none answers with a code at once (no login, role or consent step)', async () => {
  const choice = await cardChoice(RECEPTIONIST);
  const session = await choice.choose(choice.roles[0]?.roleId ?? '');
  try {
    const auth = new URL(`${idp.issuer}/auth`);
    auth.search = new URLSearchParams({
      client_id: SHELL_CLIENT_ID, response_type: 'code', redirect_uri: 'http://127.0.0.1/callback', scope: 'openid', prompt: 'none',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
    }).toString();
    const res = await fetch(auth, { redirect: 'manual', headers: { cookie: session.providerCookies.map((k) => `${k.name}=${k.value}`).join('; ') } });
    const location = new URL(res.headers.get('location') ?? '', idp.issuer);
    assert.equal(location.pathname, '/callback');
    assert.ok(location.searchParams.get('code'), `a code, not ${location.searchParams.get('error')}`);
  } finally {
    await session.logout();
  }
});

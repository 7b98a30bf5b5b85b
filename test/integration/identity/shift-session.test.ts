/**
 * Against the real reference provider: a session whose access tokens last 2 seconds keeps working
 * across several refreshes (TokenRefresh on the system clock), and the vault key that seals
 * remembered sign-ins is released to the shell only, the same for a user in every session and
 * different for every user.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startIdentityProvider, type RunningIdentityProvider } from '../../../main/idp/provider.js';
import { SHELL_CLIENT, SHELL_CLIENT_ID } from '../../../main/idp/demo-environment.js';
import { IdentityClient } from '../../../main/identity/identity-client.js';
import type { SignedInSession } from '../../../main/identity/types.js';
import { TokenRefresh } from '../../../main/app/station/token-refresh.js';
import { systemClock } from '../../../main/app/system-clock.js';
import { createCardCa, DOCTOR, issueCardCertificate, RECEPTIONIST, signAsCard, TEST_DIRECTORY, type CardCa } from './card-helpers.js';

const TTL_S = 2;
const quiet = { traffic() {}, debug() {}, info() {}, warn() {}, error() {}, child() { return quiet; } };
let ca: CardCa;
let idp: RunningIdentityProvider;
let client: IdentityClient;
let userinfoUrl: string;

before(async () => {
  ca = await createCardCa();
  idp = await startIdentityProvider({
    directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem], allowCasWithoutRevocation: true, accessTokenTtlSeconds: TTL_S,
    clients: [SHELL_CLIENT, { client_id: 'other-app', client_secret: 'x'.repeat(32), redirect_uris: ['http://127.0.0.1/cb'], grant_types: ['authorization_code', 'refresh_token'] }],
    vaultKeys: { clientId: SHELL_CLIENT_ID, secret: randomBytes(32) },
  });
  client = await IdentityClient.create({ issuer: idp.issuer, clientId: SHELL_CLIENT_ID });
  const discovery = await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json() as { userinfo_endpoint: string; scopes_supported: string[] };
  userinfoUrl = discovery.userinfo_endpoint;
  assert.ok(discovery.scopes_supported.includes('lanyard_vault'));
});

after(async () => { await idp?.close(); });

async function signIn(who: { userId: string; name: string }): Promise<SignedInSession & { accessToken: string }> {
  const card = await issueCardCertificate(ca, who, { algorithm: 'p256' });
  const flow = await client.beginSmartcardSignIn();
  const choice = await flow.complete(signAsCard(card, flow.challenge));
  return await choice.choose(choice.roles[0]!.roleId) as SignedInSession & { accessToken: string };
}

async function userinfo(accessToken: string): Promise<{ status: number; sub?: string; [claim: string]: unknown }> {
  const answer = await fetch(userinfoUrl, { headers: { authorization: `Bearer ${accessToken}` } });
  return { status: answer.status, ...(answer.ok ? await answer.json() as Record<string, unknown> : {}) };
}

test(`a session on ${TTL_S}-second access tokens keeps working across several refreshes`, async () => {
  const session = await signIn(DOCTOR);
  assert.equal(session.accessTokenLifetimeSeconds, TTL_S);
  const first = session.accessToken;
  let count = 0;
  let reached!: () => void;
  const threeRefreshes = new Promise<void>((resolve) => { reached = resolve; });
  const watched = {
    get accessTokenLifetimeSeconds() { return session.accessTokenLifetimeSeconds; },
    refresh: async () => { await session.refresh(); if (++count === 3) reached(); },
  } as SignedInSession;
  const failed: unknown[] = [];
  const refresh = new TokenRefresh(systemClock, (_id, error) => failed.push(error), quiet);
  refresh.start('s1', watched);
  try {
    await threeRefreshes;
    assert.deepEqual(failed, []);
    assert.notEqual(session.accessToken, first);
    assert.equal((await userinfo(first)).status, 401, 'the first token has expired: the refreshes are what keep it working');
    const now = await userinfo(session.accessToken);
    assert.equal(now.status, 200);
    assert.equal(now.sub, DOCTOR.userId);
  } finally {
    refresh.stopAll();
    await session.logout();
  }
  await assert.rejects(session.refresh(), (e: unknown) => (e as { code?: string }).code === 'refresh-failed');
});

test('a revoked refresh token: TokenRefresh reports refresh-failed', async () => {
  const session = await signIn(RECEPTIONIST);
  let failedWith: unknown;
  const failed = new Promise<void>((resolve) => {
    const refresh = new TokenRefresh(systemClock, (_id, error) => { failedWith = error; resolve(); }, quiet);
    // The provider forgets the session (logged out elsewhere): its refresh token is revoked.
    void fetch(`${idp.issuer}/token/revocation`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: session.refreshToken!, token_type_hint: 'refresh_token', client_id: SHELL_CLIENT_ID }),
    }).then(() => refresh.start('s2', session));
  });
  await failed;
  assert.equal((failedWith as { code?: string }).code, 'refresh-failed');
  await session.logout().catch(() => undefined);
});

test('the vault key: the shell\'s only, the same for a user in every session, different for each user', async () => {
  const a1 = await signIn(DOCTOR);
  const a2 = await signIn(DOCTOR);
  const b = await signIn(RECEPTIONIST);
  try {
    assert.equal(a1.vaultKey?.length, 32);
    assert.deepEqual(a1.vaultKey, a2.vaultKey);
    assert.notDeepEqual(a1.vaultKey, b.vaultKey);
    assert.equal(a1.claims.lanyard_vault_key, undefined, 'kept out of the claims the shell shows and logs');
    // Another client of the same provider may not even ask for the scope.
    const authorize = new URL(`${idp.issuer}/auth`);
    for (const [k, v] of Object.entries({ client_id: 'other-app', response_type: 'code', redirect_uri: 'http://127.0.0.1/cb', scope: 'openid lanyard_vault', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' })) authorize.searchParams.set(k, v);
    const answer = await fetch(authorize, { redirect: 'manual' });
    const location = answer.headers.get('location') ?? '';
    assert.match(location, /error=invalid_scope/, `other clients are refused the scope (${answer.status} ${location})`);
  } finally {
    await Promise.all([a1.logout(), a2.logout(), b.logout()]);
  }
});

/**
 * The reference provider's certauth listener with software client certificates (the card path with
 * the virtual card through pcscd and OpenSC is certauth-card.test.ts): the card CAs named in the
 * TLS CertificateRequest, a trusted card signs in as its holder with all roles in the ID token and
 * no role prompt (the client chooses), the provider session then signs an app in silently; a
 * revoked card, a card of another CA and no certificate are refused with the sentence for the
 * person; without acr_values the login page offers both ways in, under a CSP.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:tls';
import type { ClientMetadata } from 'oidc-provider';
import { startIdentityProvider, type RunningIdentityProvider, type RunningCertauth } from '../../../main/idp/provider.js';
import { SHELL_CLIENT, SHELL_CLIENT_ID } from '../../../main/idp/demo-environment.js';
import { REFUSAL_MESSAGES } from '../../../main/core/refusals.js';
import { createCardCa, createCrl, DOCTOR, issueCardCertificate, TEST_DIRECTORY, type CardCa, type IssuedCard } from '../identity/card-helpers.js';
import { pkcs8Pem, REDIRECT_URI, StandardWalk } from './standard-walk.js';

const APP: ClientMetadata = {
  client_id: 'test-app', client_name: 'An app', application_type: 'native', token_endpoint_auth_method: 'none',
  redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code'], response_types: ['code'],
};
let ca: CardCa;
let revoked: IssuedCard;
let idp: RunningIdentityProvider;
let certauth: RunningCertauth;

before(async () => {
  ca = await createCardCa();
  revoked = await issueCardCertificate(ca, DOCTOR, { algorithm: 'p256' });
  const crl = await createCrl(ca, [revoked.serialNumber]);
  idp = await startIdentityProvider({ directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem], crlPems: [crl.pem], clients: [SHELL_CLIENT, APP], certauth: {} });
  assert.ok(idp.certauth, 'the certauth listener runs');
  certauth = idp.certauth;
});

after(async () => {
  await idp?.close();
});

function walkWith(card: IssuedCard | undefined, clientId = SHELL_CLIENT_ID): StandardWalk {
  return new StandardWalk(idp.issuer, clientId, { ca: certauth.serverCaPem, ...(card ? { cert: card.certificatePem, key: pkcs8Pem(card.privateKeyPkcs8) } : {}) });
}

test('the handshake asks for a client certificate naming the card CA, on a server certificate of the given CA', async () => {
  const [host, port] = certauth.certificateHost.split(':');
  const names = await new Promise<string[]>((resolve, reject) => {
    const socket = connect({ host, port: Number(port), ca: certauth.serverCaPem, servername: undefined }, () => {
      resolve([socket.authorized ? 'server trusted' : `server not trusted: ${String(socket.authorizationError)}`]);
      socket.end();
    });
    socket.on('error', reject);
  });
  assert.deepEqual(names, ['server trusted']);
  assert.equal(certauth.origin, `https://${certauth.certificateHost}`);
});

test('a trusted card signs in at certauth: its holder, every role in the ID token, no role prompt; the session signs an app in', async () => {
  const walk = walkWith(await issueCardCertificate(ca, DOCTOR, { algorithm: 'rsa2048' }));
  const { callback, stopped, hops } = await walk.walk(walk.authorizationUrl({ acr_values: certauth.acrValues }));
  assert.ok(callback, `reached the redirect URI (stopped at ${stopped?.url.href} ${stopped?.status}: ${stopped?.body.slice(0, 200)})`);
  assert.ok(hops.some((h) => h.url.origin === certauth.origin && h.url.pathname.endsWith('/certauth')), 'the walk went through the certificate endpoint');
  const claims = await walk.redeem(callback);
  assert.equal(claims.sub, DOCTOR.userId);
  assert.equal(claims.name, DOCTOR.name);
  assert.deepEqual(claims.amr, ['sc', 'pin']);
  assert.equal(claims.acr, 'AAL3_ANY');
  assert.equal((claims.nhsid_nrbac_roles as unknown[]).length, 2, 'both roles, for the client to choose from');
  assert.equal(claims.selected_roleid, undefined, 'the provider chose no role');

  // An app's own request with the provider session cookie and no certificate: signed in silently.
  const app = new StandardWalk(idp.issuer, APP.client_id, { ca: certauth.serverCaPem });
  for (const c of walk.jar.hostCookies(new URL(idp.issuer).origin)) app.jar.store(new URL(idp.issuer), [`${c.name}=${c.value}; Path=/`]);
  const silent = await app.walk(app.authorizationUrl({ prompt: 'none' }));
  assert.ok(silent.callback?.searchParams.get('code'), `the app got a code (${silent.callback?.search ?? silent.stopped?.status})`);
  assert.ok(silent.callback);
  assert.equal((await app.redeem(silent.callback)).sub, DOCTOR.userId);
});

async function refusedAtCertauth(card: IssuedCard | undefined, status: number, message: string): Promise<void> {
  const walk = walkWith(card);
  const { callback, stopped } = await walk.walk(walk.authorizationUrl({ acr_values: certauth.acrValues }));
  assert.equal(callback, undefined);
  assert.ok(stopped);
  assert.equal(stopped.url.origin, certauth.origin);
  assert.equal(stopped.status, status);
  assert.ok(stopped.body.includes(message.replace(/'/g, '&#39;')), `the page says: ${message}\n(got ${stopped.body})`);
}

test('a revoked card is refused at certauth with the sentence for a cancelled card', async () => {
  await refusedAtCertauth(revoked, 403, REFUSAL_MESSAGES.revoked);
});

test('a card of a CA the provider does not trust is refused', async () => {
  await refusedAtCertauth(await issueCardCertificate(await createCardCa({ name: 'Elsewhere' }), DOCTOR, { algorithm: 'p256' }), 403, REFUSAL_MESSAGES['untrusted-ca']);
});

test('no client certificate is refused, and the certauth route on the issuer (no TLS) signs nobody in', async () => {
  await refusedAtCertauth(undefined, 400, REFUSAL_MESSAGES['bad-request']);
  const walk = walkWith(undefined);
  const first = await walk.walk(walk.authorizationUrl());
  const uid = /\/interaction\/([^/]+)$/.exec(first.stopped?.url.pathname ?? '')?.[1];
  assert.ok(uid, 'stopped at the login page');
  const onIssuer = await walk.get(new URL(`/interaction/${uid}/certauth`, idp.issuer));
  assert.equal(onIssuer.status, 400);
});

test('without acr_values the login page offers the smartcard link and the security key form, its script a file under a CSP', async () => {
  const walk = walkWith(undefined);
  const { stopped } = await walk.walk(walk.authorizationUrl());
  assert.ok(stopped);
  assert.equal(stopped.status, 200);
  const uid = /\/interaction\/([^/]+)$/.exec(stopped.url.pathname)?.[1] ?? '';
  assert.ok(stopped.body.includes(`id="lanyard-certauth-link" href="${certauth.origin}/interaction/${uid}/certauth"`));
  assert.ok(stopped.body.includes(`data-options-url="/interaction/${uid}/webauthn-options"`));
  assert.ok(stopped.body.includes('id="lanyard-webauthn-start"'));
  assert.match(stopped.headers['content-security-policy'] ?? '', /script-src 'self'/);
  assert.doesNotMatch(stopped.body, /<script>(?!<\/script>)/, 'no inline script');
  const script = await walk.get(new URL('/lanyard/webauthn-login.js', idp.issuer));
  assert.equal(script.status, 200);
  assert.match(script.headers['content-type'] ?? '', /javascript/);
  assert.ok(script.body.includes('navigator.credentials.get'));
});

/**
 * Every way the provider refuses a card sign-in, driven through the shell's real identity client
 * (and raw HTTP for the replay), against a real provider on loopback.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { startIdentityProvider, type RunningIdentityProvider } from '../../../main/idp/provider.js';
import { SHELL_CLIENT, SHELL_CLIENT_ID } from '../../../main/idp/demo-environment.js';
import { IdentityClient } from '../../../main/identity/identity-client.js';
import { IdentityError, type IdentityErrorCode } from '../../../main/identity/identity-error.js';
import { ProviderHttp } from '../../../main/identity/provider-http.js';
import { nullLog } from '../../../main/idp/null-log.js';
import type { CardCertificateProfile } from '../../../main/auth/smartcard/virtual/card-pki.js';
import {
  createCardCa, createCrl, DOCTOR, issueCardCertificate, NO_ROLES, RECEPTIONIST, signAsCard, TEST_DIRECTORY,
  type CardCa, type IssuedCard,
} from '../identity/card-helpers.js';

const DAY = 24 * 60 * 60 * 1000;
let ca: CardCa;
let revokedCard: IssuedCard;
let idp: RunningIdentityProvider;
let client: IdentityClient;

before(async () => {
  ca = await createCardCa();
  revokedCard = await issueCardCertificate(ca, RECEPTIONIST, { algorithm: 'p256' });
  const crl = await createCrl(ca, [revokedCard.serialNumber]);
  idp = await startIdentityProvider({ directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem], crlPems: [crl.pem], clients: [SHELL_CLIENT] });
  client = await IdentityClient.create({ issuer: idp.issuer, clientId: SHELL_CLIENT_ID, timeoutMs: 3000 });
});

after(async () => {
  await idp?.close();
});

function refusedWith(code: IdentityErrorCode) {
  return (err: unknown) => {
    assert.ok(err instanceof IdentityError, `expected IdentityError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.ok(err.userMessage.length > 20, 'a sentence a person can act on');
    assert.equal(err.retryable, false);
    return true;
  };
}

async function attempt(card: IssuedCard, tamper?: (sig: Uint8Array) => void) {
  const flow = await client.beginSmartcardSignIn();
  const proof = signAsCard(card, flow.challenge);
  tamper?.(proof.signature);
  return flow.complete(proof);
}

test('a trusted card of a known person signs in (RSA and P-256)', async () => {
  for (const algorithm of ['rsa2048', 'p256'] as const) {
    const choice = await attempt(await issueCardCertificate(ca, DOCTOR, { algorithm }));
    assert.equal(choice.user.userId, DOCTOR.userId);
    assert.equal(choice.roles.length, 2);
  }
});

test('a card whose certificate serialNumber is not in the directory: unknown-user', async () => {
  const stranger = await issueCardCertificate(ca, { userId: '555000000777', name: 'Not Listed' }, { algorithm: 'p256' });
  await assert.rejects(attempt(stranger), refusedWith('unknown-user'));
});

test('a card on the CRL: revoked', async () => {
  await assert.rejects(attempt(revokedCard), refusedWith('revoked'));
});

test('a card from a CA nobody configured: untrusted-ca', async () => {
  const rogueCa = await createCardCa({ name: 'Lanyard Test NHS Trust' }); // same name, other key
  await assert.rejects(attempt(await issueCardCertificate(rogueCa, DOCTOR, { algorithm: 'p256' })), refusedWith('untrusted-ca'));
});

test('a card certificate past its end date, or not yet valid: expired', async () => {
  const old = await issueCardCertificate(ca, DOCTOR, { algorithm: 'p256', notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - DAY) });
  await assert.rejects(attempt(old), refusedWith('expired'));
  const early = await issueCardCertificate(ca, DOCTOR, { algorithm: 'p256', notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 400 * DAY) });
  await assert.rejects(attempt(early), refusedWith('expired'));
});

test('a tampered signature, or a signature by another key: bad-signature', async () => {
  const card = await issueCardCertificate(ca, DOCTOR, { algorithm: 'rsa2048' });
  await assert.rejects(attempt(card, (sig) => { sig[10] = (sig[10] ?? 0) ^ 0xff; }), refusedWith('bad-signature'));
  const other = await issueCardCertificate(ca, DOCTOR, { algorithm: 'p256' });
  const flow = await client.beginSmartcardSignIn();
  const proof = { ...signAsCard(other, flow.challenge), certificateDer: card.certificateDer, algorithm: 'RS256' as const };
  await assert.rejects(flow.complete(proof), refusedWith('bad-signature'));
});

test('a certificate that is not a personal sign-in certificate: its own refusal code and sentence each', async () => {
  const cases: [IdentityErrorCode, CardCertificateProfile][] = [
    ['certificate-is-ca', { ca: true }],
    ['certificate-key-usage', { keyUsage: null }],
    ['certificate-not-for-sign-in', { ekus: ['2.16.840.1.101.3.6.8'] }], // id-PIV-cardAuth (slot 9E)
    ['certificate-not-for-sign-in', { ekus: null, policies: null }],
  ];
  const sentences = new Set<string>();
  for (const [code, profile] of cases) {
    const card = await issueCardCertificate(ca, DOCTOR, { algorithm: 'p256', profile });
    await assert.rejects(attempt(card), (e: unknown) => refusedWith(code)(e) && sentences.add((e as IdentityError).userMessage) !== undefined);
  }
  assert.equal(sentences.size, 3, 'one sentence per refusal');
});

test('a trusted card CA with no CRL stops the provider at start, unless its configuration allows it explicitly', async () => {
  await assert.rejects(startIdentityProvider({ directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem], clients: [SHELL_CLIENT] }), /has no CRL/);
  const allowed = await startIdentityProvider({ directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem], clients: [SHELL_CLIENT], allowCasWithoutRevocation: true });
  await allowed.close();
});

test('a person with no roles: no-roles', async () => {
  await assert.rejects(attempt(await issueCardCertificate(ca, NO_ROLES, { algorithm: 'p256' })), refusedWith('no-roles'));
});

test('an answer after the challenge lifetime: stale-nonce', async () => {
  const shortLived = await startIdentityProvider({ directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem], clients: [SHELL_CLIENT], allowCasWithoutRevocation: true, challengeTtlSeconds: 0.2 });
  try {
    const c = await IdentityClient.create({ issuer: shortLived.issuer, clientId: SHELL_CLIENT_ID });
    const card = await issueCardCertificate(ca, DOCTOR, { algorithm: 'p256' });
    const flow = await c.beginSmartcardSignIn();
    await new Promise((r) => setTimeout(r, 400));
    await assert.rejects(flow.complete(signAsCard(card, flow.challenge)), refusedWith('stale-nonce'));
  } finally {
    await shortLived.close();
  }
});

test('the same signed answer sent twice: the second is replayed-nonce, also from another client', async () => {
  const card = await issueCardCertificate(ca, DOCTOR, { algorithm: 'p256' });
  const http = new ProviderHttp(3000, nullLog);
  const auth = new URL(`${idp.issuer}/auth`);
  auth.search = new URLSearchParams({
    client_id: SHELL_CLIENT_ID, response_type: 'code', redirect_uri: 'http://127.0.0.1/callback', scope: 'openid',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
  }).toString();
  const page = await http.follow(auth, 'http://127.0.0.1/callback');
  assert.equal(page.kind, 'page');
  const smartcard = (page.kind === 'page' ? page.body.methods : undefined) as { smartcard: { nonce: string; challenge: string; submit: string } };
  const proof = signAsCard(card, new Uint8Array(Buffer.from(smartcard.smartcard.challenge, 'base64url')));
  const body = {
    nonce: smartcard.smartcard.nonce, algorithm: proof.algorithm,
    certificate: Buffer.from(proof.certificateDer).toString('base64'), signature: Buffer.from(proof.signature).toString('base64'),
  };
  const submit = new URL(smartcard.smartcard.submit, idp.issuer);
  const first = await http.request('POST', submit, { json: body });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const again = await http.request('POST', submit, { json: body });
  assert.equal(again.status, 400);
  assert.equal((again.body as { error: string }).error, 'replayed-nonce');
  const stranger = await fetch(submit, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
  assert.equal(((await stranger.json()) as { error: string }).error, 'replayed-nonce');
});

test('identity provider down: a fast, clear, retryable error', async () => {
  const down = await startIdentityProvider({ directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem], clients: [SHELL_CLIENT], allowCasWithoutRevocation: true });
  const c = await IdentityClient.create({ issuer: down.issuer, clientId: SHELL_CLIENT_ID, timeoutMs: 2000 });
  await down.close();
  const started = Date.now();
  await assert.rejects(c.beginSmartcardSignIn(), (err: unknown) => {
    assert.ok(err instanceof IdentityError);
    assert.equal(err.code, 'idp-unreachable');
    assert.equal(err.retryable, true);
    assert.match(err.userMessage, /cannot be reached/);
    return true;
  });
  await assert.rejects(IdentityClient.create({ issuer: down.issuer, clientId: SHELL_CLIENT_ID }), (e: unknown) => e instanceof IdentityError && e.code === 'idp-unreachable');
  assert.ok(Date.now() - started < 1000, 'refused connection reported at once');
});

test('identity provider that accepts but never answers: idp-timeout within the timeout', async () => {
  const sockets = new Set<Socket>();
  const silent: Server = createServer((s) => { sockets.add(s); });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const address = silent.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    const started = Date.now();
    await assert.rejects(IdentityClient.create({ issuer: `http://127.0.0.1:${port}`, clientId: SHELL_CLIENT_ID, timeoutMs: 1000 }), (err: unknown) => {
      assert.ok(err instanceof IdentityError);
      assert.equal(err.code, 'idp-timeout');
      assert.equal(err.retryable, true);
      return true;
    });
    assert.ok(Date.now() - started < 3000, `gave up in ${Date.now() - started} ms`);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
  }
});

test('a deferred client starts while the provider is down and signs in once it is back', async () => {
  const first = await startIdentityProvider({ directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem], clients: [SHELL_CLIENT], allowCasWithoutRevocation: true });
  const port = first.port;
  await first.close();
  const c = IdentityClient.deferred({ issuer: `http://127.0.0.1:${port}`, clientId: SHELL_CLIENT_ID, timeoutMs: 2000 });
  await assert.rejects(c.beginSmartcardSignIn(), (e: unknown) => e instanceof IdentityError && e.code === 'idp-unreachable' && e.retryable);
  const back = await startIdentityProvider({ directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem], clients: [SHELL_CLIENT], allowCasWithoutRevocation: true, port });
  try {
    const card = await issueCardCertificate(ca, RECEPTIONIST, { algorithm: 'p256' });
    const flow = await c.beginSmartcardSignIn();
    const choice = await flow.complete(signAsCard(card, flow.challenge));
    assert.equal(choice.user.userId, RECEPTIONIST.userId);
  } finally {
    await back.close();
  }
});

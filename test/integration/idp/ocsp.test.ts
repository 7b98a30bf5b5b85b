/**
 * Card sign-in with OCSP, end to end through the shell's identity client and the provider's card
 * route, against OpenSSL's own OCSP responder (`openssl ocsp -index …`) on loopback: good cards
 * in, revoked cards out, and every way of not getting a trustworthy answer refused.
 */
import 'reflect-metadata';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { startIdentityProvider, type IdentityProviderOptions, type RunningIdentityProvider } from '../../../main/idp/provider.js';
import { SHELL_CLIENT, SHELL_CLIENT_ID } from '../../../main/idp/demo-environment.js';
import { IdentityClient } from '../../../main/identity/identity-client.js';
import { IdentityError, type IdentityErrorCode } from '../../../main/identity/identity-error.js';
import type { Log } from '../../../main/core/ports/log.js';
import { issueOcspSigningCertificate } from '../../../main/auth/smartcard/virtual/card-pki.js';
import { freePort, startOpensslResponder, type RunningResponder } from '../../fixtures/openssl-ocsp.js';
import {
  createCardCa, createCrl, DOCTOR, issueCardCertificate, RECEPTIONIST, signAsCard, TEST_DIRECTORY, type CardCa, type IssuedCard,
} from '../identity/card-helpers.js';

let ca: CardCa;
let goodCard: IssuedCard;
let revokedCard: IssuedCard;
let rogueSignedCard: IssuedCard;
let downCard: IssuedCard;
let silentCard: IssuedCard;
let noResponderCard: IssuedCard;
const responders: RunningResponder[] = [];
const providers: RunningIdentityProvider[] = [];
let silent: Server;
const silentSockets = new Set<Socket>();
let client: IdentityClient;

const OCSP_TIMEOUT_MS = 500;
/** The provider's refusal details (for logs, never shown to the person): say which check refused. */
const refusals: string[] = [];
const captureLog: Log = {
  traffic: () => undefined, debug: () => undefined, info: () => undefined, error: () => undefined,
  warn: (message, fields) => { if (message === 'sign-in refused') refusals.push(String(fields?.detail)); },
  child: () => captureLog,
};

async function provider(extra: Partial<IdentityProviderOptions> = {}): Promise<IdentityClient> {
  // No CRL and no allowCasWithoutRevocation: listing the CA as an OCSP CA is what lets it start.
  const idp = await startIdentityProvider({
    directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem], ocspCaPems: [ca.certificatePem], ocspTimeoutMs: OCSP_TIMEOUT_MS, clients: [SHELL_CLIENT], log: captureLog, ...extra,
  });
  providers.push(idp);
  return IdentityClient.create({ issuer: idp.issuer, clientId: SHELL_CLIENT_ID, timeoutMs: 5000 });
}

before(async () => {
  ca = await createCardCa();
  const responderCert = await issueOcspSigningCertificate(ca);
  // The responder's URL goes into the cards before it starts, so its port is chosen first.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  goodCard = await issueCardCertificate(ca, DOCTOR, { algorithm: 'p256', ocspUrl: url });
  revokedCard = await issueCardCertificate(ca, RECEPTIONIST, { algorithm: 'rsa2048', ocspUrl: url });
  responders.push(await startOpensslResponder({
    caPem: ca.certificatePem, signerPem: responderCert.certificatePem, signerKeyPkcs8: responderCert.privateKeyPkcs8,
    entries: [
      { serialNumber: goodCard.serialNumber, subject: '/CN=Dr Asha Patel' },
      { serialNumber: revokedCard.serialNumber, subject: '/CN=Sam Jones', revokedAt: new Date(Date.now() - 3_600_000) },
    ],
  }, { port }));

  // A responder that answers for the card CA with a key the CA never vouched for.
  const rogueCa = await createCardCa({ name: ca.name });
  const rogueSigner = await issueOcspSigningCertificate(rogueCa);
  const roguePort = await freePort();
  rogueSignedCard = await issueCardCertificate(ca, DOCTOR, { algorithm: 'p256', ocspUrl: `http://127.0.0.1:${roguePort}/` });
  responders.push(await startOpensslResponder({
    caPem: ca.certificatePem, signerPem: rogueSigner.certificatePem, signerKeyPkcs8: rogueSigner.privateKeyPkcs8,
    entries: [{ serialNumber: rogueSignedCard.serialNumber, subject: '/CN=Dr Asha Patel' }],
  }, { port: roguePort }));

  downCard = await issueCardCertificate(ca, DOCTOR, { algorithm: 'p256', ocspUrl: `http://127.0.0.1:${await freePort()}/` });
  // Accepts the connection and never answers.
  silent = createServer((socket) => { silentSockets.add(socket); socket.on('close', () => silentSockets.delete(socket)); });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const silentPort = (silent.address() as { port: number }).port;
  silentCard = await issueCardCertificate(ca, DOCTOR, { algorithm: 'p256', ocspUrl: `http://127.0.0.1:${silentPort}/` });
  noResponderCard = await issueCardCertificate(ca, DOCTOR, { algorithm: 'p256' });

  client = await provider();
});

after(async () => {
  await Promise.all(providers.map((p) => p.close()));
  await Promise.all(responders.map((r) => r.stop()));
  for (const s of silentSockets) s.destroy();
  await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
});

function refusedWith(code: IdentityErrorCode, detail?: RegExp) {
  const before = refusals.length;
  return (err: unknown) => {
    assert.ok(err instanceof IdentityError, `expected IdentityError, got ${String(err)}`);
    assert.equal(err.code, code);
    if (detail) assert.match(refusals.slice(before).join('\n'), detail);
    assert.ok(err.userMessage.length > 20, 'a sentence a person can act on');
    return true;
  };
}

async function attempt(card: IssuedCard, via = client) {
  const flow = await via.beginSmartcardSignIn();
  return flow.complete(signAsCard(card, flow.challenge));
}

test('a card the responder says is good signs in', async () => {
  const choice = await attempt(goodCard);
  assert.equal(choice.user.userId, DOCTOR.userId);
});

test('a card the responder says is revoked: revoked', async () => {
  await assert.rejects(attempt(revokedCard), refusedWith('revoked', /revoked: OCSP: certificate/));
});

test('the responder is down: revocation-unavailable, not accepted unchecked', async () => {
  await assert.rejects(attempt(downCard), refusedWith('revocation-unavailable', /OCSP .*unreachable/));
});

test('the responder does not answer: revocation-unavailable once the OCSP timeout passes', async () => {
  const started = Date.now();
  await assert.rejects(attempt(silentCard), refusedWith('revocation-unavailable', /OCSP .*timeout/));
  const took = Date.now() - started;
  assert.ok(took >= OCSP_TIMEOUT_MS && took < OCSP_TIMEOUT_MS + 2000, `refused after ${took} ms`);
});

test('an answer signed by a key the card CA did not issue for OCSP: revocation-unavailable', async () => {
  await assert.rejects(attempt(rogueSignedCard), refusedWith('revocation-unavailable', /bad-signature: responder .* was not issued by the card's CA/));
});

test('a card of an OCSP CA that names no responder: revocation-unavailable', async () => {
  await assert.rejects(attempt(noResponderCard), refusedWith('revocation-unavailable', /names no responder/));
});

test('with a CRL as well, both must say good: a card on the CRL is revoked although OCSP says good', async () => {
  const withCrl = await provider({ crlPems: [(await createCrl(ca, [goodCard.serialNumber])).pem] });
  await assert.rejects(attempt(goodCard, withCrl), refusedWith('revoked', /is on the CRL/));
  const cleanCrl = await provider({ crlPems: [(await createCrl(ca, [])).pem] });
  assert.equal((await attempt(goodCard, cleanCrl)).user.userId, DOCTOR.userId);
  await assert.rejects(attempt(revokedCard, cleanCrl), refusedWith('revoked'));
});

test('a card that names a responder is checked by it even where its CA is allowed without a revocation source', async () => {
  const unchecked = await provider({ ocspCaPems: [], allowCasWithoutRevocation: true });
  await assert.rejects(attempt(downCard, unchecked), refusedWith('revocation-unavailable', /OCSP .*unreachable/));
  await assert.rejects(attempt(revokedCard, unchecked), refusedWith('revoked'));
  assert.equal((await attempt(noResponderCard, unchecked)).user.userId, DOCTOR.userId);
});

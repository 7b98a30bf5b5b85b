/** The checks on an OCSP answer (main/idp/ocsp-response.ts), each broken on its own, with real DER:
 * responses built part by part with @peculiar/asn1-ocsp, and OpenSSL's own responder run offline. */
import 'reflect-metadata';
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as x509 from '@peculiar/x509';
import { OCSPResponseStatus } from '@peculiar/asn1-ocsp';
import {
  createCardCa, issueCardCertificate, issueOcspSigningCertificate, type CardCa, type IssuedCard,
} from '../../../main/auth/smartcard/virtual/card-pki.js';
import { buildOcspRequest, certIdFor } from '../../../main/idp/ocsp-request.js';
import { checkOcspResponse, OcspError, type OcspErrorCode } from '../../../main/idp/ocsp-response.js';
import { ocspResponseDer, type ResponseSpec } from './ocsp-fixtures.js';
import { opensslRespond } from '../../fixtures/openssl-ocsp.js';

let ca: CardCa;
let caCert: x509.X509Certificate;
let card: IssuedCard;
let other: IssuedCard;
let responder: IssuedCard;
const nonce = new Uint8Array(32).fill(7);

before(async () => {
  ca = await createCardCa();
  caCert = new x509.X509Certificate(ca.certificatePem);
  card = await issueCardCertificate(ca, { userId: '555000000001', name: 'Dr Asha Patel' }, { algorithm: 'p256' });
  other = await issueCardCertificate(ca, { userId: '555000000002', name: 'Sam Jones' }, { algorithm: 'p256' });
  responder = await issueOcspSigningCertificate(ca);
});

const certId = () => certIdFor(card.certificateDer, ca.certificateDer);
/** A good answer signed by the CA itself, with the nonce; `over` changes one part. */
const spec = (over: Partial<ResponseSpec> = {}): ResponseSpec => ({ certId: certId(), signingKey: ca.keys.privateKey, responderDer: ca.certificateDer, nonce, ...over });
const check = (der: Uint8Array, now = new Date()) => checkOcspResponse(der, { certId: certId(), issuer: caCert, nonce, now });
const fails = (code: OcspErrorCode) => (e: unknown) => e instanceof OcspError && e.code === code;

async function importPkcs8(card: IssuedCard): Promise<CryptoKey> {
  return crypto.subtle.importKey('pkcs8', new Uint8Array(card.privateKeyPkcs8), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
}

test('good, revoked and unknown from the CA itself, responder named by name or by key', async () => {
  assert.deepEqual(await check(ocspResponseDer(spec())), { status: 'good' });
  assert.deepEqual(await check(ocspResponseDer(spec({ responderBy: 'key' }))), { status: 'good' });
  const revoked = await check(ocspResponseDer(spec({ status: 'revoked' })));
  assert.equal(revoked.status, 'revoked');
  assert.deepEqual(await check(ocspResponseDer(spec({ status: 'unknown' }))), { status: 'unknown' });
});

test('a delegated responder counts only if the card CA issued it for OCSP signing and it is valid today', async () => {
  const key = await importPkcs8(responder);
  const delegated = (r: IssuedCard, signingKey: CryptoKey) => ocspResponseDer(spec({ signingKey, responderDer: r.certificateDer, certs: [r.certificateDer] }));
  assert.deepEqual(await check(delegated(responder, key)), { status: 'good' });
  // A card certificate of the same CA is not a responder: no id-kp-OCSPSigning.
  await assert.rejects(check(delegated(other, await importPkcs8(other))), fails('bad-signature'));
  // A responder certificate another CA issued, even with the EKU and the same CA name.
  const rogueCa = await createCardCa({ name: ca.name });
  const rogue = await issueOcspSigningCertificate(rogueCa);
  await assert.rejects(check(delegated(rogue, await importPkcs8(rogue))), fails('bad-signature'));
  // The responder's certificate has expired.
  const old = await issueOcspSigningCertificate(ca, { notBefore: new Date(Date.now() - 40 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) });
  await assert.rejects(check(delegated(old, await importPkcs8(old))), fails('bad-signature'));
  // Named as responder but not included: nothing to check the signature with.
  await assert.rejects(check(ocspResponseDer(spec({ signingKey: key, responderDer: responder.certificateDer }))), fails('bad-signature'));
});

test('a signature that does not verify: tampered, or made by another key in the CA\'s name', async () => {
  await assert.rejects(check(ocspResponseDer(spec({ tamper: (s) => { s.set([(s.at(-3) ?? 0) ^ 1], s.length - 3); } }))), fails('bad-signature'));
  await assert.rejects(check(ocspResponseDer(spec({ signingKey: await importPkcs8(responder) }))), fails('bad-signature'));
});

test('an answer about another certificate', async () => {
  await assert.rejects(check(ocspResponseDer(spec({ certId: certIdFor(other.certificateDer, ca.certificateDer) }))), fails('cert-id-mismatch'));
});

test('freshness at the verifier\'s clock: nextUpdate past, thisUpdate ahead, or no nextUpdate and old', async () => {
  const hour = 3_600_000;
  await assert.rejects(check(ocspResponseDer(spec({ thisUpdate: new Date(Date.now() - 3 * hour), nextUpdate: new Date(Date.now() - hour) }))), fails('stale'));
  await assert.rejects(check(ocspResponseDer(spec({ thisUpdate: new Date(Date.now() + hour) }))), fails('stale'));
  await assert.rejects(check(ocspResponseDer(spec({ thisUpdate: new Date(Date.now() - hour), nextUpdate: null }))), fails('stale'));
  assert.deepEqual(await check(ocspResponseDer(spec({ nextUpdate: null }))), { status: 'good' });
  // The same good answer, judged by a verifier whose clock is a day on.
  await assert.rejects(check(ocspResponseDer(spec()), new Date(Date.now() + 24 * hour)), fails('stale'));
});

test('the nonce sent must come back', async () => {
  const { nonce: _n, ...noNonce } = spec();
  await assert.rejects(check(ocspResponseDer(noNonce)), fails('nonce-mismatch'));
  await assert.rejects(check(ocspResponseDer(spec({ nonce: new Uint8Array(32).fill(8) }))), fails('nonce-mismatch'));
});

test('not successful, or not an OCSP response at all', async () => {
  await assert.rejects(check(ocspResponseDer(spec({ responseStatus: OCSPResponseStatus.tryLater }))), fails('unsuccessful'));
  await assert.rejects(check(ocspResponseDer(spec({ responseStatus: OCSPResponseStatus.unauthorized }))), fails('unsuccessful'));
  await assert.rejects(check(new Uint8Array([0x30, 0x03, 0x02, 0x01])), fails('malformed'));
  await assert.rejects(check(card.certificateDer), fails('malformed'));
});

test('the request is one OpenSSL reads with the CertID it computes itself, and OpenSSL\'s answers pass the checks', async () => {
  const question = buildOcspRequest(card.certificateDer, ca.certificateDer);
  const dir = mkdtempSync(path.join(tmpdir(), 'lanyard-ocsp-req-'));
  writeFileSync(path.join(dir, 'req.der'), question.der);
  const text = spawnSync('openssl', ['ocsp', '-reqin', path.join(dir, 'req.der'), '-req_text'], { encoding: 'utf8' }).stdout;
  rmSync(dir, { recursive: true, force: true });
  assert.match(text, new RegExp(`Serial Number: ${card.serialNumber.toUpperCase()}`));
  assert.match(text, new RegExp(Buffer.from(question.nonce).toString('hex').toUpperCase()));
  const files = { caPem: ca.certificatePem, signerPem: responder.certificatePem, signerKeyPkcs8: responder.privateKeyPkcs8 };
  const expect = { certId: question.certId, issuer: caCert, nonce: question.nonce, now: new Date() };
  const good = opensslRespond({ ...files, entries: [{ serialNumber: card.serialNumber, subject: '/CN=Dr Asha Patel' }] }, question.der);
  assert.deepEqual(await checkOcspResponse(good, expect), { status: 'good' });
  const revoked = opensslRespond({ ...files, entries: [{ serialNumber: card.serialNumber, subject: '/CN=Dr Asha Patel', revokedAt: new Date(Date.now() - 60_000) }] }, question.der);
  assert.equal((await checkOcspResponse(revoked, expect)).status, 'revoked');
  const unlisted = opensslRespond({ ...files, entries: [] }, question.der);
  assert.equal((await checkOcspResponse(unlisted, expect)).status, 'unknown');
  // OpenSSL answering as the CA itself (-rsigner the CA certificate).
  const caKey = new Uint8Array(await crypto.subtle.exportKey('pkcs8', ca.keys.privateKey));
  const byCa = opensslRespond({ caPem: ca.certificatePem, signerPem: ca.certificatePem, signerKeyPkcs8: caKey, entries: [{ serialNumber: card.serialNumber, subject: '/CN=Dr Asha Patel' }] }, question.der);
  assert.deepEqual(await checkOcspResponse(byCa, expect), { status: 'good' });
  // The same OpenSSL answer does not pass for another nonce: it is bound to its request.
  await assert.rejects(checkOcspResponse(good, { ...expect, nonce: new Uint8Array(32) }), fails('nonce-mismatch'));
});

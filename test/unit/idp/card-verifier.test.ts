/** Certificate → user mapping and the checks around it, with certificates from the card PKI. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, sign } from 'node:crypto';
import { createCardCa, createCrl, issueCardCertificate, type CardCa, type IssuedCard } from '../../../main/auth/smartcard/virtual/card-pki.js';
import { CardTrustConfigError, CardVerifier } from '../../../main/idp/card-verifier.js';
import { SignInRefused } from '../../../main/idp/refusals.js';
import * as x509 from '@peculiar/x509';

const challenge = new TextEncoder().encode('lanyard-sign-in:smartcard:test:abc');
let ca: CardCa;
let rsa: IssuedCard;
let ec: IssuedCard;

function proof(card: IssuedCard, data = challenge) {
  const key = createPrivateKey({ key: Buffer.from(card.privateKeyPkcs8), format: 'der', type: 'pkcs8' });
  return { certificateDer: card.certificateDer, signature: new Uint8Array(sign('sha256', data, key)), algorithm: card.algorithm === 'rsa2048' ? 'RS256' as const : 'ES256' as const };
}
/** These tests are about other checks: the CA's missing CRL is allowed explicitly. */
const UNCHECKED = { allowCasWithoutRevocation: true };
const refused = (code: string) => (e: unknown) => e instanceof SignInRefused && e.code === code;

before(async () => {
  ca = await createCardCa();
  rsa = await issueCardCertificate(ca, { userId: '555000000001', name: 'Dr Asha Patel' }, { algorithm: 'rsa2048' });
  ec = await issueCardCertificate(ca, { userId: '555000000002', name: 'Sam Jones' }, { algorithm: 'p256' });
});

test('maps the subject serialNumber (2.5.4.5) to the user ID for RSA and P-256 cards', async () => {
  const v = await CardVerifier.create([ca.certificatePem], [], UNCHECKED);
  const a = await v.verify(proof(rsa), challenge);
  assert.equal(a.userId, '555000000001');
  assert.equal(a.serialNumber, rsa.serialNumber);
  assert.match(a.subject, /CN=Dr Asha Patel/);
  assert.equal((await v.verify(proof(ec), challenge)).userId, '555000000002');
});

test('a signature over other bytes, or under the wrong algorithm name, is bad-signature', async () => {
  const v = await CardVerifier.create([ca.certificatePem], [], UNCHECKED);
  await assert.rejects(v.verify(proof(rsa, new TextEncoder().encode('other')), challenge), refused('bad-signature'));
  await assert.rejects(v.verify({ ...proof(ec), algorithm: 'RS256' }, challenge), refused('bad-signature'));
  await assert.rejects(v.verify({ ...proof(rsa), signature: new Uint8Array(3) }, challenge), refused('bad-signature'));
});

test('garbage instead of a certificate is untrusted, not a crash', async () => {
  const v = await CardVerifier.create([ca.certificatePem], [], UNCHECKED);
  await assert.rejects(v.verify({ ...proof(rsa), certificateDer: new Uint8Array([1, 2, 3]) }, challenge), refused('untrusted-ca'));
});

test('CRLs: listed serials are revoked, an out-of-date CRL blocks checking, a foreign CRL is a configuration error', async () => {
  const crl = await createCrl(ca, [ec.serialNumber]);
  const v = await CardVerifier.create([ca.certificatePem], [crl.pem]);
  await assert.rejects(v.verify(proof(ec), challenge), refused('revoked'));
  assert.equal((await v.verify(proof(rsa), challenge)).userId, '555000000001');
  const stale = await createCrl(ca, [], { nextUpdate: new Date(Date.now() - 1000) });
  const v2 = await CardVerifier.create([ca.certificatePem], [stale.pem]);
  await assert.rejects(v2.verify(proof(rsa), challenge), refused('revocation-unknown'));
  const other = await createCardCa({ name: 'Elsewhere' });
  await assert.rejects(CardVerifier.create([ca.certificatePem], [(await createCrl(other, [])).pem]), /not signed by any trusted card CA/);
});

test('validity is judged at the verifier\'s clock', async () => {
  const later = await CardVerifier.create([ca.certificatePem], [], { ...UNCHECKED, now: () => new Date(Date.now() + 5 * 365 * 24 * 3600_000) });
  await assert.rejects(later.verify(proof(rsa), challenge), refused('expired'));
});

test('a trusted CA without a CRL stops the verifier unless allowed explicitly; one CA with a CRL and one without still stops it', async () => {
  await assert.rejects(CardVerifier.create([ca.certificatePem]), (e: unknown) => e instanceof CardTrustConfigError && /has no CRL/.test(e.message));
  const other = await createCardCa({ name: 'Second Trust' });
  const crl = await createCrl(ca, []);
  await assert.rejects(CardVerifier.create([ca.certificatePem, other.certificatePem], [crl.pem]), /"CN=Second Trust Card CA, O=Second Trust" has no CRL/);
  const v = await CardVerifier.create([ca.certificatePem], [crl.pem]);
  assert.equal((await v.verify(proof(rsa), challenge)).userId, '555000000001');
});

test('the card certificate must be a personal sign-in certificate: each wrong or missing extension has its own refusal', async () => {
  const v = await CardVerifier.create([ca.certificatePem], [], UNCHECKED);
  const holder = { userId: '555000000001', name: 'Dr Asha Patel' };
  const issue = (profile: Parameters<typeof issueCardCertificate>[2]['profile']) => issueCardCertificate(ca, holder, { algorithm: 'p256', profile });
  const cases: [string, Parameters<typeof issueCardCertificate>[2]['profile']][] = [
    ['certificate-is-ca', { ca: true }],
    ['certificate-is-ca', { ca: null }],
    ['certificate-key-usage', { keyUsage: x509.KeyUsageFlags.keyEncipherment }],
    ['certificate-key-usage', { keyUsage: null }],
    ['certificate-not-for-sign-in', { ekus: ['1.3.6.1.5.5.7.3.4'] }], // e-mail protection only
    ['certificate-not-for-sign-in', { ekus: ['2.16.840.1.101.3.6.8'] }], // id-PIV-cardAuth: proves the card, not the person
    ['certificate-not-for-sign-in', { ekus: null, policies: null }],
    ['certificate-not-for-sign-in', { ekus: null, policies: ['2.16.840.1.101.3.2.1.3.17'] }], // common-cardAuth policy
  ];
  for (const [code, profile] of cases) {
    await assert.rejects(v.verify(proof(await issue(profile)), challenge), refused(code), `${code} for ${JSON.stringify(profile)}`);
  }
  // Either purpose marker is enough: a sign-in EKU, or (without any EKU) the PIV Authentication policy.
  assert.equal((await v.verify(proof(await issue({ ekus: null })), challenge)).userId, holder.userId);
  assert.equal((await v.verify(proof(await issue({ ekus: ['1.3.6.1.4.1.311.20.2.2'], policies: null })), challenge)).userId, holder.userId);
  assert.equal((await v.verify(proof(await issue({ ekus: ['1.3.6.1.5.5.7.3.2'], policies: null })), challenge)).userId, holder.userId);
});

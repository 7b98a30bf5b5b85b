import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createCardCa, createCrl, issueCardCertificate } from '../../../main/auth/smartcard/virtual/card-pki.js';

const holder = { userId: '555123456789', name: 'Dr Ada Lovelace' };

for (const algorithm of ['rsa2048', 'p256'] as const) {
  test(`issues a ${algorithm} PIV Authentication certificate the CA vouches for`, async () => {
    const ca = await createCardCa({ name: 'Test Trust' });
    const card = await issueCardCertificate(ca, holder, { algorithm });
    const cert = new X509Certificate(card.certificateDer);
    const caCert = new X509Certificate(ca.certificateDer);
    assert.ok(cert.verify(caCert.publicKey), 'signed by the CA');
    assert.ok(cert.checkIssued(caCert));
    assert.equal(cert.serialNumber.toLowerCase(), card.serialNumber);
    assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.2', '1.3.6.1.4.1.311.20.2.2']);
    const parsed = new x509.X509Certificate(card.certificatePem);
    assert.deepEqual(parsed.subjectName.getField('2.5.4.5'), ['555123456789']);
    assert.deepEqual(parsed.subjectName.getField('CN'), ['Dr Ada Lovelace']);
    assert.deepEqual(parsed.subjectName.getField('O'), ['Test Trust']);
    const ku = parsed.getExtension(x509.KeyUsagesExtension);
    assert.equal(ku?.usages, x509.KeyUsageFlags.digitalSignature);
    assert.ok(parsed.getExtension(x509.AuthorityKeyIdentifierExtension));
    assert.ok(parsed.getExtension(x509.SubjectKeyIdentifierExtension));
    // The private key belongs to the certificate.
    const key = createPrivateKey({ key: Buffer.from(card.privateKeyPkcs8), format: 'der', type: 'pkcs8' });
    const sig = sign('sha256', Buffer.from('nonce'), key);
    assert.ok(verify('sha256', Buffer.from('nonce'), createPublicKey(cert.publicKey.export({ type: 'spki', format: 'pem' })), sig));
    assert.equal(key.asymmetricKeyType, algorithm === 'rsa2048' ? 'rsa' : 'ec');
  });
}

test('honours validity dates so tests can make expired cards', async () => {
  const ca = await createCardCa();
  const notBefore = new Date('2020-01-01T00:00:00Z');
  const notAfter = new Date('2021-01-01T00:00:00Z');
  const card = await issueCardCertificate(ca, holder, { algorithm: 'p256', notBefore, notAfter });
  const cert = new X509Certificate(card.certificateDer);
  assert.equal(new Date(cert.validTo).getTime(), notAfter.getTime());
  assert.equal(new Date(cert.validFrom).getTime(), notBefore.getTime());
});

test('CRL lists revoked serials and verifies with the CA key', async () => {
  const ca = await createCardCa();
  const card = await issueCardCertificate(ca, holder, { algorithm: 'p256' });
  const crl = new x509.X509Crl((await createCrl(ca, [card.serialNumber])).pem);
  assert.ok(await crl.verify({ publicKey: new x509.X509Certificate(ca.certificatePem) }));
  assert.ok(crl.findRevoked(new x509.X509Certificate(card.certificatePem)));
  assert.ok(crl.nextUpdate && crl.nextUpdate.getTime() > Date.now());
});

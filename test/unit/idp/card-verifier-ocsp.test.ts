/** How OCSP counts in the card verifier's configuration (no responder is asked here: the cards
 * name none; test/integration/idp/ocsp.test.ts asks a real one). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, sign } from 'node:crypto';
import { createCardCa, createCrl, issueCardCertificate, type IssuedCard } from '../../../main/auth/smartcard/virtual/card-pki.js';
import { CardTrustConfigError, CardVerifier } from '../../../main/idp/card-verifier.js';
import { SignInRefused } from '../../../main/idp/refusals.js';

const challenge = new TextEncoder().encode('lanyard-sign-in:smartcard:test:ocsp');
function proof(card: IssuedCard) {
  const key = createPrivateKey({ key: Buffer.from(card.privateKeyPkcs8), format: 'der', type: 'pkcs8' });
  return { certificateDer: card.certificateDer, signature: new Uint8Array(sign('sha256', challenge, key)), algorithm: 'ES256' as const };
}

test('a CA listed in ocspCaPems has a revocation source: it starts without a CRL, but not when it is not trusted', async () => {
  const ca = await createCardCa();
  const other = await createCardCa({ name: 'Second Trust' });
  await CardVerifier.create([ca.certificatePem], [], { ocspCaPems: [ca.certificatePem] });
  await assert.rejects(CardVerifier.create([ca.certificatePem, other.certificatePem], [], { ocspCaPems: [ca.certificatePem] }), /"CN=Second Trust Card CA, O=Second Trust" has no CRL/);
  await assert.rejects(CardVerifier.create([ca.certificatePem], [], { ocspCaPems: [other.certificatePem] }),
    (e: unknown) => e instanceof CardTrustConfigError && /OCSP CA .* is not one of the trusted card CAs/.test(e.message));
});

test('a card of an OCSP CA that names no responder is refused; a CRL-only CA\'s card without one is checked by CRL alone', async () => {
  const ca = await createCardCa();
  const card = await issueCardCertificate(ca, { userId: '555000000001', name: 'Dr Asha Patel' }, { algorithm: 'p256' });
  const ocsp = await CardVerifier.create([ca.certificatePem], [], { ocspCaPems: [ca.certificatePem] });
  await assert.rejects(ocsp.verify(proof(card), challenge), (e: unknown) => e instanceof SignInRefused && e.code === 'revocation-unavailable');
  await assert.rejects(ocsp.verifyCertificate(card.certificateDer), (e: unknown) => e instanceof SignInRefused && e.code === 'revocation-unavailable');
  const crlOnly = await CardVerifier.create([ca.certificatePem], [(await createCrl(ca, [])).pem]);
  assert.equal((await crlOnly.verify(proof(card), challenge)).userId, '555000000001');
});

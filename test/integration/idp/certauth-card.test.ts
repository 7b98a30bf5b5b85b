/**
 * The standard profile against the reference provider's certauth listener, as demo mode runs it:
 * a virtual PIV card through the real pcscd, the PIN checked by Lanyard, the TLS client signature
 * made by the card through OpenSC at the certauth port, the code redeemed and the roles mapped
 * (CIS2 claims, the client chooses); a revoked card and a card of an untrusted CA are refused.
 * Needs pcscd: run under `flock /tmp/lanyard-pcscd.lock`.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_HOLDER, TEST_PIN } from '../../fixtures/vpcd-card.js';
import { createCardCa, createCrl, type CardCa } from '../../../main/auth/smartcard/virtual/card-pki.js';
import { createVirtualCard, type CreatedVirtualCard, type VirtualCardSpec } from '../../../main/auth/smartcard/virtual/create-virtual-card.js';
import { OPENSC_PKCS11_MODULE } from '../../../main/identity/standard/card-tls.js';
import { StandardIdentityClient } from '../../../main/identity/standard/standard-client.js';
import { IdentityError } from '../../../main/identity/identity-error.js';
import { startDemoEnvironment, type DemoEnvironment } from '../../../main/idp/demo-environment.js';
import type { Directory } from '../../../main/idp/directory.js';
import { withTappedCard as withCard } from '../smartcard/tapped-card.js';
import { openPcscRig, closePcscRig, type PcscRig } from '../smartcard/pcsc-rig.js';

const READER = 'Virtual PCD 00 01';
const DIRECTORY: Directory = {
  organisations: [{ code: 'RLD', name: 'Lanyard Demo Hospital NHS Trust' }],
  users: [{
    userId: TEST_HOLDER.userId, name: TEST_HOLDER.name, roles: [
      { roleId: `${TEST_HOLDER.userId}-01`, orgCode: 'RLD', roleCode: 'R8000', roleName: 'Clinical Practitioner Access Role' },
      { roleId: `${TEST_HOLDER.userId}-02`, orgCode: 'RLD', roleCode: 'R8003', roleName: 'Health Professional Access Role' },
    ],
  }],
};
let rig: PcscRig | undefined;
let ca: CardCa;
let env: DemoEnvironment | undefined;
let revokedCard: CreatedVirtualCard;

before(async () => {
  ca = await createCardCa();
  revokedCard = await makeCard({ ca });
  const crl = await createCrl(ca, [revokedCard.issued.serialNumber]);
  env = await startDemoEnvironment({ directory: DIRECTORY, trustedCaPems: [ca.certificatePem], crlPems: [crl.pem], allowCasWithoutRevocation: false });
  rig = await openPcscRig('lanyard-certauth-', READER);
});

after(async () => {
  await closePcscRig(rig);
  await env?.close();
});

function client(e: DemoEnvironment): StandardIdentityClient {
  const s = e.standard;
  return new StandardIdentityClient({
    issuer: s.issuer, clientId: s.clientId, certificateHost: s.certificateHost, acrValues: s.acrValues, scopes: s.scopes, claims: s.claims,
    cardTls: { modulePath: OPENSC_PKCS11_MODULE, ca: [s.serverCaPem] },
  });
}

function makeCard(spec: Partial<VirtualCardSpec> & { ca: CardCa }): Promise<CreatedVirtualCard> {
  return createVirtualCard({ holder: TEST_HOLDER, pin: TEST_PIN, algorithm: 'p256', ...spec });
}

const withTappedCard = (made: CreatedVirtualCard, fn: Parameters<typeof withCard>[3]): Promise<void> => withCard(rig, READER, made, fn);

for (const algorithm of ['p256', 'rsa2048'] as const) {
  test(`${algorithm} card: tap, PIN, TLS client certificate at the reference provider's certauth port; CIS2 roles mapped, chosen in Lanyard`, async () => {
    await withTappedCard(await makeCard({ ca, algorithm }), async (credential, triesLeft) => {
      await credential.verifyPin(TEST_PIN);
      const choice = await client(env!).beginCertificateSignIn(credential, TEST_PIN);
      assert.deepEqual(choice.user, { userId: TEST_HOLDER.userId, name: TEST_HOLDER.name });
      assert.deepEqual(choice.roles.map((r) => r.roleCode).sort(), ['R8000', 'R8003']);
      const session = await choice.choose(`${TEST_HOLDER.userId}-02`);
      assert.equal(session.role.roleCode, 'R8003');
      assert.deepEqual(session.claims.amr, ['sc', 'pin']);
      const cookies = session.providerCookies.map((c) => c.name);
      assert.ok(cookies.includes('lanyard_idp_session'), `the provider session is handed over (got ${cookies.join(', ')})`);
      assert.equal(triesLeft(), 3);
      await session.logout();
    });
  });
}

async function refused(made: CreatedVirtualCard): Promise<void> {
  await withTappedCard(made, async (credential) => {
    await credential.verifyPin(TEST_PIN);
    await assert.rejects(client(env!).beginCertificateSignIn(credential, TEST_PIN),
      (err: unknown) => err instanceof IdentityError && err.code === 'certificate-refused' && /HTTP 403/.test(err.message));
  });
}

test('a revoked card is refused at the certauth port', async () => {
  await refused(revokedCard);
});

test('a card of a CA the provider does not trust is refused at the certauth port', async () => {
  await refused(await makeCard({ ca: await createCardCa({ name: 'Elsewhere' }) }));
});

/**
 * The standard profile against an independent OpenID Connect provider: LemonLDAP::NG from
 * Debian's packages on loopback (test/fixtures/lemonldap), its SSL authentication behind nginx
 * with the test card CA. A virtual PIV card through the real pcscd: tap, PIN checked by Lanyard,
 * the TLS client signature made by the card through OpenSC at the portal, the code redeemed, the
 * claims mapped; the provider session cookie then signs an app in without the card, and logout
 * ends that session at the provider.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_HOLDER, TEST_PIN } from '../../fixtures/vpcd-card.js';
import { startLemonldap, lemonldapInstalled, LEMONLDAP_APT_PACKAGES, type Lemonldap } from '../../fixtures/lemonldap/lemonldap.js';
import { createCardCa, createCrl, type CardCa } from '../../../main/auth/smartcard/virtual/card-pki.js';
import { createVirtualCard, type CreatedVirtualCard, type VirtualCardSpec } from '../../../main/auth/smartcard/virtual/create-virtual-card.js';
import { OPENSC_PKCS11_MODULE } from '../../../main/identity/standard/card-tls.js';
import { StandardIdentityClient } from '../../../main/identity/standard/standard-client.js';
import { IdentityError } from '../../../main/identity/identity-error.js';
import type { SignedInSession } from '../../../main/identity/types.js';
import { withTappedCard as withCard } from '../smartcard/tapped-card.js';
import { openPcscRig, closePcscRig, type PcscRig } from '../smartcard/pcsc-rig.js';

const READER = 'Virtual PCD 00 01';
const APP_ID = 'demo-app';
const APP_REDIRECT = 'http://127.0.0.1/app-callback';
const ROLES = ['R8000', 'R8003'];
let rig: PcscRig | undefined;
let ca: CardCa;
let idp: Lemonldap | undefined;
/** A card of the trusted CA whose certificate the CA's CRL (given to nginx) revokes. */
let revokedCard: CreatedVirtualCard;

if (!lemonldapInstalled()) throw new Error(`LemonLDAP::NG is missing: bash scripts/ensure-setup.sh installs ${LEMONLDAP_APT_PACKAGES.join(' ')}`);

before(async () => {
  ca = await createCardCa();
  revokedCard = await makeCard({ ca });
  idp = await startLemonldap({
    cardCaPem: ca.certificatePem, cardCrlDer: (await createCrl(ca, [revokedCard.issued.serialNumber])).der,
    users: [{ uid: TEST_HOLDER.userId, cn: TEST_HOLDER.name, mail: 'ada.lovelace@trust.example', groups: ROLES }],
    apps: { [APP_ID]: APP_REDIRECT },
  });
  rig = await openPcscRig('lanyard-lemonldap-', READER);
});

after(async () => {
  await closePcscRig(rig);
  await idp?.stop();
});

function client(l: Lemonldap): StandardIdentityClient {
  return new StandardIdentityClient({
    issuer: l.issuer, clientId: 'lanyard', certificateHost: l.certificateHost,
    claims: { userId: 'sub', name: 'name', roles: 'roles' }, fetch: l.fetch,
    cardTls: { modulePath: OPENSC_PKCS11_MODULE, ca: [l.serverCa] },
  });
}

function makeCard(spec: Partial<VirtualCardSpec> & { ca: CardCa }): Promise<CreatedVirtualCard> {
  return createVirtualCard({ holder: TEST_HOLDER, pin: TEST_PIN, algorithm: 'p256', ...spec });
}

const withTappedCard = (made: CreatedVirtualCard, fn: Parameters<typeof withCard>[3]): Promise<void> => withCard(rig, READER, made, fn);

/** The app's own authorization request with only the provider session cookie (no client
 * certificate): the SSO an app tab gets. Resolves the redirect, or null for a page. */
async function appAuthorize(l: Lemonldap, cookie: string | undefined): Promise<URL | null> {
  const q = new URLSearchParams({
    response_type: 'code', client_id: APP_ID, redirect_uri: APP_REDIRECT, scope: 'openid', state: 'app-state', prompt: 'none',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
  });
  const r = await l.fetch(`${l.issuer}/oauth2/authorize?${q}`, {
    method: 'GET', headers: cookie ? { cookie } : {}, body: undefined, redirect: 'manual', signal: AbortSignal.timeout(10_000),
  });
  await r.arrayBuffer();
  const location = r.headers.get('location');
  return location ? new URL(location) : null;
}

for (const algorithm of ['p256', 'rsa2048'] as const) {
  test(`${algorithm} card: tap, PIN, TLS client certificate at LemonLDAP::NG; claims mapped; the provider session signs an app in; logout ends it`, async () => {
    const l = idp!;
    await withTappedCard(await makeCard({ ca, algorithm }), async (credential, triesLeft) => {
      await credential.verifyPin(TEST_PIN);
      const sessionsBefore = l.sessionCount();
      let session: SignedInSession | undefined;
      try {
        const choice = await client(l).beginCertificateSignIn(credential, TEST_PIN);
        assert.deepEqual(choice.user, { userId: TEST_HOLDER.userId, name: TEST_HOLDER.name });
        assert.deepEqual(choice.roles.map((r) => r.roleCode).sort(), ROLES);
        session = await choice.choose('R8003');
        assert.equal(session.role.roleCode, 'R8003');
        assert.equal(session.claims.email, 'ada.lovelace@trust.example');
        assert.ok(session.refreshToken, 'a refresh token was issued');
      } catch (err) {
        throw new Error(`${String(err)}\n${l.logs()}`, { cause: err });
      }
      assert.equal(triesLeft(), 3, 'the PIN was right once for Lanyard and once for the middleware');
      assert.equal(l.sessionCount(), sessionsBefore + 1, 'one SSO session at the provider');

      const cookies = session.providerCookies;
      const sso = cookies.find((c) => c.name === 'lemonldap');
      assert.ok(sso, `the portal's session cookie is handed to the partition (got ${cookies.map((c) => c.name).join(', ')})`);
      assert.equal(sso.url, `https://${l.certificateHost}/`);
      assert.ok(sso.secure && sso.httpOnly);
      const cookieHeader = `${sso.name}=${sso.value}`;
      const silent = await appAuthorize(l, cookieHeader);
      assert.ok(silent, 'the app was redirected back');
      assert.equal(silent.origin + silent.pathname, APP_REDIRECT);
      assert.ok(silent.searchParams.get('code'), `the app got a code silently (${silent.search})`);
      // Without the session the same request gets the portal's login page: the cookie did it.
      assert.equal(await appAuthorize(l, undefined), null);

      await session.refresh();
      assert.equal(session.claims.sub, TEST_HOLDER.userId);

      await session.logout();
      assert.equal(l.sessionCount(), sessionsBefore, 'RP-initiated logout removed the SSO session');
      assert.equal(await appAuthorize(l, cookieHeader), null, 'the old cookie signs nothing in after logout');
    });
  });
}

/** The card signs the handshake, the provider refuses it: certificate-refused, no SSO session. */
async function refused(made: CreatedVirtualCard): Promise<void> {
  const l = idp!;
  await withTappedCard(made, async (credential) => {
    await credential.verifyPin(TEST_PIN);
    const sessionsBefore = l.sessionCount();
    await assert.rejects(client(l).beginCertificateSignIn(credential, TEST_PIN),
      (err: unknown) => err instanceof IdentityError && err.code === 'certificate-refused');
    assert.equal(l.sessionCount(), sessionsBefore);
  });
}

test('a card from a CA the provider does not trust is refused; no session is made', async () => {
  await refused(await makeCard({ ca: await createCardCa() }));
});

test('a revoked card (on the CA\'s CRL at nginx) is refused', async () => {
  await refused(revokedCard);
});

test('a trusted card whose holder is not in the provider\'s directory is refused', async () => {
  await refused(await makeCard({ ca, holder: { userId: '555000000009', name: 'Not Registered' } }));
});

/**
 * The standard profile's card sign-in when the host's browser engine makes the card's TLS signature
 * (Electron: `Host.cardCertificateSignIn`), against the reference provider's certauth listener.
 * No Electron binary runs here, so the "browser" is a walk with a software client certificate for
 * the card (test/integration/idp/standard-walk.ts): what is under test is the identity layer around
 * it: the request it hands the host (the tapped card's certificate, the PIN, the certificate host,
 * the authorization URL), the code redeemed and claims read, the cookies the host brings back
 * becoming the provider session for the user's partition, and the host's failures, a deadline and
 * a pulled card turned into the identity layer's own errors.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startIdentityProvider, type RunningIdentityProvider, type RunningCertauth } from '../../../main/idp/provider.js';
import { SHELL_CLIENT, SHELL_CLIENT_ID } from '../../../main/idp/demo-environment.js';
import { StandardIdentityClient } from '../../../main/identity/standard/standard-client.js';
import { IdentityError } from '../../../main/identity/identity-error.js';
import { fetchTrusting } from '../../../main/identity/trusting-fetch.js';
import type { BrowserCardSignIn } from '../../../main/identity/standard/browser-card-sign-in.js';
import type { BrowserCardSignInRequest } from '../../../main/core/ports/host.js';
import type { CardCredential } from '../../../main/core/ports/card-credential.js';
import { createCardCa, DOCTOR, issueCardCertificate, TEST_DIRECTORY, type IssuedCard } from '../identity/card-helpers.js';
import { pkcs8Pem, StandardWalk } from '../idp/standard-walk.js';

let idp: RunningIdentityProvider;
let certauth: RunningCertauth;
let card: IssuedCard;
const DOCTOR_UPN = 'asha.patel@trust.nhs.example';

before(async () => {
  const ca = await createCardCa();
  card = await issueCardCertificate(ca, { ...DOCTOR, upn: DOCTOR_UPN }, { algorithm: 'p256' });
  idp = await startIdentityProvider({ directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem], allowCasWithoutRevocation: true, clients: [SHELL_CLIENT], certauth: {} });
  certauth = idp.certauth!;
});

after(async () => { await idp?.close(); });

const tapped = (): CardCredential => ({ cardId: 'card-1', certificateDer: card.certificateDer }) as unknown as CardCredential;

function client(browserCardSignIn: BrowserCardSignIn, timeoutMs = 10_000, cardLoginHint?: 'upn' | 'email'): StandardIdentityClient {
  return new StandardIdentityClient({
    ...(cardLoginHint ? { cardLoginHint } : {}),
    issuer: idp.issuer, clientId: SHELL_CLIENT_ID, certificateHost: certauth.certificateHost, acrValues: certauth.acrValues,
    scopes: 'openid profile nhsperson nationalrbacaccess associatedorgs', claims: { userId: 'nhsid_useruid', name: 'name', roles: 'nhsid_nrbac_roles' },
    fetch: fetchTrusting(certauth.serverCaPem), browserCardSignIn, timeoutMs, // as policy's serverCAs would: the issuer is plain HTTP here
  });
}

/** The host's engine as a browser would run it, with the card's certificate and key. */
const softwareBrowser = (seen: BrowserCardSignInRequest[]): BrowserCardSignIn => async (request) => {
  seen.push(request);
  const walk = new StandardWalk(idp.issuer, SHELL_CLIENT_ID, { ca: certauth.serverCaPem, cert: card.certificatePem, key: pkcs8Pem(card.privateKeyPkcs8) });
  const { callback, stopped } = await walk.walk(new URL(request.authorizationUrl));
  if (!callback) throw new Error(`stopped at ${stopped?.url.href} (${stopped?.status})`);
  return { redirect: callback, cookies: [certauth.origin, new URL(idp.issuer).origin].flatMap((o) => walk.jar.hostCookies(o)) };
};

test('the host is handed the tapped card, the PIN and the certificate host; its redirect is redeemed and its cookies become the provider session', async () => {
  const seen: BrowserCardSignInRequest[] = [];
  const choice = await client(softwareBrowser(seen)).beginCertificateSignIn(tapped(), '123456');
  assert.equal(seen.length, 1);
  assert.deepEqual(Buffer.from(seen[0]!.certificateDer), Buffer.from(card.certificateDer));
  assert.equal(seen[0]!.pin, '123456');
  assert.equal(seen[0]!.certificateHost, certauth.certificateHost);
  assert.equal(new URL(seen[0]!.authorizationUrl).searchParams.get('acr_values'), certauth.acrValues);
  assert.equal(choice.user.userId, DOCTOR.userId);
  assert.ok(choice.roles.length >= 1);
  const session = await choice.choose(choice.roles[0]!.roleId);
  assert.ok(session.providerCookies.some((c) => new URL(c.url).origin === new URL(idp.issuer).origin), 'the provider session cookie, for the user\'s partition');
  await session.logout();
});

test('cardLoginHint: the card certificate\'s UPN goes as login_hint; a card without the name asked for is refused before the provider is asked', async () => {
  const seen: BrowserCardSignInRequest[] = [];
  const choice = await client(softwareBrowser(seen), 10_000, 'upn').beginCertificateSignIn(tapped(), '123456');
  assert.equal(new URL(seen[0]!.authorizationUrl).searchParams.get('login_hint'), DOCTOR_UPN);
  await (await choice.choose(choice.roles[0]!.roleId)).logout();
  await assert.rejects(client(softwareBrowser(seen), 10_000, 'email').beginCertificateSignIn(tapped(), '123456'),
    (error: unknown) => error instanceof IdentityError && error.code === 'certificate-not-for-sign-in' && /email address/.test(error.message));
  assert.equal(seen.length, 1, 'the host was not asked');
  // Without the setting no hint is sent.
  await (await (await client(softwareBrowser(seen)).beginCertificateSignIn(tapped(), '123456')).choose(choice.roles[0]!.roleId)).logout();
  assert.equal(new URL(seen[1]!.authorizationUrl).searchParams.get('login_hint'), null);
});

test('the host\'s own failure codes become the identity layer\'s, with a sentence for the person', async () => {
  const failing = (code: string): BrowserCardSignIn => () => Promise.reject(Object.assign(new Error(`host said ${code}`), { code }));
  for (const [hostCode, expected] of [['pin-refused', 'card-middleware'], ['card-not-offered', 'card-middleware'], ['server-certificate', 'idp-protocol'],
    ['left-provider', 'certificate-refused'], ['certificate-refused', 'certificate-refused'], ['idp-unreachable', 'idp-unreachable']] as const) {
    await assert.rejects(client(failing(hostCode)).beginCertificateSignIn(tapped(), '123456'),
      (err: unknown) => err instanceof IdentityError && err.code === expected && err.userMessage.length > 20, hostCode);
  }
});

test('a host page that never reaches the redirect URI ends at the deadline; a pulled card ends it at once', async () => {
  const hanging: BrowserCardSignIn = (request) => new Promise((_resolve, reject) => {
    request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
  });
  await assert.rejects(client(hanging, 300).beginCertificateSignIn(tapped(), '123456'), (err: unknown) => err instanceof IdentityError && err.code === 'idp-timeout');
  const pulled = new AbortController();
  const pending = client(hanging).beginCertificateSignIn(tapped(), '123456', pulled.signal);
  pulled.abort(new Error('card pulled'));
  await assert.rejects(pending, /card pulled/);
});

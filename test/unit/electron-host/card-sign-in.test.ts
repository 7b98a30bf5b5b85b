/**
 * Card sign-in at a standard provider's certificate endpoint in the Electron host (issue 14 item
 * 2), on the recording stand-in for Electron: the hidden window on a fresh in-memory partition,
 * `select-client-certificate` answered with exactly the tapped card's certificate, the PIN given
 * to the card middleware once, the redirect caught, and everything torn down however it ends.
 * Certificates are real X.509 from the virtual card PKI.
 */
import { test, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';
import type { Certificate } from 'electron';
import type { Log } from '../../../main/core/ports/log.js';
import { createCardCa, issueCardCertificate } from '../../../main/auth/smartcard/virtual/card-pki.js';

register('./fake-electron/loader.mjs', import.meta.url);
const { fake, app, FakeEvent } = await import('./fake-electron/electron.js');
const { hardenApp } = await import('../../../main/host/electron/app-hardening.js');
const { GuardRegistry } = await import('../../../main/host/electron/navigation-wiring.js');
const { ElectronCardSignIn } = await import('../../../main/host/electron/card-sign-in.js');
type Request = Parameters<InstanceType<typeof ElectronCardSignIn>['cardCertificateSignIn']>[0];

const logs: string[] = [];
const log: Log = {
  traffic() {}, debug() {}, info: (m, f) => { logs.push(`${m} ${JSON.stringify(f ?? {})}`); },
  warn: (m, f) => { logs.push(`${m} ${JSON.stringify(f ?? {})}`); }, error() {}, child: () => log,
};
const PIN = '482913';
const AUTHORIZE = 'https://idp.trust.example/authorize?client_id=lanyard&state=s1';
const CERTAUTH = 'https://certauth.idp.trust.example:8443';
const REDIRECT = 'http://127.0.0.1/callback';

/** The tapped card, another card of the same person (same subject: a namesake), and someone else's. */
let tapped: { der: Uint8Array; electron: Certificate };
let namesake: Certificate;
let stranger: Certificate;
before(async () => {
  const ca = await createCardCa({ name: 'Trust' });
  const asElectron = (pem: string, name: string) => ({ data: pem, fingerprint: 'sha256/same-chain-hash', subjectName: name }) as unknown as Certificate;
  const a = await issueCardCertificate(ca, { userId: '555000000001', name: 'Asha Patel' }, { algorithm: 'p256' });
  const b = await issueCardCertificate(ca, { userId: '555000000001', name: 'Asha Patel' }, { algorithm: 'rsa2048' });
  const c = await issueCardCertificate(ca, { userId: '555000000002', name: 'Sam Jones' }, { algorithm: 'p256' });
  tapped = { der: a.certificateDer, electron: asElectron(a.certificatePem, 'Asha Patel') };
  namesake = asElectron(b.certificatePem, 'Asha Patel');
  stranger = asElectron(c.certificatePem, 'Sam Jones');
});

let signIns: InstanceType<typeof ElectronCardSignIn>;
beforeEach(() => {
  fake.reset();
  logs.length = 0;
  const registry = new GuardRegistry();
  signIns = new ElectronCardSignIn(log, registry);
  hardenApp(log, signIns, registry);
  signIns.install();
});

const request = (signal: AbortSignal = new AbortController().signal, extra: Partial<Request> = {}): Request => ({
  certificateDer: tapped.der, pin: PIN, certificateHost: 'certauth.idp.trust.example:8443',
  authorizationUrl: AUTHORIZE, redirectUri: REDIRECT, signal, ...extra,
});
/** The hidden sign-in window the last call opened. */
const signInWindow = () => {
  const window = fake.windows.at(-1);
  assert.ok(window, 'no sign-in window');
  return window;
};
const partitionOf = (window: ReturnType<typeof signInWindow>) => String(window.options.webPreferences['partition']);
/** Electron asks which certificate to present (app 'select-client-certificate'). */
const ask = (contents: unknown, url: string, offered: Certificate[]) => {
  const event = new FakeEvent();
  let answer: Certificate | undefined | 'unanswered' = 'unanswered';
  app.emit('select-client-certificate', event, contents, url, offered, (c?: Certificate) => { answer = c; });
  assert.equal(event.defaultPrevented, true);
  return answer;
};
const askPin = (hostname: string, isRetry = false) => {
  assert.ok(app.passwordHandler, 'no PIN handler installed');
  return app.passwordHandler({ hostname, tokenName: 'PIV_II', isRetry });
};
/** The provider redirects the window to the redirect URI with the code. */
const redirectWith = (contents: { emit(name: string, ...args: unknown[]): boolean }, query: string) => {
  const event = new FakeEvent({ url: `${REDIRECT}?${query}`, isMainFrame: true });
  contents.emit('will-redirect', event);
  return event;
};

test('the certificate presented is exactly the tapped card\'s, never the first offered or a namesake', async () => {
  const signIn = signIns.cardCertificateSignIn(request());
  const window = signInWindow();
  assert.equal(window.options.show, false, 'the window is hidden');
  const chosen = ask(window.webContents, `${CERTAUTH}/x509?session=1`, [stranger, namesake, tapped.electron]);
  assert.equal(chosen, tapped.electron);
  assert.equal(ask(window.webContents, `${CERTAUTH}/x509`, [stranger, namesake]), undefined, 'the card\'s is not offered: none');
  redirectWith(window.webContents, 'code=c1&state=s1');
  await signIn;
});

test('no certificate for another host, another web contents, or when no card sign-in runs', async () => {
  assert.equal(ask({}, `${CERTAUTH}/x509`, [tapped.electron]), undefined, 'no sign-in in progress');
  const signIn = signIns.cardCertificateSignIn(request());
  const window = signInWindow();
  assert.equal(ask(window.webContents, 'https://idp.trust.example/login', [tapped.electron]), undefined, 'the issuer is not the certificate host');
  assert.equal(ask(window.webContents, 'https://certauth.idp.trust.example/x509', [tapped.electron]), undefined, 'another port');
  assert.equal(ask(window.webContents, 'https://evil.example/', [tapped.electron]), undefined);
  const appTab = new (await import('./fake-electron/electron.js')).WebContentsView({ webPreferences: { partition: 'u1' } }).webContents;
  assert.equal(ask(appTab, `${CERTAUTH}/x509`, [tapped.electron]), undefined, 'an app tab touching the certificate host gets nothing');
  assert.equal(ask(null, `${CERTAUTH}/x509`, [tapped.electron]), undefined, 'nor a request of no page');
  redirectWith(window.webContents, 'code=c1&state=s1');
  await signIn;
  assert.equal(ask(window.contentsForTest, `${CERTAUTH}/x509`, [tapped.electron]), undefined, 'after the sign-in: none');
});

test('the PIN goes to the middleware once, for the certificate host only; a second ask is cancelled and ends the sign-in as pin-refused', async () => {
  assert.equal(await askPin('certauth.idp.trust.example'), '', 'no sign-in: no PIN');
  const signIn = signIns.cardCertificateSignIn(request());
  const window = signInWindow();
  assert.equal(await askPin('evil.example'), '', 'another host gets nothing');
  assert.equal(await askPin('CertAuth.idp.trust.example'), PIN);
  assert.equal(await askPin('certauth.idp.trust.example'), '', 'asked again: the PIN was wrong; never retried');
  assert.equal(await askPin('certauth.idp.trust.example', true), '');
  // The middleware's login failed, so the handshake at the certificate endpoint does.
  window.webContents.emit('did-fail-load', new FakeEvent(), -139, 'ERR_SSL_CLIENT_AUTH_PRIVATE_KEY_ACCESS_DENIED', `${CERTAUTH}/x509`, true);
  await assert.rejects(signIn, { name: 'CardSignInError', code: 'pin-refused', retryable: false });
  assert.ok(!logs.join('\n').includes(PIN), 'the PIN reached the log');
});

test('a pulled card aborts the sign-in at once and tears down the window and the partition', async () => {
  const pulled = new AbortController();
  const signIn = signIns.cardCertificateSignIn(request(pulled.signal));
  const window = signInWindow();
  const partition = partitionOf(window);
  assert.match(partition, /^lanyard-auth-[0-9a-f-]{36}$/, 'a fresh in-memory partition (no "persist:")');
  pulled.abort(new Error('card removed'));
  await assert.rejects(signIn, { code: 'aborted' });
  assert.equal(window.destroyed, true);
  assert.deepEqual(fake.sessions.get(partition)?.cleared, ['storage', 'data', 'cache', 'auth', 'host-resolver', 'connections']);
  assert.equal(await askPin('certauth.idp.trust.example'), '', 'no PIN once aborted');
  // The next sign-in gets a partition of its own: no memory of the chosen certificate carries over.
  const next = signIns.cardCertificateSignIn(request());
  assert.notEqual(partitionOf(signInWindow()), partition);
  redirectWith(signInWindow().webContents, 'code=c2');
  await next;
  await assert.rejects(signIns.cardCertificateSignIn(request(AbortSignal.abort())), { code: 'aborted' });
});

test('the redirect to the redirect URI is caught, never loaded, and comes back with the provider\'s cookies; then all is cleared', async () => {
  const signIn = signIns.cardCertificateSignIn(request());
  const window = signInWindow();
  const partition = partitionOf(window);
  // The provider's own hop to its certificate endpoint is allowed by the one navigation guard.
  const hop = new FakeEvent({ url: `${CERTAUTH}/x509`, isMainFrame: true });
  window.webContents.emit('will-redirect', hop);
  assert.equal(hop.defaultPrevented, false);
  fake.sessions.get(partition)?.cookieJar.push({ name: 'lemonldap', value: 'sess-1', domain: 'idp.trust.example', path: '/', secure: true, httpOnly: true, session: true });
  const caught = redirectWith(window.webContents, 'code=abc&state=s1');
  assert.equal(caught.defaultPrevented, true, 'the loopback redirect URI is never loaded');
  const result = await signIn;
  assert.equal(result.redirect.href, `${REDIRECT}?code=abc&state=s1`);
  assert.deepEqual(result.cookies, [{ name: 'lemonldap', value: 'sess-1', url: 'https://idp.trust.example/', secure: true, httpOnly: true }]);
  assert.equal(window.destroyed, true);
  assert.deepEqual(fake.sessions.get(partition)?.cookieJar, []);
});

test('TLS and certificate failures end with a typed error naming what failed', async () => {
  const cases: [number, string, string][] = [
    [-117, 'ERR_BAD_SSL_CLIENT_AUTH_CERT', 'certificate-refused'],
    [-202, 'ERR_CERT_AUTHORITY_INVALID', 'server-certificate'],
    [-141, 'ERR_SSL_CLIENT_AUTH_SIGNATURE_FAILED', 'card-middleware'],
    [-105, 'ERR_NAME_NOT_RESOLVED', 'idp-unreachable'],
  ];
  for (const [errno, code, expected] of cases) {
    fake.pages.set(AUTHORIZE, { fail: { errno, code } });
    await assert.rejects(signIns.cardCertificateSignIn(request()), { code: expected === 'certificate-refused' ? 'card-not-offered' : expected }, code);
    assert.equal(signInWindow().destroyed, true);
  }
  // Refused after the card's certificate was presented: the provider refused the card itself
  // (unknown CA, revoked, expired); refused with it never offered: the middleware does not see the card.
  fake.pages.delete(AUTHORIZE);
  for (const offered of [[stranger, tapped.electron], [stranger]]) {
    const signIn = signIns.cardCertificateSignIn(request());
    const window = signInWindow();
    ask(window.webContents, `${CERTAUTH}/x509`, offered);
    window.webContents.emit('did-fail-load', new FakeEvent(), -117, 'ERR_BAD_SSL_CLIENT_AUTH_CERT', `${CERTAUTH}/x509`, true);
    await assert.rejects(signIn, { code: offered.length === 2 ? 'certificate-refused' : 'card-not-offered' });
  }
});

test('a provider page that leaves for another site, a second sign-in at once, a timeout and a bad request are refused', async () => {
  const first = signIns.cardCertificateSignIn(request());
  await assert.rejects(signIns.cardCertificateSignIn(request()), { code: 'busy' });
  signInWindow().webContents.emit('will-navigate', new FakeEvent({ url: 'https://evil.example/phish', isMainFrame: true }));
  await assert.rejects(first, { code: 'left-provider' });
  await assert.rejects(signIns.cardCertificateSignIn(request(AbortSignal.timeout(1))), { code: 'idp-timeout' });
  await assert.rejects(signIns.cardCertificateSignIn(request(undefined, { authorizationUrl: 'http://idp.trust.example/authorize' })), { code: 'bad-request' });
  await assert.rejects(signIns.cardCertificateSignIn(request(undefined, { certificateDer: new Uint8Array() })), { code: 'bad-request' });
});

test('the Electron host offers the sign-in it was given, and refuses one it was not given', async () => {
  const { ElectronHost } = await import('../../../main/host/electron/electron-host.js');
  const registry = new GuardRegistry();
  const bare = new ElectronHost({ appRoot: '/opt/lanyard', log, registry });
  await assert.rejects(bare.cardCertificateSignIn(request()), { name: 'CardSignInError', code: 'bad-request' });
  const host = new ElectronHost({ appRoot: '/opt/lanyard', log, registry, cardSignIn: signIns });
  const signIn = host.cardCertificateSignIn(request());
  redirectWith(signInWindow().webContents, 'code=h1');
  assert.equal((await signIn).redirect.searchParams.get('code'), 'h1');
});

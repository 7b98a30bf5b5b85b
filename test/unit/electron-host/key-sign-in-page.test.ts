/**
 * Key sign-in on the provider's own page in the Electron host (issue 14 item 3), on the recording
 * stand-in for Electron: the view on a fresh in-memory partition in the app area, the redirect
 * caught with the provider's cookies, the page kept to the provider, WebAuthn calls judged by the
 * IPC event's sender and frame (never the page's word) before the station's ceremony runs, and
 * everything torn down however it ends. The ceremony is a recording stand-in for the station's key.
 */
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';
import type { Log } from '../../../main/core/ports/log.js';
import type { KeySignInPageRequest, PageKeyRequest } from '../../../main/core/ports/host.js';
import { NO_PUBLIC_SUFFIX_LIST } from '../../../main/auth/fido/public-suffix.js';
import { SHELL_BAR_HEIGHT } from '../../../main/core/shell-view.js';

register('./fake-electron/loader.mjs', import.meta.url);
const { fake, ipcMain, BrowserWindow, WebContentsView, FakeEvent } = await import('./fake-electron/electron.js');
const { hardenApp } = await import('../../../main/host/electron/app-hardening.js');
const { ElectronKeySignInPages } = await import('../../../main/host/electron/key-sign-in-page.js');
const { PAGE_WEBAUTHN_IPC } = await import('../../../main/host/electron/page-webauthn-protocol.js');
type Window = InstanceType<typeof BrowserWindow>;

const logs: string[] = [];
const log: Log = {
  traffic() {}, debug() {}, info: (m, f) => { logs.push(`${m} ${JSON.stringify(f ?? {})}`); },
  warn: (m, f) => { logs.push(`${m} ${JSON.stringify(f ?? {})}`); }, error() {}, child: () => log,
};
const IDP = 'https://idp.trust.example';
const AUTHORIZE = `${IDP}/oauth2/authorize?client_id=lanyard&state=s1`;
const REDIRECT = 'http://127.0.0.1/callback';
const CHALLENGE = 'Y2hhbGxlbmdlLW9mLXRoZS1wcm92aWRlcg';

let shell: Window;
let calls: { request: PageKeyRequest; signal: AbortSignal }[];
/** How the stand-in key answers: the credential the station's ceremony returns. */
let answer: (request: PageKeyRequest, signal: AbortSignal) => Promise<unknown>;

const pagesFor = (platform: NodeJS.Platform, timeoutMs?: number) => {
  const registry = hardenApp(log);
  return new ElectronKeySignInPages({
    log, registry, preloadPath: '/opt/lanyard/dist/preload/webauthn.cjs', window: () => shell as never, platform,
    suffixes: NO_PUBLIC_SUFFIX_LIST, ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
};
let pages: InstanceType<typeof ElectronKeySignInPages>;

beforeEach(() => {
  fake.reset();
  logs.length = 0;
  calls = [];
  answer = async (request) => assertion(request);
  pages = pagesFor('linux');
  shell = new BrowserWindow({ webPreferences: { partition: 'lanyard-shell' }, width: 1366, height: 768 });
});

const request = (signal: AbortSignal = new AbortController().signal): KeySignInPageRequest => ({
  authorizationUrl: AUTHORIZE, redirectUri: REDIRECT, allowedOrigins: [IDP], signal,
  ceremony: { run: (r, s) => { calls.push({ request: r, signal: s }); return answer(r, s); } },
});
/** The sign-in view the last call opened. */
const signInView = () => {
  const view = fake.views.at(-1);
  assert.ok(view, 'no sign-in view');
  return view;
};
const partitionOf = (view: ReturnType<typeof signInView>) => String(view.webContents.webPreferences['partition']);
const assertion = (r: PageKeyRequest) => {
  const clientData = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: CHALLENGE, origin: r.origin, crossOrigin: false })).toString('base64url');
  return { id: 'Y3JlZA', rawId: 'Y3JlZA', type: 'public-key', clientExtensionResults: {}, response: { clientDataJSON: clientData, authenticatorData: 'YXV0aA', signature: 'c2ln' } };
};
const GET = { op: 'get', publicKey: { challenge: CHALLENGE, rpId: 'idp.trust.example', userVerification: 'required' } };
/** The preload's ipcRenderer.invoke, as Electron delivers it to main: sender and frame from the browser process. */
const invoke = (sender: unknown, senderFrame: unknown, call: unknown) => {
  const handler = ipcMain.handlers.get(PAGE_WEBAUTHN_IPC);
  assert.ok(handler, 'no WebAuthn channel while the page is open');
  return handler({ sender, senderFrame }, call) as Promise<{ ok: boolean; name?: string; credential?: { id: string; response: { clientDataJSON: string } } } | null>;
};
const redirectWith = (contents: { emit(name: string, ...args: unknown[]): boolean }, query: string) => {
  const event = new FakeEvent({ url: `${REDIRECT}?${query}`, isMainFrame: true });
  contents.emit('will-redirect', event);
  return event;
};
const assertTornDown = (view: ReturnType<typeof signInView>, partition: string) => {
  assert.equal(view.webContents.destroyed, true, 'the view is closed');
  assert.equal(shell.contentView.children.includes(view), false, 'the view is off the window');
  assert.deepEqual(fake.sessions.get(partition)?.cleared, ['storage', 'data', 'cache', 'auth', 'host-resolver', 'connections']);
  assert.equal(ipcMain.handlers.has(PAGE_WEBAUTHN_IPC), false, 'the WebAuthn channel is gone');
};

test('the page opens in a sandboxed view on a fresh in-memory partition, in the app area on top, with the bridge preload in every frame', async () => {
  const app = new WebContentsView({ webPreferences: { partition: 'u1' } });
  shell.contentView.addChildView(app);
  const signIn = pages.show(request());
  const view = signInView();
  const prefs = view.webContents.webPreferences;
  assert.match(partitionOf(view), /^lanyard-auth-[0-9a-f-]{36}$/, 'fresh and never "persist:"');
  assert.equal(prefs['sandbox'], true);
  assert.equal(prefs['contextIsolation'], true);
  assert.equal(prefs['nodeIntegration'], false);
  assert.equal(prefs['devTools'], false);
  assert.equal(prefs['preload'], '/opt/lanyard/dist/preload/webauthn.cjs');
  assert.equal(prefs['nodeIntegrationInSubFrames'], true, 'a subframe\'s call reaches main\'s refusal');
  assert.equal(shell.contentView.children.at(-1), view, 'shown above the apps');
  assert.equal(view.shown, true);
  assert.deepEqual(view.bounds, { x: 0, y: SHELL_BAR_HEIGHT, width: 1366, height: 768 - SHELL_BAR_HEIGHT });
  assert.equal(view.webContents.url, AUTHORIZE);
  const session = fake.sessions.get(partitionOf(view));
  assert.equal(await new Promise((resolve) => session?.permissionRequest?.(view.webContents, 'media', resolve, { requestingUrl: IDP })), false, 'no permission for the provider');
  await assert.rejects(pages.show(request()), { name: 'SignInPageError', code: 'busy' });
  redirectWith(view.webContents, 'code=c1');
  await signIn;
});

test('the redirect to the redirect URI is caught, never loaded, with the provider\'s cookies; then all is torn down', async () => {
  const signIn = pages.show(request());
  const view = signInView();
  const partition = partitionOf(view);
  const inside = new FakeEvent({ url: `${IDP}/login/webauthn`, isMainFrame: true });
  view.webContents.emit('will-navigate', inside);
  assert.equal(inside.defaultPrevented, false, 'the provider\'s own pages are allowed');
  fake.sessions.get(partition)?.cookieJar.push({ name: 'lemonldap', value: 'sess-1', domain: 'idp.trust.example', path: '/', secure: true, httpOnly: true, session: true });
  const caught = redirectWith(view.webContents, 'code=abc&state=s1');
  assert.equal(caught.defaultPrevented, true, 'the redirect URI is never loaded');
  const result = await signIn;
  assert.equal(result.redirect.href, `${REDIRECT}?code=abc&state=s1`);
  assert.deepEqual(result.cookies, [{ name: 'lemonldap', value: 'sess-1', url: 'https://idp.trust.example/', secure: true, httpOnly: true }]);
  assertTornDown(view, partition);
});

test('a navigation to another origin is refused and ends the sign-in; popups open nowhere', async () => {
  const signIn = pages.show(request());
  const view = signInView();
  const popup = view.webContents.windowOpenHandler?.({ url: 'https://evil.example/' }) as { action: string } | undefined;
  assert.equal(popup?.action, 'deny');
  const away = new FakeEvent({ url: 'https://evil.example/phish', isMainFrame: true });
  view.webContents.emit('will-navigate', away);
  assert.equal(away.defaultPrevented, true, 'the one navigation guard refuses it');
  await assert.rejects(signIn, { name: 'SignInPageError', code: 'left-provider' });
  assertTornDown(view, partitionOf(view));
});

test('a good call from the top frame reaches the ceremony with the origin Electron reports, and the page gets the checked credential', async () => {
  const signIn = pages.show(request());
  const contents = signInView().webContents;
  const reply = await invoke(contents, contents.mainFrame, GET);
  assert.equal(calls.length, 1);
  assert.equal(calls[0]?.request.origin, IDP);
  assert.equal(calls[0]?.request.rpId, 'idp.trust.example');
  assert.equal(reply?.ok, true);
  assert.equal(reply?.credential?.id, 'Y3JlZA');
  // A key answer signed over another origin's client data never reaches the page.
  answer = async (r) => ({ ...assertion(r), response: { ...assertion(r).response, clientDataJSON: Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: CHALLENGE, origin: 'https://evil.example' })).toString('base64url') } });
  assert.deepEqual(await invoke(contents, contents.mainFrame, GET), { ok: false, name: 'NotAllowedError', message: 'The operation either timed out or was not allowed.' });
  redirectWith(contents, 'code=c1');
  await signIn;
});

test('calls from a subframe, another web contents, or a page outside the provider\'s origins are refused without the key', async () => {
  const signIn = pages.show(request());
  const contents = signInView().webContents;
  const subframe = { url: `${IDP}/frame`, parent: contents.mainFrame, detached: false };
  assert.equal((await invoke(contents, subframe, GET))?.name, 'NotAllowedError', 'a subframe, even on the provider\'s origin');
  const tab = new WebContentsView({ webPreferences: { partition: 'u1' } }).webContents;
  tab.url = `${IDP}/login`;
  assert.equal((await invoke(tab, tab.mainFrame, GET))?.name, 'NotAllowedError', 'an app tab on the provider\'s origin');
  assert.equal((await invoke(contents, null, GET))?.name, 'NotAllowedError', 'a frame that is gone');
  // The page is on another origin (a guard failure, or a page that says it is the provider's).
  contents.url = 'https://evil.example/login';
  assert.equal((await invoke(contents, contents.mainFrame, { ...GET, origin: IDP }))?.name, 'NotAllowedError');
  contents.url = 'http://idp.trust.example/login';
  assert.equal((await invoke(contents, contents.mainFrame, GET))?.name, 'SecurityError', 'not https');
  contents.url = `${IDP}/login`;
  assert.equal((await invoke(contents, contents.mainFrame, { op: 'get', publicKey: { ...GET.publicKey, rpId: 'trust.example.evil' } }))?.name, 'SecurityError', 'an RP ID not of the origin');
  assert.equal(calls.length, 0, 'the key was never asked');
  assert.ok(logs.some((line) => line.includes('WebAuthn refused') && line.includes('subframe')));
  redirectWith(contents, 'code=c1');
  await signIn;
});

test('the sign-in\'s abort cancels a running ceremony, tears everything down, and refuses calls after', async () => {
  const cancel = new AbortController();
  let started!: () => void;
  const running = new Promise<void>((resolve) => { started = resolve; });
  answer = (_r, signal) => new Promise((_resolve, reject) => {
    started();
    signal.addEventListener('abort', () => reject(new Error('key cancelled')), { once: true });
  });
  const signIn = pages.show(request(cancel.signal));
  const view = signInView();
  const contents = view.webContents;
  const reply = invoke(contents, contents.mainFrame, GET);
  await running;
  assert.equal((await invoke(contents, contents.mainFrame, GET))?.name, 'NotAllowedError', 'one ceremony at a time');
  cancel.abort(new Error('card tapped'));
  await assert.rejects(signIn, { name: 'SignInPageError', code: 'aborted', retryable: false });
  assert.equal((await reply)?.name, 'AbortError');
  assert.equal(calls[0]?.signal.aborted, true, 'the key was told to stop');
  assertTornDown(view, partitionOf(view));
  await assert.rejects(pages.show(request(AbortSignal.abort())), { code: 'aborted' });
});

test('the page\'s own abort cancels the ceremony on the key; only its top frame may cancel', async () => {
  let started!: () => void;
  const running = new Promise<void>((resolve) => { started = resolve; });
  answer = (_r, signal) => new Promise((_resolve, reject) => {
    started();
    signal.addEventListener('abort', () => reject(new Error('key cancelled')), { once: true });
  });
  const signIn = pages.show(request());
  const contents = signInView().webContents;
  const reply = invoke(contents, contents.mainFrame, GET);
  await running;
  await invoke(contents, { url: `${IDP}/frame`, parent: contents.mainFrame, detached: false }, { op: 'cancel' });
  assert.equal(calls[0]?.signal.aborted, false, 'a subframe cannot cancel');
  await invoke(contents, contents.mainFrame, { op: 'cancel' });
  assert.equal((await reply)?.name, 'AbortError');
  redirectWith(contents, 'code=c1');
  await signIn;
});

test('a crash, the page closing itself, a load failure and the deadline each end the sign-in, torn down', async () => {
  const ends: [string, (view: ReturnType<typeof signInView>) => void][] = [
    ['page-crashed', (view) => view.webContents.crash()],
    ['page-closed', (view) => view.webContents.closeByPage()],
    ['idp-unreachable', (view) => view.webContents.emit('did-fail-load', new FakeEvent(), -102, 'ERR_CONNECTION_REFUSED', AUTHORIZE, true)],
  ];
  for (const [code, end] of ends) {
    const signIn = pages.show(request());
    const view = signInView();
    end(view);
    await assert.rejects(signIn, { code }, code);
    assertTornDown(view, partitionOf(view));
  }
  pages = pagesFor('linux', 5);
  const slow = pages.show(request());
  await assert.rejects(slow, { code: 'timeout', retryable: true });
  assertTornDown(signInView(), partitionOf(signInView()));
  await assert.rejects(pages.show({ ...request(), authorizationUrl: 'http://idp.trust.example/authorize' }), { code: 'bad-request' });
});

test('ElectronHost shows the page in its shell window, lays it out when the window changes, and close() ends it', async () => {
  const { ElectronHost } = await import('../../../main/host/electron/electron-host.js');
  fake.reset();
  const host = new ElectronHost({ appRoot: '/opt/lanyard', log, registry: hardenApp(log), headless: true });
  await host.openShell(async () => undefined);
  const window = fake.windows[0];
  assert.ok(window);
  assert.ok(host.keySignInPage, 'offered on every platform (observed on Windows)');
  const signIn = host.keySignInPage(request());
  const view = signInView();
  assert.equal(window.contentView.children.at(-1), view);
  assert.equal(view.webContents.webPreferences['preload'], process.platform === 'win32' ? '/opt/lanyard/dist/preload/webauthn-observe.cjs' : '/opt/lanyard/dist/preload/webauthn.cjs');
  window.contentSize = [1000, 700];
  window.emit('resize');
  assert.deepEqual(view.bounds, { x: 0, y: SHELL_BAR_HEIGHT, width: 1000, height: 700 - SHELL_BAR_HEIGHT });
  const partition = partitionOf(view);
  await host.close();
  await assert.rejects(signIn, { code: 'page-closed' });
  assert.equal(view.webContents.destroyed, true);
  assert.deepEqual(fake.sessions.get(partition)?.cleared, ['storage', 'data', 'cache', 'auth', 'host-resolver', 'connections'], 'emptied before close() resolves');
});

test('the preload exposes one function, the channel\'s invoke, and runs the Chromium host\'s shim in the page', async () => {
  const { renderer } = await import('./fake-electron/electron.js');
  const { WEBAUTHN_BINDING, WEBAUTHN_SHIM_SCRIPT } = await import('../../../main/host/chromium/webauthn-shim.js');
  await import('../../../preload/webauthn.js');
  assert.deepEqual([...renderer.exposed.keys()], [WEBAUTHN_BINDING]);
  assert.deepEqual(renderer.executed, [WEBAUTHN_SHIM_SCRIPT]);
  renderer.answer = { ok: false, name: 'NotAllowedError', message: 'no' };
  const bridge = renderer.exposed.get(WEBAUTHN_BINDING) as (call: unknown) => Promise<unknown>;
  assert.deepEqual(await bridge(GET), renderer.answer);
  assert.deepEqual(renderer.invoked, [{ channel: PAGE_WEBAUTHN_IPC, args: [GET] }]);
});

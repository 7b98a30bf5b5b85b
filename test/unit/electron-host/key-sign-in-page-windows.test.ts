/**
 * Key sign-in on the provider's own page on Windows (issue 14 item 3), on the recording stand-in
 * for Electron: Electron's platform WebAuthn answers the page, so Lanyard's ceremony never runs;
 * the view gets the observing preload, and the credential the platform answered with reaches
 * `ceremony.observed` only when Electron says the report came from the sign-in view's own top
 * frame on the provider's origin (never the page's word), and only for an assertion.
 */
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';
import vm from 'node:vm';
import type { Log } from '../../../main/core/ports/log.js';
import type { KeySignInPageRequest } from '../../../main/core/ports/host.js';
import { NO_PUBLIC_SUFFIX_LIST } from '../../../main/auth/fido/public-suffix.js';

register('./fake-electron/loader.mjs', import.meta.url);
const { fake, ipcMain, BrowserWindow, WebContentsView, FakeEvent, renderer } = await import('./fake-electron/electron.js');
const { hardenApp } = await import('../../../main/host/electron/app-hardening.js');
const { ElectronKeySignInPages } = await import('../../../main/host/electron/key-sign-in-page.js');
const { PAGE_WEBAUTHN_IPC, PAGE_WEBAUTHN_OBSERVED_IPC } = await import('../../../main/host/electron/page-webauthn-protocol.js');
const { WEBAUTHN_OBSERVER_BINDING, WEBAUTHN_OBSERVER_SCRIPT } = await import('../../../main/host/electron/page-webauthn-observer-script.js');

const logs: string[] = [];
const log: Log = {
  traffic() {}, debug() {}, info: (m, f) => { logs.push(`${m} ${JSON.stringify(f ?? {})}`); },
  warn: (m, f) => { logs.push(`${m} ${JSON.stringify(f ?? {})}`); }, error() {}, child: () => log,
};
const IDP = 'https://idp.trust.example';
const REDIRECT = 'http://127.0.0.1/callback';

let shell: InstanceType<typeof BrowserWindow>;
let observed: string[];
let ran: number;
let pages: InstanceType<typeof ElectronKeySignInPages>;

beforeEach(() => {
  fake.reset();
  logs.length = 0;
  observed = [];
  ran = 0;
  pages = new ElectronKeySignInPages({
    log, registry: hardenApp(log), preloadPath: '/opt/lanyard/dist/preload/webauthn.cjs', window: () => shell as never,
    platform: 'win32', suffixes: NO_PUBLIC_SUFFIX_LIST,
  });
  shell = new BrowserWindow({ webPreferences: { partition: 'lanyard-shell' }, width: 1366, height: 768 });
});

const request = (): KeySignInPageRequest => ({
  authorizationUrl: `${IDP}/oauth2/authorize?state=w`, redirectUri: REDIRECT, allowedOrigins: [IDP], signal: new AbortController().signal,
  ceremony: { run: async () => { ran += 1; return {}; }, observed: (id) => { observed.push(id); } },
});
const signInContents = () => {
  const view = fake.views.at(-1);
  assert.ok(view, 'no sign-in view');
  return view.webContents;
};
/** The observing preload's ipcRenderer.invoke, as Electron delivers it: sender and frame from the browser process. */
const report = async (sender: unknown, senderFrame: unknown, observation: unknown): Promise<unknown> => {
  const handler = ipcMain.handlers.get(PAGE_WEBAUTHN_OBSERVED_IPC);
  assert.ok(handler, 'no observation channel while the page is open');
  return handler({ sender, senderFrame }, observation);
};
const finish = async (contents: ReturnType<typeof signInContents>, signIn: Promise<unknown>) => {
  contents.emit('will-redirect', new FakeEvent({ url: `${REDIRECT}?code=w1`, isMainFrame: true }));
  await signIn;
  assert.equal(ipcMain.handlers.has(PAGE_WEBAUTHN_OBSERVED_IPC), false, 'the observation channel is gone after');
};

test('on Windows the page gets the observing preload, top frame only, the observation channel and no bridge', async () => {
  const signIn = pages.show(request());
  const contents = signInContents();
  assert.equal(contents.webPreferences['preload'], '/opt/lanyard/dist/preload/webauthn-observe.cjs');
  assert.equal(contents.webPreferences['nodeIntegrationInSubFrames'], false);
  assert.equal(contents.webPreferences['sandbox'], true);
  assert.equal(ipcMain.handlers.has(PAGE_WEBAUTHN_IPC), false, 'Electron\'s own WebAuthn answers the page');
  assert.equal(ipcMain.handlers.has(PAGE_WEBAUTHN_OBSERVED_IPC), true);
  await finish(contents, signIn);
});

test('an assertion observed from the sign-in view\'s top frame on the provider\'s origin reaches ceremony.observed', async () => {
  const signIn = pages.show(request());
  const contents = signInContents();
  assert.equal(await report(contents, contents.mainFrame, { type: 'get', id: 'Y3JlZA', attachment: 'cross-platform' }), null, 'the page learns nothing');
  await report(contents, contents.mainFrame, { type: 'get', id: 'a2V5Mg', attachment: null });
  assert.deepEqual(observed, ['Y3JlZA', 'a2V5Mg']);
  assert.equal(ran, 0, 'Lanyard\'s ceremony never ran');
  await finish(contents, signIn);
});

test('observations from a subframe, another web contents, another origin, an enrolment, Windows Hello or a malformed report are ignored', async () => {
  const signIn = pages.show(request());
  const contents = signInContents();
  const get = { type: 'get', id: 'Y3JlZA' };
  await report(contents, { url: `${IDP}/frame`, parent: contents.mainFrame, detached: false }, get);
  await report(contents, null, get);
  const tab = new WebContentsView({ webPreferences: { partition: 'u1' } }).webContents;
  tab.url = `${IDP}/login`;
  await report(tab, tab.mainFrame, get);
  await report(contents, contents.mainFrame, { type: 'create', id: 'bmV3' });
  await report(contents, contents.mainFrame, { type: 'get', id: 'aGVsbG8', attachment: 'platform' });
  await report(contents, contents.mainFrame, { type: 'get', id: 'Y3JlZA', attachment: 'usb' });
  await report(contents, contents.mainFrame, { type: 'get', id: 'not base64url!' });
  await report(contents, contents.mainFrame, 'Y3JlZA');
  contents.url = 'https://evil.example/login';
  await report(contents, contents.mainFrame, get);
  assert.deepEqual(observed, [], 'nothing reached the ceremony');
  for (const reason of ['not-sign-in-page', 'enrolment', 'platform-authenticator', 'malformed', 'origin-not-allowed']) {
    assert.ok(logs.some((line) => line.includes('observation ignored') && line.includes(reason)), reason);
  }
  contents.url = `${IDP}/login`;
  await finish(contents, signIn);
});

test('the observing preload exposes one function, the observation channel\'s invoke, and runs the observer in the page', async () => {
  await import('../../../preload/webauthn-observe.js');
  assert.deepEqual([...renderer.exposed.keys()], [WEBAUTHN_OBSERVER_BINDING]);
  assert.deepEqual(renderer.executed, [WEBAUTHN_OBSERVER_SCRIPT]);
  const invoke = renderer.exposed.get(WEBAUTHN_OBSERVER_BINDING) as (o: unknown) => Promise<unknown>;
  await invoke({ type: 'get', id: 'Y3JlZA' });
  assert.deepEqual(renderer.invoked, [{ channel: PAGE_WEBAUTHN_OBSERVED_IPC, args: [{ type: 'get', id: 'Y3JlZA' }] }]);
});

test('the observer hands the page the platform\'s own credential after reporting its rawId (base64url) and the call\'s type and attachment', async () => {
  const reports: unknown[] = [];
  const order: string[] = [];
  const context = vm.createContext({ btoa, reports, order });
  vm.runInContext(`
    const credential = (bytes) => ({ type: 'public-key', rawId: new Uint8Array(bytes).buffer, authenticatorAttachment: 'cross-platform' });
    globalThis.navigator = { credentials: {
      get: async () => credential([0xfb, 0xff, 0x01]),
      create: async () => credential([0x6e, 0x65, 0x77]),
    } };
    globalThis.${WEBAUTHN_OBSERVER_BINDING} = async (o) => { reports.push(o); order.push('reported'); };
  `, context);
  vm.runInContext(WEBAUTHN_OBSERVER_SCRIPT, context);
  const got = await vm.runInContext('navigator.credentials.get({}).then((c) => { order.push("page"); return c; })', context) as { rawId: ArrayBuffer };
  assert.deepEqual([...new Uint8Array(got.rawId)], [0xfb, 0xff, 0x01], 'the page gets the platform\'s credential');
  await vm.runInContext('navigator.credentials.create({})', context);
  assert.deepEqual(JSON.parse(JSON.stringify(reports)), [{ type: 'get', id: '-_8B', attachment: 'cross-platform' }, { type: 'create', id: 'bmV3', attachment: 'cross-platform' }]);
  assert.deepEqual(order.slice(0, 2), ['reported', 'page'], 'reported before the page has it');
});

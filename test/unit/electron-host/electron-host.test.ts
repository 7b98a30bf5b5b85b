/**
 * ElectronHost's wiring, run against a recording stand-in for Electron (fake-electron/): checks that
 * the host hands the pure decisions (guard, permissions, sender check, layout) to the right Electron
 * hooks. The decisions themselves are tested in their own files.
 */
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';
import type { AppEvent, AppSpec } from '../../../main/core/ports/host.js';
import type { Log } from '../../../main/core/ports/log.js';
import type { ShellCommand, ShellView } from '../../../main/core/shell-view.js';

register('./fake-electron/loader.mjs', import.meta.url);
const { fake, FakeEvent } = await import('./fake-electron/electron.js');
const { ElectronHost } = await import('../../../main/host/electron/electron-host.js');
const { hardenApp } = await import('../../../main/host/electron/app-hardening.js');
const { IPC, MESSAGE_ROW_HEIGHT, SETTINGS_ROW_HEIGHT, SHELL_BAR_HEIGHT } = await import('../../../main/core/shell-view.js');

function captureLog(lines: string[] = []): Log {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  };
  const log: Log = { traffic: write('traffic'), debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), child: () => log };
  return log;
}

const EPR: AppSpec = { id: 'epr', name: 'Patient record', url: 'https://epr.trust.example/home', allowedOrigins: ['https://epr.trust.example', 'https://sso.trust.example'] };
const RX: AppSpec = { id: 'rx', name: 'Prescribing', url: 'https://rx.trust.example/', allowedOrigins: ['https://rx.trust.example'] };

interface Setup {
  host: InstanceType<typeof ElectronHost>;
  events: AppEvent[];
  commands: ShellCommand[];
  logs: string[];
}

async function setup(): Promise<Setup> {
  fake.reset();
  const logs: string[] = [];
  const log = captureLog(logs);
  const registry = hardenApp(log);
  const host = new ElectronHost({ appRoot: '/opt/lanyard', log, registry, headless: true });
  const events: AppEvent[] = [];
  host.subscribe((event) => events.push(event));
  const commands: ShellCommand[] = [];
  await host.openShell(async (command) => { commands.push(command); });
  return { host, events, commands, logs };
}

const shellWindow = () => {
  const window = fake.windows[0];
  assert.ok(window, 'no shell window');
  return window;
};
/** The app view of `appId` in `partition` (the test apps' URLs name their app). */
const viewOf = (partition: string, appId: string) => {
  const view = fake.views.find((v) => v.webContents.webPreferences['partition'] === partition && v.webContents.url.includes(`//${appId}.`));
  assert.ok(view, `no view for ${partition}/${appId}`);
  return view;
};

let s: Setup;
beforeEach(async () => { s = await setup(); });

test('the shell window is sandboxed, isolated, Node-free, in-memory, menu-less, with the shell preload', () => {
  const prefs = shellWindow().options.webPreferences;
  assert.equal(prefs['sandbox'], true);
  assert.equal(prefs['contextIsolation'], true);
  assert.equal(prefs['nodeIntegration'], false);
  assert.equal(prefs['webSecurity'], true);
  assert.equal(prefs['webviewTag'], false);
  assert.equal(prefs['preload'], '/opt/lanyard/dist/preload/shell.cjs');
  assert.doesNotMatch(String(prefs['partition']), /^persist:/);
  assert.equal(shellWindow().menu, null);
  assert.equal(shellWindow().webContents.url, 'file:///opt/lanyard/dist/renderer/index.html');
});

test('shell IPC: commands from the shell page reach the handler; tabs, subframes and bad payloads are refused', async () => {
  const handler = (await import('./fake-electron/electron.js')).ipcMain.handlers.get(IPC.command);
  assert.ok(handler);
  const shell = shellWindow().webContents;
  const frame = (url: string, parent: unknown = null) => ({ url, parent, origin: 'file://' });
  await handler({ sender: shell, senderFrame: frame(shell.url) }, { type: 'lock' });
  assert.deepEqual(s.commands, [{ type: 'lock' }]);

  await s.host.openApp('u1', EPR);
  const tab = viewOf('u1', 'epr').webContents;
  await assert.rejects(Promise.resolve(handler({ sender: tab, senderFrame: frame(shell.url) }, { type: 'logout' })), { code: 'IPC_REFUSED' });
  await assert.rejects(Promise.resolve(handler({ sender: shell, senderFrame: frame(shell.url, {}) }, { type: 'logout' })), { code: 'IPC_REFUSED' });
  await assert.rejects(Promise.resolve(handler({ sender: shell, senderFrame: frame(shell.url) }, { type: 'submit-pin', pin: '1234', x: 1 })), { code: 'IPC_REFUSED' });
  assert.deepEqual(s.commands, [{ type: 'lock' }]);
  assert.ok(!s.logs.join('\n').includes('1234'), 'a PIN reached the log');
});

test('app views: sandboxed with the tab preload in the user partition; a start URL outside the app is refused', async () => {
  await s.host.openApp('u1', EPR);
  const view = viewOf('u1', 'epr');
  assert.equal(view.webContents.webPreferences['sandbox'], true);
  assert.equal(view.webContents.webPreferences['nodeIntegration'], false);
  assert.equal(view.webContents.webPreferences['preload'], '/opt/lanyard/dist/preload/tab.cjs');
  assert.equal(view.webContents.webPreferences['devTools'], false, 'remote app content never gets DevTools');
  assert.equal(view.visible, false, 'opens hidden');
  assert.deepEqual(s.events.filter((e) => e.type === 'app-loaded'), [{ type: 'app-loaded', partition: 'u1', appId: 'epr', url: EPR.url }]);
  await assert.rejects(s.host.openApp('u1', { ...RX, url: 'https://evil.example/' }), { code: 'APP_URL_NOT_ALLOWED' });
  await assert.rejects(s.host.openApp('persist:u1', EPR), { code: 'PERSISTENT_PARTITION' });
});

test('a tab whose first load fails is forgotten, so it can be opened again', async () => {
  await assert.rejects(s.host.openApp('u1', { ...RX, url: 'https://rx.trust.example/unreachable' }), { code: 'APP_LOAD_FAILED' });
  await s.host.openApp('u1', RX);
  assert.equal(s.events.filter((e) => e.type === 'app-loaded').length, 1);
});

test('showApp attaches one view below the bar and detaches every other; hideApps detaches all', async () => {
  await s.host.openApp('u1', EPR);
  await s.host.openApp('u1', RX);
  await s.host.openApp('u2', EPR);
  await s.host.showApp('u1', 'epr');
  const window = shellWindow();
  assert.deepEqual(window.contentView.children, [viewOf('u1', 'epr')]);
  // The shell covers the primary display's work area (the fake's: 1366x768 less a 40-px taskbar).
  assert.deepEqual(viewOf('u1', 'epr').bounds, { x: 0, y: SHELL_BAR_HEIGHT, width: 1366, height: 728 - SHELL_BAR_HEIGHT });
  await s.host.showApp('u1', 'rx');
  assert.deepEqual(window.contentView.children, [viewOf('u1', 'rx')]);
  assert.equal(viewOf('u1', 'epr').visible, false);
  window.contentSize = [1000, 600];
  window.emit('resize');
  assert.deepEqual(viewOf('u1', 'rx').bounds, { x: 0, y: SHELL_BAR_HEIGHT, width: 1000, height: 600 - SHELL_BAR_HEIGHT });
  await s.host.hideApps();
  assert.deepEqual(window.contentView.children, []);
  await assert.rejects(s.host.showApp('u3', 'epr'), { code: 'UNKNOWN_APP' });
});

test('a message under the bar pushes the app view down while it shows, and the view returns when it goes', async () => {
  await s.host.openApp('u1', EPR);
  await s.host.showApp('u1', 'epr');
  const active: ShellView = { screen: 'active', stationName: 'Ward 7', suspended: [], tabs: [], methods: ['smartcard'], cardService: 'ok' };
  s.host.render({ ...active, message: { kind: 'info', text: 'Fingerprint key enrolled', scope: 'session' } });
  assert.deepEqual(viewOf('u1', 'epr').bounds, { x: 0, y: SHELL_BAR_HEIGHT + MESSAGE_ROW_HEIGHT, width: 1366, height: 728 - SHELL_BAR_HEIGHT - MESSAGE_ROW_HEIGHT });
  s.host.render(active);
  assert.deepEqual(viewOf('u1', 'epr').bounds, { x: 0, y: SHELL_BAR_HEIGHT, width: 1366, height: 728 - SHELL_BAR_HEIGHT });
  // Display settings open: their row too.
  s.host.render({ ...active, displaySettings: true, preferences: { textSize: 'normal', highContrast: false, tabOrder: [], fixed: [] } as unknown as ShellView['preferences'] });
  assert.deepEqual(viewOf('u1', 'epr').bounds, { x: 0, y: SHELL_BAR_HEIGHT + SETTINGS_ROW_HEIGHT, width: 1366, height: 728 - SHELL_BAR_HEIGHT - SETTINGS_ROW_HEIGHT });
});

test('one guard on every navigation hook: inside the app allowed, outside refused and reported', async () => {
  await s.host.openApp('u1', EPR);
  const contents = viewOf('u1', 'epr').webContents;
  for (const hook of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
    const inside = new FakeEvent({ url: 'https://sso.trust.example/login', isMainFrame: true });
    contents.emit(hook, inside);
    assert.equal(inside.defaultPrevented, false, hook);
    const outside = new FakeEvent({ url: 'https://evil.example/', isMainFrame: true });
    contents.emit(hook, outside);
    assert.equal(outside.defaultPrevented, true, hook);
  }
  assert.equal(s.events.filter((e) => e.type === 'navigation-refused').length, 3);
  // window.open: never a new window; inside the origins it loads in the same tab.
  assert.deepEqual(contents.windowOpenHandler?.({ url: 'https://epr.trust.example/letter' }), { action: 'deny' });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(contents.url, 'https://epr.trust.example/letter');
  assert.deepEqual(contents.windowOpenHandler?.({ url: 'https://evil.example/' }), { action: 'deny' });
  assert.equal(contents.url, 'https://epr.trust.example/letter');
  assert.equal(s.events.filter((e) => e.type === 'navigation-refused').length, 4);
});

test('the shell cannot navigate, webviews cannot attach', () => {
  const shell = shellWindow().webContents;
  const away = new FakeEvent({ url: 'https://epr.trust.example/', isMainFrame: true });
  shell.emit('will-navigate', away);
  assert.equal(away.defaultPrevented, true);
  const attach = new FakeEvent();
  shell.emit('will-attach-webview', attach, {}, {});
  assert.equal(attach.defaultPrevented, true);
});

test('permission request and check handlers agree: app origins get the defaults, everything else is denied', async () => {
  await s.host.openApp('u1', EPR);
  const ses = fake.sessions.get('u1');
  assert.ok(ses?.permissionRequest && ses.permissionCheck && ses.devicePermission);
  const contents = viewOf('u1', 'epr').webContents;
  const ask = (permission: string, requestingUrl: string) => new Promise<boolean>((resolve) => {
    ses.permissionRequest?.(contents, permission, resolve, { requestingUrl });
  });
  assert.equal(await ask('clipboard-sanitized-write', 'https://epr.trust.example/x'), true);
  assert.equal(await ask('media', 'https://epr.trust.example/x'), false);
  assert.equal(await ask('clipboard-sanitized-write', 'https://evil.example/'), false);
  assert.equal(ses.permissionCheck(contents, 'clipboard-sanitized-write', 'https://epr.trust.example', {}), true);
  assert.equal(ses.permissionCheck(contents, 'geolocation', 'https://epr.trust.example', {}), false);
  assert.equal(ses.devicePermission({ deviceType: 'hid' }), false);
});

test('destroyPartition closes its views and clears storage, cache and auth; other users are untouched', async () => {
  await s.host.openApp('u1', EPR);
  await s.host.openApp('u2', EPR);
  await s.host.showApp('u1', 'epr');
  await s.host.destroyPartition('u1');
  assert.equal(viewOf('u1', 'epr').webContents.isDestroyed(), true);
  assert.deepEqual(shellWindow().contentView.children, []);
  assert.deepEqual(fake.sessions.get('u1')?.cleared, ['storage', 'data', 'cache', 'auth', 'host-resolver', 'connections']);
  assert.equal(viewOf('u2', 'epr').webContents.isDestroyed(), false);
  assert.deepEqual(fake.sessions.get('u2')?.cleared, []);
  await assert.rejects(s.host.showApp('u1', 'epr'), { code: 'UNKNOWN_APP' });
});

test('render pushes the view to the shell page; form fills go only to a tab on that origin', async () => {
  s.host.render({ screen: 'locked', stationName: 'Ward 7', suspended: [], tabs: [], methods: ['smartcard'], cardService: 'ok' });
  assert.equal(shellWindow().webContents.sent.at(-1)?.channel, IPC.view);
  await s.host.openApp('u1', EPR);
  const fill = { usernameSelector: '#u', passwordSelector: '#p', submitSelector: '#go', username: 'jsmith', password: 'pw' };
  assert.equal(await s.host.fillForm('u1', 'epr', 'https://evil.example', fill), false);
  assert.equal(await s.host.fillForm('u1', 'epr', 'https://sso.trust.example', fill), false, 'tab is not on that origin now');
  assert.equal(await s.host.fillForm('u1', 'epr', 'https://epr.trust.example', fill), false, 'the page has no login form');
  fake.pages.set(EPR.url, { form: true });
  assert.equal(await s.host.fillForm('u1', 'epr', 'https://epr.trust.example', fill), true);
  const sent = viewOf('u1', 'epr').webContents.sent.map((m) => ({ channel: m.channel, payload: { ...(m.payload as object), id: '' } }));
  assert.deepEqual(sent.at(-1), { channel: 'lanyard-tab:form-fill', payload: { id: '', origin: 'https://epr.trust.example', fill } });
});

test('manual-login reports are accepted only from a registered tab main frame on its own origins', async () => {
  const { ipcMain } = await import('./fake-electron/electron.js');
  await s.host.openApp('u1', EPR);
  const tab = viewOf('u1', 'epr').webContents;
  const send = (sender: unknown, url: string, payload: unknown, parent: unknown = null) =>
    ipcMain.emit('lanyard-tab:manual-login', { sender, senderFrame: { url, parent } }, payload);
  send(tab, 'https://epr.trust.example/login', { username: 'jsmith', password: 'pw1' });
  send(tab, 'https://evil.example/login', { username: 'mallory', password: 'pw2' });
  send(shellWindow().webContents, 'https://epr.trust.example/login', { username: 'shell', password: 'pw3' });
  send(tab, 'https://epr.trust.example/login', { username: 'x', password: 'pw4', extra: 'field' });
  send(tab, 'https://epr.trust.example/frame', { username: 'sub', password: 'pw5' }, {});
  assert.deepEqual(s.events.filter((e) => e.type === 'manual-login'), [
    { type: 'manual-login', partition: 'u1', appId: 'epr', origin: 'https://epr.trust.example', username: 'jsmith', password: 'pw1' },
  ]);
});

test('close tears everything down and unregisters the shell channel', async () => {
  const { ipcMain } = await import('./fake-electron/electron.js');
  await s.host.openApp('u1', EPR);
  await s.host.close();
  assert.equal(ipcMain.handlers.has(IPC.command), false);
  assert.equal(shellWindow().destroyed, true);
  assert.equal(viewOf('u1', 'epr').webContents.isDestroyed(), true);
});

test('hideApps and destroyPartition during quit, after the window is gone, do not touch it', async () => {
  await s.host.openApp('u1', EPR);
  await s.host.showApp('u1', 'epr');
  shellWindow().destroy(); // quit: Electron destroys the window before the station's stop() has run
  await s.host.hideApps();
  await s.host.destroyPartition('u1');
  assert.equal(viewOf('u1', 'epr').webContents.isDestroyed(), true);
});

test('a start page that fails for real after a script redirect still fails, and can be retried', async () => {
  fake.pages.set(RX.url, { scriptRedirectTo: 'https://rx.trust.example/unreachable' });
  await assert.rejects(s.host.openApp('u1', RX), { code: 'APP_LOAD_FAILED' });
  fake.pages.delete(RX.url);
  await s.host.openApp('u1', RX);
  assert.equal(s.events.filter((e) => e.type === 'app-loaded' && e.appId === 'rx').length, 1);
});

test('the Electron entry keeps its data in the machine-wide folder, never in roaming userData', async () => {
  const { readFile } = await import('node:fs/promises');
  const source = await readFile(new URL('../../../main/host/electron/main.ts', import.meta.url), 'utf8');
  assert.doesNotMatch(source, /getPath\(\s*'userData'\s*\)/);
  assert.match(source, /dataDir: defaultDataDir\(\)/);
});

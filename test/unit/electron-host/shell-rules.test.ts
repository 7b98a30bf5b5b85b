/**
 * Issue 11's window rules in the Electron host, on the recording stand-in for Electron: one
 * frameless window on the primary display's work area that follows display changes; the app
 * exactly below the bar; nothing a person or a page does closes the shell or an app for good;
 * Lanyard's keys work wherever focus is.
 */
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';
import type { AppEvent, AppSpec } from '../../../main/core/ports/host.js';
import type { Log } from '../../../main/core/ports/log.js';
import type { ShellCommand, ShellView } from '../../../main/core/shell-view.js';

register('./fake-electron/loader.mjs', import.meta.url);
const { fake, screen, app, FakeEvent } = await import('./fake-electron/electron.js');
const { ElectronHost } = await import('../../../main/host/electron/electron-host.js');
const { hardenApp } = await import('../../../main/host/electron/app-hardening.js');
const { SHELL_BAR_HEIGHT } = await import('../../../main/core/shell-view.js');

const quiet: Log = { traffic() {}, debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
const EPR: AppSpec = { id: 'epr', name: 'Patient record', url: 'https://epr.trust.example/home', allowedOrigins: ['https://epr.trust.example'] };
const RX: AppSpec = { id: 'rx', name: 'Prescribing', url: 'https://rx.trust.example/', allowedOrigins: ['https://rx.trust.example'] };
const ACTIVE = { screen: 'active', stationName: 'Ward 7', suspended: [], tabs: [], methods: ['smartcard'], cardService: 'ok' } as unknown as ShellView;
const LOCKED = { ...ACTIVE, screen: 'locked' } as unknown as ShellView;

let host: InstanceType<typeof ElectronHost>;
let events: AppEvent[];
let commands: ShellCommand[];
beforeEach(async () => {
  fake.reset();
  host = new ElectronHost({ appRoot: '/opt/lanyard', log: quiet, registry: hardenApp(quiet), headless: true });
  events = [];
  commands = [];
  host.subscribe((e) => events.push(e));
  await host.openShell(async (c) => { commands.push(c); });
});

const liveWindows = () => fake.windows.filter((w) => !w.destroyed);
const shell = () => {
  const [window, ...others] = liveWindows();
  assert.ok(window, 'no shell window');
  assert.equal(others.length, 0, 'exactly one window');
  return window;
};
const liveView = (appId: string) => {
  const view = fake.views.find((v) => !v.webContents.destroyed && v.webContents.url.includes(`//${appId}.`));
  assert.ok(view, `no live view of ${appId}`);
  return view;
};
const settled = () => new Promise((resolve) => setImmediate(resolve));

test('one frameless, menu-less window on the primary display\'s work area', () => {
  const window = shell();
  assert.equal(window.options.frame, false, 'no title bar, ×, or system menu');
  assert.equal(window.menu, null);
  assert.deepEqual(window.getBounds(), { x: 0, y: 0, width: 1366, height: 728 }, 'the work area: the taskbar stays visible');
  for (const option of ['resizable', 'movable', 'minimizable', 'maximizable', 'fullscreenable'] as const) {
    assert.equal((window.options as Record<string, unknown>)[option], false, option);
  }
});

test('the window follows the primary display when it changes or goes, and the app stays exactly below the bar', async () => {
  await host.openApp('u1', EPR);
  await host.showApp('u1', 'epr');
  const window = shell();
  screen.change({ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } });
  assert.deepEqual(window.getBounds(), { x: 0, y: 0, width: 1920, height: 1040 });
  assert.deepEqual(liveView('epr').bounds, { x: 0, y: SHELL_BAR_HEIGHT, width: 1920, height: 1040 - SHELL_BAR_HEIGHT });
  // The primary display is unplugged: the other one becomes primary.
  screen.change({ id: 2, bounds: { x: 1920, y: 0, width: 1280, height: 1024 }, workArea: { x: 1920, y: 0, width: 1280, height: 984 } }, 'display-removed');
  assert.deepEqual(window.getBounds(), { x: 1920, y: 0, width: 1280, height: 984 });
  assert.deepEqual(liveView('epr').bounds, { x: 0, y: SHELL_BAR_HEIGHT, width: 1280, height: 984 - SHELL_BAR_HEIGHT });
});

test('closing the window (Alt+F4, the taskbar, window.close()) is refused while Lanyard runs; it closes when Lanyard quits', () => {
  const window = shell();
  window.close();
  assert.equal(window.destroyed, false);
  app.emit('before-quit', new FakeEvent());
  window.close();
  assert.equal(window.destroyed, true);
  assert.equal(liveWindows().length, 0, 'quitting opens no new window');
});

test('Windows shutting down or logging off closes the window (no \'before-quit\' comes then)', async () => {
  const window = shell();
  window.emit('session-end', new FakeEvent({ reasons: ['logoff'] }));
  window.close();
  assert.equal(window.destroyed, true);
  await settled();
  assert.equal(liveWindows().length, 0, 'no new window while Windows ends the session');
});

test('a shell window that closes anyway is opened again at once, with the latest view and the app on screen', async () => {
  await host.openApp('u1', EPR);
  await host.showApp('u1', 'epr');
  host.render(ACTIVE);
  const first = shell();
  first.destroy();
  await settled();
  const second = shell();
  assert.notEqual(second, first);
  assert.equal(second.webContents.sent.at(-1)?.payload, ACTIVE, 'the latest view was sent again');
  assert.deepEqual(second.contentView.children, [liveView('epr')]);
  assert.equal(liveView('epr').shown, true);
});

test('clicking anywhere in the shell bar leaves the app on screen', async () => {
  await host.openApp('u1', EPR);
  await host.showApp('u1', 'epr');
  shell().webContents.input('mouseDown');
  shell().webContents.focus();
  assert.equal(liveView('epr').shown, true);
});

test('an app page that closes itself (window.close()) is reported and opened again in place; the other tabs are untouched', async () => {
  await host.openApp('u1', EPR);
  await host.openApp('u1', RX);
  await host.showApp('u1', 'epr');
  const before = liveView('epr');
  const rx = liveView('rx');
  before.webContents.closeByPage();
  assert.deepEqual(events.filter((e) => e.type === 'app-crashed'), [{ type: 'app-crashed', partition: 'u1', appId: 'epr' }]);
  const after = liveView('epr');
  assert.notEqual(after, before);
  assert.equal(after.webContents.webPreferences['partition'], 'u1');
  assert.equal(after.webContents.url, EPR.url);
  assert.equal(after.shown, true, 'back on screen, below the bar');
  assert.deepEqual(after.bounds, { x: 0, y: SHELL_BAR_HEIGHT, width: 1366, height: 728 - SHELL_BAR_HEIGHT });
  assert.equal(liveView('rx'), rx);
  // Lanyard's own closing (logout) is not a page closing itself.
  await host.destroyPartition('u1');
  assert.equal(fake.views.filter((v) => !v.webContents.destroyed).length, 0);
  assert.equal(events.filter((e) => e.type === 'app-crashed').length, 1);
});

test('Ctrl+Alt+L locks from inside an app and from the bar, and the page never sees it; not on the lock screen', async () => {
  await host.openApp('u1', EPR);
  await host.showApp('u1', 'epr');
  host.render(ACTIVE);
  assert.equal(liveView('epr').webContents.press('l', { control: true, alt: true }), false, 'the app did not get the key');
  await settled();
  assert.deepEqual(commands, [{ type: 'lock' }]);
  assert.equal(shell().webContents.press('l', { control: true, alt: true }), false);
  await settled();
  assert.deepEqual(commands, [{ type: 'lock' }, { type: 'lock' }]);
  host.render(LOCKED);
  assert.equal(shell().webContents.press('l', { control: true, alt: true }), true, 'on the lock screen the key is the page\'s');
  assert.equal(liveView('epr').webContents.press('a'), true, 'other keys reach the app');
  await settled();
  assert.equal(commands.length, 2);
});

test('F6 moves focus from the app on screen to the bar and back', async () => {
  await host.openApp('u1', EPR);
  await host.openApp('u1', RX);
  await host.showApp('u1', 'epr');
  host.render(ACTIVE);
  const app = liveView('epr').webContents;
  const bar = shell().webContents;
  assert.equal(app.focused, true, 'showApp focuses the app');
  assert.equal(app.press('F6'), false);
  assert.equal(bar.focused, true);
  assert.equal(app.focused, false);
  assert.equal(bar.press('F6'), false);
  assert.equal(app.focused, true);
  assert.equal(bar.focused, false);
});

test('the shell opens no windows and goes nowhere', () => {
  const contents = shell().webContents;
  assert.deepEqual(contents.windowOpenHandler?.({ url: 'https://epr.trust.example/' }), { action: 'deny' });
  const away = new FakeEvent({ url: 'https://epr.trust.example/', isMainFrame: true });
  contents.emit('will-navigate', away);
  assert.equal(away.defaultPrevented, true);
});

/**
 * The Host contract (test/contract/host-contract.ts) against the Electron host, on the stand-in
 * for Electron (fake-electron/) that models Electron's documented behaviour: loadURL rejecting
 * with ERR_ABORTED when a page redirects in script, before-input-event for keys only, isCrashed,
 * destroyed windows and contents. Page-side effects (a navigation, a download, input) are played
 * as the Electron events that announce them, each documented beside the driver below.
 */
import { register } from 'node:module';
import type { Log } from '../../../main/core/ports/log.js';
import { hostContract, type NavigationKind, type Subject, type TabDriver } from '../../contract/host-contract.js';

register('./fake-electron/loader.mjs', import.meta.url);
const { fake, FakeEvent } = await import('./fake-electron/electron.js');
type FakeView = (typeof fake.views)[number];
const { ElectronHost } = await import('../../../main/host/electron/electron-host.js');
const { hardenApp } = await import('../../../main/host/electron/app-hardening.js');

const quiet: Log = { traffic() {}, debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
const APP = 'https://app.trust.example';
const OUTSIDE = 'https://outside.example';
const INPUT = { key: 'keyDown', pointer: 'mouseDown', wheel: 'mouseWheel' } as const;

async function start(): Promise<Subject> {
  fake.reset();
  fake.pages.set(`${APP}/script-redirect`, { scriptRedirectTo: `${APP}/landed` });
  fake.pages.set(`${APP}/login`, { form: true });
  const registry = hardenApp(quiet);
  const host = new ElectronHost({ appRoot: '/opt/lanyard', log: quiet, registry, headless: true });
  await host.openShell(async () => undefined);
  /** The host keeps no public lookup of its views: the driver is asked for a tab right after
   * openApp, so a tab is the newest view of its partition that no other tab has claimed. */
  const byApp = new Map<string, FakeView>();
  const viewOf = (partition: string, appId: string): FakeView => {
    const known = byApp.get(`${partition}/${appId}`);
    if (known) return known;
    const claimed = new Set(byApp.values());
    const found = fake.views.filter((v) => v.webContents.webPreferences['partition'] === partition && !claimed.has(v)).at(-1);
    if (!found) throw new Error(`no view for ${partition}/${appId}`);
    byApp.set(`${partition}/${appId}`, found);
    return found;
  };
  const tab = (partition: string, appId: string): TabDriver => {
    const view = viewOf(partition, appId);
    const contents = view.webContents;
    const ses = fake.sessions.get(partition);
    const origin = () => new URL(contents.url).origin;
    return {
      url: async () => contents.getURL(),
      type: async (text) => { contents.fields.set('#note', text); },
      typed: async () => contents.fields.get('#note') ?? '',
      setStorage: async (value) => { ses?.storage.set(origin(), new Map([['draft', value]])); },
      getStorage: async () => ses?.storage.get(origin())?.get('draft') ?? null,
      input: async (kind) => { contents.input(INPUT[kind]); },
      navigate: (kind, url) => navigate(contents, kind, url),
      crash: async () => { contents.crash(); },
      download: async () => (ses?.download(`${APP}/download`) === true ? 'saved' : 'refused'),
      formValues: async () => ({ username: contents.fields.get('#u') ?? '', password: contents.fields.get('#p') ?? '' }),
    };
  };
  return {
    host,
    site: { app: APP, outside: OUTSIDE },
    tab,
    async shown() {
      const on = fake.views.filter((v) => v.shown);
      if (on.length > 1) throw new Error('more than one app view on screen');
      const key = [...byApp].find(([, view]) => view === on[0])?.[0];
      if (on.length === 1 && key === undefined) throw new Error('a view no tab was opened for is on screen');
      if (key === undefined) return undefined;
      const [partition = '', appId = ''] = key.split('/');
      return { partition, appId };
    },
    close: () => host.close(),
  };
}

/** What Electron emits for each kind of page navigation (docs, webContents events):
 * - link / script: 'will-navigate' ("Emitted when a user or the page wants to start navigation
 *   on the main frame ... calling event.preventDefault() will prevent the navigation");
 * - server redirect: 'will-navigate' for the page's own URL, then 'will-redirect' ("Emitted when
 *   a server side redirect occurs during navigation ... preventDefault() will prevent the navigation");
 * - subframe: 'will-frame-navigate' with isMainFrame false ("Emitted when a user or the page wants
 *   to start navigation in any frame");
 * - popup: the window open handler (setWindowOpenHandler: "Called before creating a window");
 *   its answer { action: 'deny' } means no window.
 * An allowed main-frame navigation then commits (did-finish-load). */
async function navigate(contents: (typeof fake.views)[number]['webContents'], kind: NavigationKind, url: string): Promise<void> {
  const commit = (to: string): void => { void contents.loadURL(to); };
  if (kind === 'popup') {
    contents.windowOpenHandler?.({ url, frameName: '', features: '', disposition: 'foreground-tab' });
    await new Promise((resolve) => setImmediate(resolve));
    return;
  }
  if (kind === 'subframe') {
    contents.emit('will-frame-navigate', new FakeEvent({ url, isMainFrame: false }));
    return;
  }
  if (kind === 'server-redirect') {
    const first = new FakeEvent({ url: `${APP}/redirect`, isMainFrame: true });
    contents.emit('will-navigate', first);
    if (first.defaultPrevented) return;
    const hop = new FakeEvent({ url, isMainFrame: true });
    contents.emit('will-redirect', hop);
    if (!hop.defaultPrevented) commit(url);
    return;
  }
  const event = new FakeEvent({ url, isMainFrame: true });
  contents.emit('will-navigate', event);
  if (!event.defaultPrevented) commit(url);
}

hostContract('Electron host (stand-in)', start);

/**
 * The Host contract: what the station relies on from a host, written once and run against every
 * host (test/integration/chromium-host/host-contract.test.ts against real Chromium,
 * test/unit/electron-host/host-contract.test.ts against the Electron stand-in). A subject serves a
 * small site with the paths below on `site.app`, and drives a tab the way a person or a page would.
 *
 *   /                 a page with <input id="note">
 *   /login            a login form: #u, #p, #go
 *   /script-redirect  its script goes to /landed before it has finished loading
 *   /landed           a plain page
 *   /download         an attachment
 * and `site.outside` is an origin no app may use.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AppEvent, AppSpec, Host } from '../../main/core/ports/host.js';

/** An awaited event that never comes fails its case instead of stalling the run. */
const LIMIT = { timeout: 20_000 };
const EVENT_WAIT_MS = 10_000;

export type InputKind = 'key' | 'pointer' | 'wheel';
/** How a page goes somewhere: a link or script in the top frame, a server redirect (the page
 * navigates to a URL of its own origin that answers 302 to the target), an iframe, a popup. */
export type NavigationKind = 'link' | 'server-redirect' | 'subframe' | 'popup';

export interface TabDriver {
  url(): Promise<string>;
  /** Types into #note, as a person would. */
  type(text: string): Promise<void>;
  /** What #note holds now. */
  typed(): Promise<string>;
  setStorage(value: string): Promise<void>;
  getStorage(): Promise<string | null>;
  /** A person's keyboard, pointer or wheel input in the tab. */
  input(kind: InputKind): Promise<void>;
  /** The page tries to go to `url`; resolves once the attempt has been made (not judged). */
  navigate(kind: NavigationKind, url: string): Promise<void>;
  /** The tab's renderer dies. */
  crash(): Promise<void>;
  /** The page starts a download of /download; resolves with whether anything was saved. */
  download(): Promise<'saved' | 'refused'>;
  /** Values of #u and #p (login page). */
  formValues(): Promise<{ username: string; password: string }>;
}

export interface Subject {
  host: Host;
  site: { app: string; outside: string };
  tab(partition: string, appId: string): TabDriver;
  /** Which tab a person at the PC can see, if any. */
  shown(): Promise<{ partition: string; appId: string } | undefined>;
  close(): Promise<void>;
}

export function hostContract(name: string, start: () => Promise<Subject>): void {
  let s: Subject;
  const events: AppEvent[] = [];
  const waiters = new Set<() => void>();
  /** The first event (already seen or coming) that matches. */
  const next = <T extends AppEvent['type']>(type: T, match: (e: Extract<AppEvent, { type: T }>) => boolean = () => true) => {
    const find = () => events.find((e): e is Extract<AppEvent, { type: T }> => e.type === type && match(e as Extract<AppEvent, { type: T }>));
    return new Promise<Extract<AppEvent, { type: T }>>((resolve, reject) => {
      // Also keeps the event loop alive while a host that never emits it is being waited on.
      const timer = setTimeout(() => { waiters.delete(check); reject(new Error(`no ${type} event came`)); }, EVENT_WAIT_MS);
      const check = () => {
        const hit = find();
        if (hit) { clearTimeout(timer); waiters.delete(check); resolve(hit); }
      };
      waiters.add(check);
      check();
    });
  };
  let n = 0;
  /** A fresh partition with one app open on `path`. */
  const open = async (path = '/', partition = `p${++n}`): Promise<{ partition: string; spec: AppSpec; tab: TabDriver }> => {
    const spec: AppSpec = { id: `app${++n}`, name: 'Test app', url: `${s.site.app}${path}`, allowedOrigins: [s.site.app] };
    await s.host.createPartition(partition);
    await s.host.openApp(partition, spec);
    return { partition, spec, tab: s.tab(partition, spec.id) };
  };

  before(async () => {
    s = await start();
    s.host.subscribe((e) => { events.push(e); for (const w of [...waiters]) w(); });
  });
  after(async () => { await s?.close(); });

  test(`${name}: open, show, hide and destroy a partition's apps`, LIMIT, async () => {
    const a = await open();
    const b = await open('/', a.partition);
    assert.equal(await a.tab.url(), a.spec.url);
    assert.equal(await s.shown(), undefined, 'apps open hidden');
    await s.host.showApp(a.partition, a.spec.id);
    assert.deepEqual(await s.shown(), { partition: a.partition, appId: a.spec.id });
    await s.host.showApp(b.partition, b.spec.id);
    assert.deepEqual(await s.shown(), { partition: b.partition, appId: b.spec.id }, 'one app on screen at a time');
    await s.host.destroyPartition(a.partition);
    assert.equal(await s.shown(), undefined);
    await assert.rejects(s.host.showApp(a.partition, a.spec.id));
  });

  test(`${name}: opening the same app twice at once gives one tab`, LIMIT, async () => {
    const partition = `p${++n}`;
    const spec: AppSpec = { id: `app${++n}`, name: 'Twice', url: `${s.site.app}/`, allowedOrigins: [s.site.app] };
    await s.host.createPartition(partition);
    await Promise.all([s.host.openApp(partition, spec), s.host.openApp(partition, spec)]);
    assert.equal(await s.tab(partition, spec.id).url(), spec.url);
  });

  test(`${name}: a start page that redirects in script opens on the page it lands on`, LIMIT, async () => {
    const a = await open('/script-redirect');
    await next('app-loaded', (e) => e.appId === a.spec.id && e.url === `${s.site.app}/landed`);
    assert.equal(await a.tab.url(), `${s.site.app}/landed`);
  });

  test(`${name}: lock hides every view; resume shows the same page with what was typed`, LIMIT, async () => {
    const a = await open();
    const b = await open();
    await s.host.showApp(a.partition, a.spec.id);
    await a.tab.type('BP 120/80, review Tuesday');
    await s.host.hideApps();
    assert.equal(await s.shown(), undefined, 'nothing of any user is on screen when locked');
    await s.host.showApp(b.partition, b.spec.id);
    await s.host.hideApps();
    assert.equal(await s.shown(), undefined);
    await s.host.showApp(a.partition, a.spec.id);
    assert.equal(await a.tab.url(), a.spec.url);
    assert.equal(await a.tab.typed(), 'BP 120/80, review Tuesday');
  });

  for (const kind of ['key', 'pointer', 'wheel'] as const) {
    test(`${name}: ${kind} input in a tab is activity of its partition`, LIMIT, async () => {
      const a = await open();
      await s.host.showApp(a.partition, a.spec.id);
      const activity = next('activity', (e) => e.partition === a.partition);
      await a.tab.input(kind);
      assert.equal((await activity).partition, a.partition);
    });
  }

  for (const kind of ['link', 'server-redirect', 'subframe', 'popup'] as const) {
    test(`${name}: navigation guard (${kind}): outside the app refused and reported, inside allowed`, LIMIT, async () => {
      const a = await open();
      const outside = `${s.site.outside}/patients/9434765919?code=secret-${kind}`;
      const refused = next('navigation-refused', (e) => e.appId === a.spec.id && e.url === outside);
      await a.tab.navigate(kind, outside);
      await refused;
      assert.equal(await a.tab.url(), a.spec.url, 'the tab stays where it was');
      const inside = `${s.site.app}/landed`;
      await a.tab.navigate(kind, inside);
      if (kind === 'subframe') {
        assert.equal(await a.tab.url(), a.spec.url, 'a frame does not move the tab');
      } else {
        // Popups open in the same tab, never in a window of their own.
        await next('app-loaded', (e) => e.appId === a.spec.id && e.url === inside);
        assert.equal(await a.tab.url(), inside);
      }
      assert.equal(events.filter((e) => e.type === 'navigation-refused' && e.appId === a.spec.id).length, 1, 'only the outside URL was refused');
    });
  }

  test(`${name}: a crashed tab is reported, and reloaded when its tab is chosen`, LIMIT, async () => {
    const a = await open();
    await s.host.showApp(a.partition, a.spec.id);
    const crashed = next('app-crashed', (e) => e.appId === a.spec.id);
    await a.tab.crash();
    assert.deepEqual(await crashed, { type: 'app-crashed', partition: a.partition, appId: a.spec.id });
    await s.host.hideApps();
    const loaded = events.length;
    await s.host.showApp(a.partition, a.spec.id);
    await next('app-loaded', (e) => e.appId === a.spec.id && events.indexOf(e) >= loaded);
    assert.equal(await a.tab.url(), a.spec.url);
    await a.tab.type('after the crash');
    assert.equal(await a.tab.typed(), 'after the crash', 'the reloaded page is alive');
  });

  test(`${name}: downloads are refused`, LIMIT, async () => {
    const a = await open();
    assert.equal(await a.tab.download(), 'refused');
  });

  test(`${name}: cookies and storage belong to one partition and go with it`, LIMIT, async () => {
    const a = await open();
    const b = await open();
    await s.host.addCookies(a.partition, [{ name: 'sid', value: 'user-a', url: `${s.site.app}/` }]);
    assert.deepEqual((await s.host.cookies(a.partition)).map((c) => `${c.name}=${c.value}`), ['sid=user-a']);
    assert.deepEqual(await s.host.cookies(b.partition), [], "another user's partition has none of them");
    await a.tab.setStorage('draft of user a');
    assert.equal(await a.tab.getStorage(), 'draft of user a');
    assert.equal(await b.tab.getStorage(), null);
    await s.host.destroyPartition(a.partition);
    assert.deepEqual(await s.host.cookies(a.partition), []);
  });

  test(`${name}: form fill succeeds only where the login form is, on its origin`, LIMIT, async () => {
    assert.ok(s.host.fillForm, 'both hosts fill forms');
    const fill = { usernameSelector: '#u', passwordSelector: '#p', submitSelector: '#go', username: 'jsmith', password: 'correct horse' };
    const plain = await open('/');
    assert.equal(await s.host.fillForm(plain.partition, plain.spec.id, s.site.app, fill), false, 'no login form on the page');
    const login = await open('/login');
    assert.equal(await s.host.fillForm(login.partition, login.spec.id, s.site.outside, fill), false, 'another origin');
    assert.equal(await s.host.fillForm(login.partition, login.spec.id, s.site.app, fill), true);
    assert.deepEqual(await login.tab.formValues(), { username: 'jsmith', password: 'correct horse' });
  });
}

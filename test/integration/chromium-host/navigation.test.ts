/**
 * The Chromium host's navigation guard against real pages: popups (window.open, target=_blank,
 * noopener, about:blank + document.write), server redirects, iframes (same-process and out of
 * process), downloads, and what the log says about refused URLs.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { appSpec, html, serve, startRig, type Handler, type Rig, type Server } from './rig.js';
import { LAUNCHER_URL } from '../../../main/host/chromium/app-mode-browser.js';

const SECRET = '/patients/9434765919/notes?code=oauth-code-xyz';
let outside: Server;
let app: Server;
let other: Server; // a second allowed origin, on another site: its frames run out of process
let third: Server; // a third site, framed by `other`: a frame nested out of process in another
let rig: Rig;

before(async () => {
  outside = await serve((_req, res) => html(res, '<h1 id="outside">outside</h1>'));
  const redirecting: Handler = (req, res) => {
    if (req.url === '/redirect-out') { res.writeHead(302, { location: `${outside.origin}${SECRET}` }); return void res.end(); }
    if (req.url === '/leave-at-once') return html(res, "<script>location.href = '/redirect-out'</script>");
    if (req.url === '/frame-third') return html(res, `<iframe src="${third.origin}/leave-at-once"></iframe>`);
    html(res, '<h1 id="other">other</h1>');
  };
  third = await serve(redirecting, '127.0.0.2');
  other = await serve(redirecting, 'localhost');
  app = await serve((req, res, origin) => {
    const url = req.url ?? '/';
    if (url === '/redirect-out') { res.writeHead(302, { location: `${outside.origin}${SECRET}` }); return void res.end(); }
    if (url === '/redirect-in') { res.writeHead(302, { location: `${origin}/landed` }); return void res.end(); }
    if (url === '/report.pdf') {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="discharge.pdf"' });
      return void res.end('%PDF-1.4 patient discharge summary');
    }
    if (url === '/frame-outside') return html(res, `<iframe id="f" src="${outside.origin}/framed"></iframe>`);
    if (url === '/frame-redirect') return html(res, '<iframe id="f" src="/redirect-out"></iframe>');
    if (url === '/frame-other') return html(res, `<iframe id="f" src="${other.origin}/inner"></iframe>`);
    if (url.startsWith('/frame-other?')) return html(res, `<iframe id="f" src="${other.origin}${new URLSearchParams(url.slice(13)).get('path') ?? ''}"></iframe>`);
    html(res, `<h1 id="app">app ${url}</h1><a id="blank" target="_blank" href="${origin}/from-link">open</a>
      <a id="blank-out" target="_blank" href="${outside.origin}${SECRET}">out</a>`);
  });
  rig = await startRig();
});

after(async () => {
  await rig?.close();
  await Promise.all([app, other, third, outside].map((s) => s?.close()));
});

/** The user's pages, but for the host's own launcher window (app-mode-browser.ts). */
const userPages = (page: Page) => page.context().pages().filter((p) => p.url() !== LAUNCHER_URL);

let n = 0;
const openTab = async (path = '/', more: string[] = []) => {
  n += 1;
  const spec = appSpec(`app${n}`, app.origin, path, more);
  const page = await rig.open(`p${n}`, spec);
  return { page, spec, partition: `p${n}` };
};

test('window.open, target=_blank and noopener to an allowed URL open in the same tab; the popup is closed', async () => {
  for (const [how, path] of [
    ['window.open', '/from-open'], ['noopener', '/from-noopener'], ['target=_blank', '/from-link'],
  ] as const) {
    const { page } = await openTab();
    const popup = page.context().waitForEvent('page');
    if (how === 'target=_blank') await page.click('#blank');
    else await page.evaluate(([u, noopener]) => { window.open(u, '_blank', noopener ? 'noopener' : ''); }, [`${app.origin}${path}`, how === 'noopener'] as const);
    const opened = await popup;
    if (!opened.isClosed()) await opened.waitForEvent('close', { timeout: 10_000 });
    await page.waitForURL(`${app.origin}${path}`, { timeout: 10_000 });
    assert.deepEqual(userPages(page), [page], `${how}: only the tab is left in the user's context`);
  }
});

test('a popup to an outside URL opens nowhere, reaches no server, and is refused', async () => {
  const before = outside.hits.length;
  const { page, spec } = await openTab();
  const refused = rig.next('navigation-refused', (e) => e.appId === spec.id);
  const popup = page.context().waitForEvent('page');
  await page.click('#blank-out');
  const opened = await popup;
  if (!opened.isClosed()) await opened.waitForEvent('close', { timeout: 10_000 });
  assert.equal((await refused).url, `${outside.origin}${SECRET}`);
  assert.equal(page.url(), spec.url, 'the tab stays where it was');
  assert.equal(outside.hits.length, before, 'nothing reached the outside server');
});

test('an about:blank popup written by script is closed at once', async () => {
  const { page } = await openTab();
  const popup = page.context().waitForEvent('page');
  await page.evaluate(() => { window.open('')?.document.write('<h1>Patient: Jane Doe, NHS 943 476 5919</h1>'); });
  const opened = await popup;
  if (!opened.isClosed()) await opened.waitForEvent('close', { timeout: 10_000 });
  assert.deepEqual(userPages(page), [page]);
});

test('a server redirect of the top frame to an outside origin is refused; one inside is followed', async () => {
  const before = outside.hits.length;
  const { page, spec } = await openTab();
  const refused = rig.next('navigation-refused', (e) => e.appId === spec.id);
  await page.evaluate(() => { location.href = '/redirect-out'; });
  assert.equal((await refused).url, `${outside.origin}${SECRET}`);
  assert.equal(outside.hits.length, before, 'the redirect target was never requested');
  await page.evaluate(() => { location.href = '/redirect-in'; });
  await page.waitForURL(`${app.origin}/landed`, { timeout: 10_000 });
});

test('iframes: an outside frame, a frame redirected outside, and an out-of-process frame redirected outside all load nothing', async () => {
  const before = outside.hits.length;
  for (const path of ['/frame-outside', '/frame-redirect']) {
    n += 1;
    const spec = appSpec(`app${n}`, app.origin, path);
    const refused = rig.next('navigation-refused', (e) => e.appId === spec.id);
    await rig.open(`p${n}`, spec);
    assert.match((await refused).url, new RegExp(`^${outside.origin}`), path);
  }
  // An allowed frame on another site runs in its own process; its own navigation redirects outside.
  const { page, spec } = await openTab('/frame-other', [other.origin]);
  const frame = page.frames().find((f) => f.url().startsWith(other.origin));
  assert.ok(frame, 'the allowed out-of-process frame loaded');
  const refused = rig.next('navigation-refused', (e) => e.appId === spec.id);
  await frame.evaluate(() => { location.href = '/redirect-out'; });
  assert.equal((await refused).url, `${outside.origin}${SECRET}`);
  assert.equal(outside.hits.length, before, 'no frame reached the outside server');
});

test('an out-of-process frame that leaves at once, as its first script runs, is guarded before it runs; so is one nested in it', async () => {
  const before = outside.hits.length;
  for (const [path, origins] of [['/leave-at-once', [other.origin]], ['/frame-third', [other.origin, third.origin]]] as const) {
    n += 1;
    const spec = appSpec(`app${n}`, app.origin, `/frame-other?path=${encodeURIComponent(path)}`, [...origins]);
    const refused = rig.next('navigation-refused', (e) => e.appId === spec.id);
    await rig.open(`p${n}`, spec);
    assert.equal((await refused).url, `${outside.origin}${SECRET}`, path);
  }
  assert.equal(outside.hits.length, before, 'no frame reached the outside server');
});

test('a download (Content-Disposition: attachment) is refused', async () => {
  const { page } = await openTab();
  const download = page.waitForEvent('download', { timeout: 10_000 });
  await page.evaluate(() => { location.href = '/report.pdf'; });
  const d = await download;
  assert.notEqual(await d.failure(), null, 'the download did not complete');
  await assert.rejects(d.path(), 'no file was written');
  assert.ok(rig.logs.some((l) => l.includes('download refused')), 'the refusal is logged');
});

test('the log names refused origins only, never their paths or queries', async () => {
  assert.ok(rig.logs.some((l) => l.includes('navigation refused') && l.includes(outside.origin)), 'refusals are logged with their origin');
  const leaked = rig.logs.filter((l) => l.includes('9434765919') || l.includes('oauth-code-xyz'));
  assert.deepEqual(leaked, []);
});

test('as root, the start-up log says Chromium runs without its sandbox', { skip: process.getuid?.() !== 0 }, () => {
  assert.ok(rig.logs.some((l) => l.includes('without their sandbox')));
});

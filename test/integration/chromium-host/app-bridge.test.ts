/**
 * Idle activity and hand-typed logins reach main only from a person at the keys in a tab's top
 * frame: never from the page's own script, a script-made event, or a frame of another origin.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { appSpec, html, serve, startRig, type Rig, type Server } from './rig.js';

let app: Server;
let other: Server;
let rig: Rig;

const LOGIN_FORM = `<form id="login" action="/signed-in" method="post">
  <input id="user" name="user" type="text"><input id="pw" name="pw" type="password"><button id="go">Sign in</button></form>`;

before(async () => {
  other = await serve((_req, res) => html(res, '<h1>embedded</h1>'), 'localhost');
  app = await serve((req, res) => {
    if (req.url === '/login') return html(res, LOGIN_FORM);
    if (req.url === '/forged-login') {
      // The page's own script tries every way to report credentials nobody typed.
      return html(res, `${LOGIN_FORM}<script>
        const f = document.getElementById('login');
        f.addEventListener('submit', (e) => e.preventDefault());
        document.getElementById('user').value = 'forged'; document.getElementById('pw').value = 'forged-pw';
        try { window.__lanyardLogin({ username: 'forged', password: 'forged-pw' }); } catch {}
        f.dispatchEvent(new Event('submit', { cancelable: true }));
        f.requestSubmit();
        document.title = 'forged';
      </script>`);
    }
    if (req.url === '/signed-in') return html(res, '<h1 id="in">signed in</h1>');
    if (req.url === '/plain') return html(res, '<h1>app</h1>');
    html(res, `<h1>app</h1><iframe id="f" src="${other.origin}/embedded"></iframe>`);
  });
  rig = await startRig();
});

after(async () => {
  await rig?.close();
  await Promise.all([app, other].map((s) => s?.close()));
});

/** Round trip through the page: whatever the page's earlier calls could send has been sent. */
const settle = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));

test('script calls and script-made events are no activity; a key press is, once', async () => {
  const page = await rig.open('keys', appSpec('keys', app.origin, '/', [other.origin]));
  const embedded = page.frames().find((f) => f.url().startsWith(other.origin));
  assert.ok(embedded, 'the cross-origin frame loaded');
  const forge = () => {
    const w = window as unknown as { __lanyardActivity?: () => void };
    try { w.__lanyardActivity?.(); } catch { /* not there */ }
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    window.dispatchEvent(new PointerEvent('pointerdown'));
  };
  await page.evaluate(forge);
  await embedded.evaluate(forge);
  await settle(page);
  await page.keyboard.press('a');
  await rig.next('activity', (e) => e.partition === 'keys');
  await settle(page);
  assert.equal(rig.events.filter((e) => e.type === 'activity' && e.partition === 'keys').length, 1);
});

test('mouse wheel and pointer movement count as activity', async () => {
  const wheel = await rig.open('wheel', appSpec('wheel', app.origin, '/plain'));
  await wheel.mouse.wheel(0, 120);
  await rig.next('activity', (e) => e.partition === 'wheel');
  const move = await rig.open('move', appSpec('move', app.origin, '/plain'));
  await move.mouse.move(100, 100);
  await move.mouse.move(300, 300, { steps: 5 });
  await rig.next('activity', (e) => e.partition === 'move');
});

test('a login the page forges is never reported; one typed by hand is, with the app\'s origin', async () => {
  const spec = appSpec('form', app.origin, '/forged-login');
  const page = await rig.open('form', spec);
  assert.equal(await page.title(), 'forged', 'the page ran its forgeries');
  await page.goto(`${app.origin}/login`);
  await page.fill('#user', 'asha.patel');
  await page.fill('#pw', 'typed-pw');
  await page.press('#pw', 'Enter');
  const login = await rig.next('manual-login', (e) => e.partition === 'form');
  assert.deepEqual({ user: login.username, password: login.password, origin: login.origin }, { user: 'asha.patel', password: 'typed-pw', origin: app.origin });
  await page.locator('#in').waitFor();
  assert.deepEqual(rig.events.filter((e) => e.type === 'manual-login').length, 1, 'only the typed login');
});

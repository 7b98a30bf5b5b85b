/**
 * The Electron tab preload's manual-login report, in real Chromium: the preload is bundled as the
 * product bundles it, with electron's ipcRenderer replaced by a recorder, and run before every
 * document. A submit the page forges (dispatchEvent, requestSubmit() on load) sends nothing; a
 * login typed by hand sends one report.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { chromiumCommandLine } from '../../../main/host/chromium/chromium-args.js';
import { html, serve, type Server } from './rig.js';

const FAKE_ELECTRON = `export const ipcRenderer = {
  on() {},
  send(channel, message) { (globalThis.__preloadSent ??= []).push({ channel, message }); },
};`;

let app: Server;
let browser: Browser;
let preload: string;

before(async () => {
  const bundled = await build({
    entryPoints: ['preload/tab.ts'], bundle: true, format: 'iife', platform: 'browser', write: false, logLevel: 'silent',
    plugins: [{ name: 'fake-electron', setup(b) {
      b.onResolve({ filter: /^electron$/ }, () => ({ path: 'electron', namespace: 'fake' }));
      b.onLoad({ filter: /.*/, namespace: 'fake' }, () => ({ contents: FAKE_ELECTRON, loader: 'js' }));
    } }],
  });
  preload = bundled.outputFiles[0]?.text ?? '';
  const form = '<form id="login"><input id="user" type="text"><input id="pw" type="password"><button>Sign in</button></form>';
  app = await serve((req, res) => {
    if (req.url === '/forged') {
      return html(res, `${form}<script>
        const f = document.getElementById('login');
        f.addEventListener('submit', (e) => e.preventDefault());
        document.getElementById('user').value = 'forged'; document.getElementById('pw').value = 'forged-pw';
        f.dispatchEvent(new Event('submit', { cancelable: true }));
        f.requestSubmit();
        document.title = 'forged';
      </script>`);
    }
    html(res, `${form}<script>document.getElementById('login').addEventListener('submit', (e) => e.preventDefault());</script>`);
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumCommandLine(process.getuid?.()).args, headless: true });
});

after(async () => {
  await browser?.close();
  await app?.close();
});

test('the tab preload reports a typed login only, never a forged submit', async () => {
  const page = await browser.newPage();
  await page.addInitScript(preload);
  await page.goto(`${app.origin}/forged`);
  assert.equal(await page.title(), 'forged');
  assert.deepEqual(await page.evaluate(() => (globalThis as { __preloadSent?: unknown[] }).__preloadSent ?? []), []);
  await page.goto(`${app.origin}/login`);
  await page.fill('#user', 'asha.patel');
  await page.fill('#pw', 'typed-pw');
  await page.press('#pw', 'Enter');
  const sent = await page.waitForFunction(() => (globalThis as { __preloadSent?: unknown[] }).__preloadSent, undefined, { timeout: 10_000 });
  assert.deepEqual(await sent.jsonValue(), [{ channel: 'lanyard-tab:manual-login', message: { username: 'asha.patel', password: 'typed-pw' } }]);
  await page.close();
});

/**
 * The Host contract (test/contract/host-contract.ts) against the real Chromium host: headless
 * system Chromium, the contract's site served on loopback by this test (the app on 127.0.0.1,
 * the outside origin on localhost, another site). Page-side effects are done in the page, input
 * through Chromium's input pipeline (CDP Input events, trusted like a person's).
 */
import type { Page } from 'playwright-core';
import { ChromiumHost } from '../../../main/host/chromium/chromium-host.js';
import { consoleLog } from '../../../main/app/console-log.js';
import { rendererDir } from '../../../main/app/paths.js';
import { hostContract, type Subject, type TabDriver } from '../../contract/host-contract.js';
import { html, serve } from './rig.js';

async function start(): Promise<Subject> {
  const outside = await serve((_req, res) => html(res, '<h1>outside</h1>'), 'localhost');
  const app = await serve((req, res, origin) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/redirect') { res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }); return void res.end(); }
    if (url.pathname === '/script-redirect') return html(res, `<script>location.replace('${origin}/landed')</script><p>signing you in</p>`);
    if (url.pathname === '/login') {
      return html(res, `<form onsubmit="event.preventDefault()"><input id="u" autocomplete="username"><input id="p" type="password"><button id="go">Sign in</button></form>`);
    }
    if (url.pathname === '/download') {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="discharge.pdf"' });
      return void res.end('%PDF-1.4 discharge summary');
    }
    html(res, `<h1>app ${url.pathname}</h1><input id="note">`);
  });
  const lines: string[] = [];
  const host = new ChromiumHost({ headless: true, rendererDir: rendererDir(), log: consoleLog('contract', 'debug', (line) => { lines.push(line); }) });
  await host.openShell(async () => undefined);

  const tab = (partition: string, appId: string): TabDriver => {
    // The host may replace a tab's page (a crashed one is reopened): ask for it every time.
    const page = (): Page => {
      const p = host.appPage(partition, appId);
      if (!p) throw new Error(`no tab ${partition}/${appId}`);
      return p;
    };
    const quick = { force: true, timeout: 5000 } as const;
    return {
      url: async () => page().url(),
      type: async (text) => { await page().locator('#note').fill(text, quick); },
      typed: async () => page().locator('#note').inputValue({ timeout: 5000 }),
      setStorage: async (value) => { await page().evaluate((v) => localStorage.setItem('draft', v), value); },
      getStorage: async () => page().evaluate(() => localStorage.getItem('draft')),
      input: async (kind) => {
        const p = page();
        if (kind === 'key') await p.keyboard.press('a');
        else if (kind === 'pointer') await p.mouse.click(20, 20);
        else await p.mouse.wheel(0, 200);
      },
      navigate: async (kind, url) => {
        const p = page();
        if (kind === 'link') await p.evaluate((u) => { location.href = u; }, url);
        else if (kind === 'server-redirect') await p.evaluate((u) => { location.href = `/redirect?to=${encodeURIComponent(u)}`; }, url);
        else if (kind === 'popup') {
          // A person clicks a target=_blank link (a popup without a gesture may be blocked outright).
          await p.evaluate((u) => {
            document.getElementById('popup')?.remove();
            const a = Object.assign(document.createElement('a'), { id: 'popup', href: u, target: '_blank', textContent: 'open' });
            document.body.prepend(a);
          }, url);
          await p.locator('#popup').click({ force: true, timeout: 5000 });
        }
        else {
          // Resolves once the frame has loaded whatever it was allowed (an error page if refused).
          await p.evaluate((u) => new Promise<void>((resolve) => {
            const frame = document.createElement('iframe');
            frame.onload = () => resolve();
            frame.onerror = () => resolve();
            frame.src = u;
            document.body.append(frame);
          }), url);
        }
      },
      crash: async () => {
        const cdp = await page().context().newCDPSession(page());
        // Not awaited: the answer never comes, the renderer is gone (the contract waits for app-crashed).
        void cdp.send('Page.crash').catch(() => undefined);
      },
      download: async () => {
        const p = page();
        const started = p.waitForEvent('download', { timeout: 10_000 });
        await p.evaluate(() => {
          const a = document.createElement('a');
          a.href = '/download';
          a.download = '';
          document.body.append(a);
          a.click();
        });
        const download = await started;
        return (await download.failure()) === null ? 'saved' : 'refused';
      },
      formValues: async () => ({
        username: await page().locator('#u').inputValue({ timeout: 5000 }),
        password: await page().locator('#p').inputValue({ timeout: 5000 }),
      }),
    };
  };
  return {
    host,
    site: { app: app.origin, outside: outside.origin },
    tab,
    shown: async () => host.visibleApp(),
    async close() {
      // CONTRACT_LOG=1: the host's log, to see why a case failed.
      if (process.env['CONTRACT_LOG']) process.stderr.write(`${lines.join('\n')}\n`);
      await host.close();
      await Promise.all([app.close(), outside.close()]);
    },
  };
}

hostContract('Chromium host', start);

/**
 * Run inside `xvfb-run -s "-fbdir DIR"` by ui-real-window.test.ts: demo Lanyard in a real window,
 * signed in by a real X click on the demo panel and the keyboard, with the screen as a person sees
 * it (the X framebuffer, browser chrome and all) written as PNGs into OUT after each step.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { ChromiumHost } from '../../main/host/chromium/chromium-host.js';
import { startLanyard } from '../../main/app/start.js';
import { consoleLog } from '../../main/app/console-log.js';
import { rendererDir } from '../../main/app/paths.js';
import { framebufferPng, xClick, xTopWindows } from './ui-x11.js';

const [fbDir, out] = [process.argv[2]!, process.argv[3]!];
const dataDir = await mkdtemp(join(tmpdir(), 'lanyard-window-'));
const log = consoleLog('window', 'warn', (line) => process.stderr.write(line));
const host = new ChromiumHost({ headless: false, rendererDir: rendererDir(), log });
const runtime = await startLanyard({ host, argv: [], dataDir, log, forceDemo: true });
if (!runtime) throw new Error('Lanyard did not start');
const shell = host.shellPage();
const settle = () => new Promise((r) => setTimeout(r, 700)); // paint reaches the framebuffer
const snap = async (name: string) => { await settle(); await framebufferPng(join(fbDir, 'Xvfb_screen0'), join(out, `window-${name}.png`)); };
const card = runtime.demo!.cards.cards[0]!;

await shell.locator('[data-screen="locked"]').waitFor();
await snap('locked');
const tap = await shell.getByRole('button', { name: `Tap ${card.label}` }).boundingBox();
xClick(tap!.x + tap!.width / 2, tap!.y + tap!.height / 2); // the shell's content starts at the top of the screen
await shell.locator('[data-screen="pin"]').waitFor();
await shell.keyboard.type(card.pin);
await shell.keyboard.press('Enter');
await shell.locator('[data-screen="choose-role"]').waitFor();
await shell.keyboard.press('Enter');
await shell.locator('[data-screen="active"]').waitFor();
await shell.waitForFunction(() => [...document.querySelectorAll('[role=tab]')].every((t) => t.getAttribute('data-loaded') === 'true'));
await snap('active');
const who = await shell.locator('.who').boundingBox();
xClick(who!.x + 5, who!.y + 5); // a click on the bar that is not a tab
await snap('active-after-bar-click');
const view = host.visibleApp();
// Browser chrome, measured in each page: a window's outer height less its page's height.
const chromeOf = (page: Page) => page.evaluate(() => window.outerHeight - window.innerHeight);
const appIds = await shell.locator('[role=tab]').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('data-app') ?? ''));
const pages: Record<string, number> = { shell: await chromeOf(shell) };
for (const id of appIds) {
  const page = view && host.appPage(view.partition, id);
  pages[id] = page ? await chromeOf(page) : -1;
}
// What X itself has mapped on the screen's area: the shell's bar and the app on screen, nothing else.
const mapped = xTopWindows().filter((w) => w.width > 10 && w.height > 10 && w.x + w.width > 0 && w.x < 1366 && w.y + w.height > 0 && w.y < 768);
// The control: an ordinary Chromium window on the same display does show chrome by this measure.
// The shell's bar page fits its window: no scrollbar in the bar (content taller than its window).
const shellOverflow = await shell.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
const ordinary = await chromium.launch({ headless: false, executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
const ordinaryChrome = await chromeOf(await ordinary.newPage());
await ordinary.close();
process.stdout.write(`${JSON.stringify({ visible: view ?? null, pages, mapped, ordinaryChrome, shellOverflow })}\n`);
await runtime.stop();
await host.close();
await rm(dataDir, { recursive: true, force: true });

/**
 * A person closing a process's launcher window (a window manager's close on the minimised window),
 * or its renderer crashing, never stops Lanyard opening app windows there: new tabs still open, in
 * the shell's process and in a user's.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { LAUNCHER_URL, type AppModeBrowser } from '../../../main/host/chromium/app-mode-browser.js';
import { appSpec, html, serve, startRig, type Rig, type Server } from './rig.js';

let app: Server;
let rig: Rig;

before(async () => {
  app = await serve((req, res) => html(res, `<h1 id="where">${req.url ?? ''}</h1>`));
  rig = await startRig();
});

after(async () => {
  await rig?.close();
  await app?.close();
});

const replaced = () => rig.logs.filter((line) => line.includes('a new launcher window replaced the closed one')).length;

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(condition(), `timed out waiting for ${what}`);
}

const launcherOf = (page: Page): Page => {
  const launcher = page.context().pages().find((p) => p.url() === LAUNCHER_URL);
  assert.ok(launcher, 'the process has its launcher');
  return launcher;
};

test('after a person closes the launcher window, the user\'s process still opens app tabs (and the shell\'s its shell)', async () => {
  const first = await rig.open('closed', appSpec('one', app.origin, '/one'));
  await launcherOf(first).close();
  await rig.host.openApp('closed', appSpec('two', app.origin, '/two'));
  const second = rig.host.appPage('closed', 'two');
  assert.equal(await second?.locator('#where').textContent(), '/two');
  assert.ok(rig.logs.some((line) => line.includes('the launcher window closed')), 'the lost launcher is logged');
  await until(() => replaced() === 1, 'a new launcher');
  assert.equal(first.context().pages().filter((p) => p.url() === 'about:blank').length, 1, 'the new launcher, an inert about:blank window, is kept');

  // The shell's process: its launcher closed, then (once a new launcher has replaced it) the shell
  // page closed from the browser, which the host reopens at once.
  const shell = rig.host.shellPage();
  await launcherOf(shell).close();
  await until(() => replaced() === 2, 'a second new launcher');
  await shell.close();
  await until(() => rig.host.shellPage() !== shell, 'the shell page to reopen');
  assert.notEqual(rig.host.shellPage(), shell, `a new shell page opened: ${rig.logs.filter((l) => /launcher|shell page/.test(l)).join('')}`);
  await rig.host.shellPage().waitForURL(/index\.html$/);
});

test('after the launcher\'s renderer crashes, app tabs still open', async () => {
  const first = await rig.open('crashed', appSpec('one', app.origin, '/one'));
  const launcher = launcherOf(first);
  const crashed = new Promise((resolve) => launcher.once('crash', resolve));
  const cdp = await first.context().newCDPSession(launcher);
  await cdp.send('Page.crash').catch(() => undefined); // the renderer dies before it answers
  await crashed;
  await rig.host.openApp('crashed', appSpec('two', app.origin, '/two'));
  assert.equal(await rig.host.appPage('crashed', 'two')?.locator('#where').textContent(), '/two');
});

test('a spare process whose only window, its launcher, was closed is replaced: the next user\'s tabs open', async () => {
  await rig.open('warm', appSpec('one', app.origin, '/one')); // a spare is started after each partition
  // The host keeps no public handle on its spare (it holds nobody's data): the test reaches in.
  const spare = await (rig.host as unknown as { partitions: { spare?: Promise<AppModeBrowser> } }).partitions.spare;
  assert.ok(spare, 'a spare process runs');
  const pages = spare.context.pages();
  assert.deepEqual(pages.map((p) => p.url()), [LAUNCHER_URL], 'the spare has one window, its launcher');
  await pages[0]!.close();
  const page = await rig.open('after-spare', appSpec('two', app.origin, '/two'));
  assert.equal(await page.locator('#where').textContent(), '/two');
  assert.ok(rig.logs.some((line) => line.includes('the spare browser lost its only window')));
});

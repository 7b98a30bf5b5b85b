/**
 * The shell's screens as a person meets them, at a ward PC's 1366x768 and at 200 % zoom: nothing
 * off-screen, clipped, covered or overlapping, axe-core clean, and a screenshot of each (ui-check.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChromiumHost } from '../../main/host/chromium/chromium-host.js';
import { startLanyard } from '../../main/app/start.js';
import { consoleLog } from '../../main/app/console-log.js';
import { rendererDir } from '../../main/app/paths.js';
import { LEGACY_DEMO_ACCOUNTS } from '../../main/idp/demo-apps/form-app.js';
import { signInWithDemoCard, waitForAllTabsLoaded, withDemoLanyard } from '../fixtures/lanyard.js';
import { shellLayoutFor } from '../../main/host/chromium/shell-layout.js';
import { INFO_MESSAGE_MS } from '../../renderer/components/Message.js';
import { axeSource } from './ui-axe.js';
import { check } from './ui-check.js';

test('every shell screen fits 1366x768 and reflows at 200 % zoom with nothing off-screen, covered or overlapping', async (t) => {
  await withDemoLanyard(t, async (app) => {
    const problems: string[] = [];
    const [asha, sam] = app.runtime.demo!.cards.cards;
    await app.screen('locked');
    problems.push(...await check(app, 'locked'));

    await app.shell.getByRole('button', { name: `Tap ${asha!.label}` }).click();
    await app.screen('pin');
    assert.match(await app.shell.locator('h1').textContent() ?? '', /^Dr Asha Patel — enter your card PIN$/, 'the PIN pad says whose card was read');
    problems.push(...await check(app, 'pin'));

    // A wrong PIN, twice: one line says it (with the tries left), and Sign in stays on screen.
    for (const left of [2, 1]) {
      await app.shell.locator('#pin-input').fill('999999');
      await app.shell.getByRole('button', { name: 'Sign in' }).click();
      await app.shell.getByRole('alert').filter({ hasText: new RegExp(`${left} tr(y|ies) left`) }).waitFor();
      assert.equal(await app.shell.getByText(/tr(y|ies) left/).count(), 1, `the tries left are said once (${left})`);
    }
    problems.push(...await check(app, 'pin-one-try-left'));

    await app.shell.locator('#pin-input').fill(asha!.pin);
    await app.shell.getByRole('button', { name: 'Sign in' }).click();
    await app.screen('choose-role');
    const role = app.shell.locator('button.role').first();
    assert.match(await role.textContent() ?? '', /Opens /, 'each role says what it opens');
    problems.push(...await check(app, 'choose-role'));

    await role.click();
    await app.screen('active');
    await waitForAllTabsLoaded(app.shell, app);
    const bar = app.shell.locator('header.topbar');
    assert.equal(await bar.getAttribute('aria-keyshortcuts'), 'F6', 'the bar advertises F6 to assistive technology');
    assert.match(await bar.getAttribute('title') ?? '', /F6/, 'and to a person pointing at it');
    // CSS ellipsis never shows in textContent: the role name is whole when its box holds all of it.
    const roleLabel = await app.shell.locator('.role-label').evaluate((el) => ({ text: el.textContent, scroll: el.scrollWidth, client: el.clientWidth }));
    assert.ok(roleLabel.scroll <= roleLabel.client, `the role name is whole: ${JSON.stringify(roleLabel)}`);
    problems.push(...await check(app, 'active'));

    await app.shell.getByRole('button', { name: 'Lock' }).click();
    await app.screen('locked');
    assert.match(await app.shell.locator('h1').textContent() ?? '', /Take your card out and tap it again/, 'the card is still in after Lock');
    problems.push(...await check(app, 'locked-suspended'));

    app.runtime.demo!.cards.readers.remove(asha!.id);
    await app.shell.getByRole('button', { name: `Tap ${sam!.label}` }).click();
    await app.screen('pin');
    problems.push(...await check(app, 'pin-second-user'));
    assert.deepEqual(problems, []);
  });
});

test('the Remember offer, the "not your account" refusal and a message fit under the bar at both sizes, nothing cut or covered', async (t) => {
  await withDemoLanyard(t, async (app) => {
    const problems: string[] = [];
    await signInWithDemoCard(app, 1);
    await waitForAllTabsLoaded(app.shell, app);
    const legacy = app.runtime.policy.apps.find((a) => a.signIn === 'form')!;
    await app.shell.getByRole('tab', { name: legacy.name }).click();
    const page = app.host.appPage(app.host.visibleApp()!.partition, legacy.id)!;
    const signIn = async (name: string) => {
      const account = LEGACY_DEMO_ACCOUNTS.find((a) => a.name === name)!;
      await page.locator('#username').waitFor();
      await page.locator('#username').fill(account.username);
      await page.locator('#password').fill(account.password);
      await page.locator('#sign-in').click();
      await page.locator('#user-name').waitFor();
    };
    await signIn('Sam Jones');
    await app.shell.getByRole('button', { name: 'Not now' }).waitFor();
    problems.push(...await check(app, 'offer'));
    await app.shell.getByRole('button', { name: 'Not now' }).click();
    await app.shell.locator('.offer').waitFor({ state: 'detached' });

    await page.locator('#sign-out').click();
    await signIn('Dr Asha Patel');
    await app.shell.getByRole('alert').filter({ hasText: 'not your account' }).waitFor();
    problems.push(...await check(app, 'refused'));
    assert.deepEqual(problems, []);
  });
  await withDemoLanyard(t, async (app) => {
    await signInWithDemoCard(app, 0);
    await waitForAllTabsLoaded(app.shell, app);
    await app.shell.getByRole('button', { name: 'Enrol key' }).click();
    const enrolled = app.shell.locator('.bar-message').filter({ hasText: 'enrolled' });
    await enrolled.waitFor();
    assert.deepEqual(await check(app, 'message'), []);
    assert.equal(shellLayoutFor(app.host.currentView()!), 'bar-message', 'the message is shown under the bar');
    // An info message goes by itself; the shell's window is then the bar alone, the app right below it.
    await enrolled.waitFor({ state: 'detached', timeout: INFO_MESSAGE_MS + 4000 });
    assert.equal(app.host.currentView()!.message, undefined, 'main dropped it, not only the page');
    assert.equal(shellLayoutFor(app.host.currentView()!), 'bar');

    // Dismiss is a button the keyboard reaches (Tab from the bar's last control), and clears at once.
    await app.shell.getByRole('button', { name: 'Remove keys' }).click();
    const removed = app.shell.locator('.bar-message').filter({ hasText: 'removed' });
    await removed.waitFor();
    const shownAt = Date.now();
    await app.shell.getByRole('button', { name: 'Log out' }).focus();
    const dismiss = app.shell.getByRole('button', { name: 'Dismiss' });
    const focused = () => dismiss.evaluate((el) => el === document.activeElement);
    for (let i = 0; i < 5 && !(await focused()); i++) await app.shell.keyboard.press('Tab');
    assert.ok(await focused(), 'Tab reaches Dismiss');
    await app.shell.keyboard.press('Enter');
    await removed.waitFor({ state: 'detached' });
    assert.ok(Date.now() - shownAt < INFO_MESSAGE_MS, 'gone on Dismiss, before its time was up');
    assert.equal(shellLayoutFor(app.host.currentView()!), 'bar', 'the app area is again exactly below the bar');
  });
});

test('axe-core is there, so every screen above was checked against WCAG 2.2 A/AA', async () => {
  assert.ok(await axeSource(), 'axe-core is a devDependency: run npm ci');
});

test('a policy that cannot be used shows IT\'s screen, not a black window', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lanyard-ui-'));
  const file = join(dir, 'policy.json');
  await writeFile(file, '{ "version": 1, ');
  const host = new ChromiumHost({ headless: true, rendererDir: rendererDir(), log: consoleLog('ui', 'error', () => undefined) });
  try {
    const runtime = await startLanyard({ host, argv: ['--policy', file], dataDir: dir, log: consoleLog('ui', 'error', () => undefined) });
    assert.equal(runtime, null);
    const shell = host.shellPage();
    await shell.locator('[data-screen="fatal"]').waitFor();
    assert.equal(await shell.locator('h1').textContent(), 'This PC\'s Lanyard settings are wrong — call the IT service desk');
    assert.doesNotMatch(await shell.locator('.fatal').textContent() ?? '', /has been told|IT knows|reported/, 'nothing is sent to IT, so the screen never says it was');
    assert.match(await shell.locator('.detail').textContent() ?? '', /policy\.json/, 'the detail for IT names the file');
    assert.deepEqual(await check({ shell }, 'fatal'), []);
  } finally {
    await host.close();
    await rm(dir, { recursive: true, force: true });
  }
});

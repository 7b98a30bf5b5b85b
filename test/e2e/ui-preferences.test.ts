/**
 * Preferences in the real shell (demo, Chromium host): a text size chosen in the top bar's Display
 * settings is kept for the user's next sign-in and never shown on the lock screen; a setting that
 * policy fixes is disabled and says "set by your organisation".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { signInWithDemoCard, withDemoLanyard, type RunningLanyard } from '../fixtures/lanyard.js';

const rootFontSize = (shell: Page) => shell.evaluate(() => getComputedStyle(document.documentElement).fontSize);
const rootClasses = (shell: Page) => shell.evaluate(() => document.documentElement.className);

async function logOut(app: RunningLanyard): Promise<void> {
  await app.shell.getByRole('button', { name: 'Log out' }).click();
  await app.screen('locked');
  const pull = app.shell.getByRole('button', { name: /^Pull / });
  if (await pull.count()) await pull.first().click();
}

test('text size: Larger in Display settings, log out (lock screen at normal size), sign in again: still larger', async (t) => {
  await withDemoLanyard(t, async (app) => {
    const { shell } = app;
    const normal = await rootFontSize(shell);
    await signInWithDemoCard(app, 0);
    await shell.getByTestId('display-button').click();
    const larger = shell.getByRole('radio', { name: 'Larger' });
    await larger.click();
    await shell.waitForFunction(() => document.documentElement.classList.contains('text-larger'));
    assert.equal(await larger.getAttribute('aria-checked'), 'true');
    assert.ok(parseFloat(await rootFontSize(shell)) > parseFloat(normal), 'the text is bigger');
    await shell.getByRole('button', { name: 'Done' }).click();

    await logOut(app);
    assert.equal(await rootClasses(shell), '', 'the lock screen is the station\'s own');
    assert.equal(await rootFontSize(shell), normal);

    await signInWithDemoCard(app, 0);
    await shell.waitForFunction(() => document.documentElement.classList.contains('text-larger'));
    await shell.getByTestId('display-button').click();
    assert.equal(await shell.getByRole('radio', { name: 'Larger' }).getAttribute('aria-checked'), 'true');
  });
});

test('a setting policy fixes is disabled, says "set by your organisation", and is applied', async (t) => {
  await withDemoLanyard(t, async (app) => {
    const { shell } = app;
    // As if IT's policy had `preferences.highContrast: true` (the demo builds its own policy).
    app.runtime.policy.preferences.highContrast = true;
    await signInWithDemoCard(app, 0);
    await shell.waitForFunction(() => document.documentElement.classList.contains('high-contrast'));
    await shell.getByTestId('display-button').click();
    const contrast = shell.getByTestId('high-contrast');
    assert.equal(await contrast.isDisabled(), true);
    assert.equal(await contrast.getAttribute('aria-pressed'), 'true');
    assert.equal((await shell.getByTestId('fixed-highContrast').textContent())?.trim(), 'set by your organisation');
    assert.equal(await shell.getByRole('radio', { name: 'Large', exact: true }).isDisabled(), false, 'what policy leaves free stays free');
    // Main refuses it too, whatever the page sends.
    await shell.evaluate(() => (window as unknown as { lanyard: { send(c: unknown): Promise<void> } }).lanyard.send({ type: 'set-preference', name: 'highContrast', value: false }));
    await shell.getByText(/set by your organisation and cannot be changed/).waitFor();
    assert.match(await rootClasses(shell), /high-contrast/);
  });
});

test('the role chosen last has focus on the next role picker; Ctrl+Shift+Right on a focused tab moves it and keeps focus', async (t) => {
  await withDemoLanyard(t, async (app) => {
    const { shell } = app;
    await signInWithDemoCard(app, 0, 1);
    const chosen = (await shell.locator('.role-label').textContent())?.replace(/^,\s*/, '');
    await logOut(app);
    const card = app.runtime.demo!.cards.cards[0]!;
    await shell.getByRole('button', { name: `Tap ${card.label}` }).click();
    await app.screen('pin');
    await shell.locator('#pin-input').fill(card.pin);
    await shell.getByRole('button', { name: 'Sign in' }).click();
    await app.screen('choose-role');
    await shell.waitForFunction(() => document.activeElement?.hasAttribute('data-last-chosen') === true);
    assert.equal(await shell.locator('button.role').nth(1).getAttribute('data-last-chosen'), 'true');
    assert.match(await shell.evaluate(() => document.activeElement?.textContent ?? ''), new RegExp(`^${chosen ?? 'no role shown'}Last used`));
    await shell.keyboard.press('Enter');
    await app.screen('active');
    const before = await shell.locator('[role=tab]').evaluateAll((tabs) => tabs.map((x) => x.getAttribute('data-app')));
    await shell.locator(`[role=tab][data-app="${before[0]}"]`).focus();
    await shell.keyboard.press('Control+Shift+ArrowRight');
    await shell.waitForFunction((id) => document.querySelectorAll('[role=tab]')[1]?.getAttribute('data-app') === id, before[0]);
    assert.equal(await shell.evaluate(() => document.activeElement?.getAttribute('data-app')), before[0]);
  });
});

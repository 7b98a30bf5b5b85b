/**
 * The shell by keyboard alone, as a clinician who cannot or will not use a mouse: every step is a
 * key press on the focused element (no clicks, no locators driving the UI), and each screen must
 * put focus where the next key press belongs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { waitForAllTabsLoaded, withDemoLanyard, type RunningLanyard } from '../fixtures/lanyard.js';

/** The accessible text of the focused element, and the screen it is on. */
async function focused(shell: Page): Promise<string> {
  return shell.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el && el !== document.body ? `${el.tagName.toLowerCase()}:${(el.getAttribute('aria-label') ?? el.textContent?.trim()) || el.id}` : 'nothing';
  });
}

async function waitForFocus(shell: Page, pattern: RegExp): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (pattern.test(await focused(shell))) return;
    await shell.waitForTimeout(20);
  }
  assert.fail(`focus should match ${pattern}, is ${await focused(shell)}`);
}

/** Presses Tab until the focused element matches (at most 30 times): what a keyboard user does. */
async function tabTo(shell: Page, pattern: RegExp): Promise<void> {
  for (let i = 0; i < 30; i++) {
    if (pattern.test(await focused(shell))) return;
    await shell.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${pattern}; focus is on ${await focused(shell)}`);
}

/** The host shows the chosen app a moment after the shell marks its tab. */
async function waitForVisibleApp(app: RunningLanyard, appId: string | null | undefined): Promise<void> {
  for (let i = 0; i < 200 && app.host.visibleApp()?.appId !== appId; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(app.host.visibleApp()?.appId, appId);
}

const selectedTab = (shell: Page) => shell.locator('[role=tab][aria-selected=true]').getAttribute('data-app');

async function typePin(app: RunningLanyard, pin: string): Promise<void> {
  await app.screen('pin');
  await waitForFocus(app.shell, /^input:pin-input$/);
  await app.shell.keyboard.type(pin);
  await app.shell.keyboard.press('Enter');
}

test('keyboard only: tap → PIN → role → tabs → F6 → Ctrl+Alt+L inside an app → resume → log out, with Escape backing out', async (t) => {
  await withDemoLanyard(t, async (app) => {
    const { shell } = app;
    const asha = app.runtime.demo!.cards.cards[0]!;
    await app.screen('locked');
    await waitForFocus(shell, new RegExp(`^button:Tap ${asha.label}$`));
    await shell.keyboard.press('Enter');

    // Escape on the PIN pad cancels; the card is still in, so the same button now pulls it.
    await app.screen('pin');
    await waitForFocus(shell, /^input:pin-input$/);
    await shell.keyboard.press('Escape');
    await app.screen('locked');
    await waitForFocus(shell, new RegExp(`^button:Pull ${asha.label}$`));
    await shell.keyboard.press('Enter');
    await waitForFocus(shell, new RegExp(`^button:Tap ${asha.label}$`));
    await shell.keyboard.press('Enter');

    await typePin(app, asha.pin);
    await app.screen('choose-role');
    await waitForFocus(shell, /^button:Clinical Practitioner Access Role/);
    await shell.keyboard.press('Escape'); // the role picker backs out too
    await app.screen('locked');
    await waitForFocus(shell, new RegExp(`^button:Pull ${asha.label}$`));
    await shell.keyboard.press('Enter');
    await waitForFocus(shell, new RegExp(`^button:Tap ${asha.label}$`));
    await shell.keyboard.press('Enter');
    await typePin(app, asha.pin);
    await app.screen('choose-role');
    await waitForFocus(shell, /^button:Clinical Practitioner Access Role/);
    await shell.keyboard.press('Enter');

    // The app tabs: one tab stop on the selected tab, arrows/Home/End move and select.
    await app.screen('active');
    await waitForAllTabsLoaded(shell, app);
    const ids = await shell.locator('[role=tab]').evaluateAll((tabs) => tabs.map((x) => x.getAttribute('data-app')));
    assert.ok(ids.length >= 3, `tabs: ${ids.join(',')}`);
    await waitForFocus(shell, /^button:Patient Record$/);
    assert.equal(await shell.locator('[role=tab][tabindex="0"]').count(), 1, 'one tab stop in the tab list');
    assert.equal(await shell.locator('[role=tab]').first().getAttribute('aria-controls'), 'app-panel');
    assert.equal(await shell.locator('#app-panel[role=tabpanel]').getAttribute('aria-labelledby'), `tab-${ids[0]}`);
    await shell.keyboard.press('ArrowRight');
    await shell.waitForFunction((id) => document.querySelector('[role=tab][aria-selected=true]')?.getAttribute('data-app') === id, ids[1]);
    await waitForVisibleApp(app, ids[1]); // ArrowRight shows the next app
    await shell.keyboard.press('End');
    await shell.waitForFunction((id) => document.querySelector('[role=tab][aria-selected=true]')?.getAttribute('data-app') === id, ids.at(-1));
    await shell.keyboard.press('Home');
    await shell.waitForFunction((id) => document.querySelector('[role=tab][aria-selected=true]')?.getAttribute('data-app') === id, ids[0]);
    await shell.keyboard.press('ArrowLeft'); // wraps round
    await shell.waitForFunction((id) => document.querySelector('[role=tab][aria-selected=true]')?.getAttribute('data-app') === id, ids.at(-1));
    await shell.keyboard.press('Home');
    await shell.waitForFunction((id) => document.querySelector('[role=tab][aria-selected=true]')?.getAttribute('data-app') === id, ids[0]);
    assert.equal(await selectedTab(shell), ids[0]);
    await waitForVisibleApp(app, ids[0]);

    // F6 moves between the bar and the app: from the app it lands on the selected tab.
    const { partition, appId } = app.host.visibleApp()!;
    const page = app.host.appPage(partition, appId)!;
    await page.locator('textarea').first().focus();
    await page.keyboard.type('BP 120/80');
    await shell.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('F6');
    await waitForFocus(shell, /^button:Patient Record$/);
    await shell.keyboard.press('F6');
    await waitForFocus(shell, /^nothing$/); // the bar lets go; the host focused the app's window
    assert.equal(await page.locator('textarea').first().inputValue(), 'BP 120/80', 'F6 reaches the page as nothing but a focus move');

    // Ctrl+Alt+L while typing in the app itself locks the station, and it is announced.
    await page.locator('textarea').first().focus();
    await page.keyboard.press('Control+Alt+KeyL');
    await app.screen('locked');
    assert.equal(app.host.visibleApp(), undefined);
    await shell.getByTestId('announcer').filter({ hasText: /^Locked\. Dr Asha Patel's apps are kept/ }).waitFor();

    // Resume by keyboard: pull and tap the same card (within the PIN grace, no PIN).
    await waitForFocus(shell, new RegExp(`^button:Pull ${asha.label}$`));
    await shell.keyboard.press('Enter');
    await waitForFocus(shell, new RegExp(`^button:Tap ${asha.label}$`));
    await shell.keyboard.press('Enter');
    await app.screen('active');
    assert.equal(await page.locator('textarea').first().inputValue(), 'BP 120/80');

    // Log out is reachable by Tab from the tabs, and announced.
    await waitForFocus(shell, /^button:Patient Record$/);
    await tabTo(shell, /^button:Log out$/);
    await shell.keyboard.press('Enter');
    await app.screen('locked');
    await shell.getByTestId('announcer').filter({ hasText: /^Logged out\./ }).waitFor();
    assert.match(await shell.getByTestId('confirmation').textContent() ?? '', /^Logged out\./, 'and shown on the lock screen');
    assert.equal(await shell.locator('.suspended').count(), 0);
  });
});

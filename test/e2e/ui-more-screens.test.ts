/**
 * The shell's passing screens and states, checked like ui.test.ts's (axe-core, 1366x768, 200 % zoom):
 * Display settings, signing in, the wait on the provider's key page and the idle countdown in the
 * bar. Each is reached by its real flow; a screen that real work leaves within milliseconds
 * (signing in) is held on the page as main drew it: the host's later views wait until it is checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChromiumHost } from '../../main/host/chromium/chromium-host.js';
import type { ShellView } from '../../main/core/shell-view.js';
import { signInWithDemoCard, waitForAllTabsLoaded, withDemoLanyard } from '../fixtures/lanyard.js';
import { check } from './ui-check.js';
import { startIdleStation } from './ui-idle-station.js';
import { startKeyPageStation } from './ui-key-page-station.js';

/** From now until release(), the first view of `screen` the host draws stays on the page. */
function holdOn(host: ChromiumHost, screen: ShellView['screen']): { reached: Promise<void>; release(): void } {
  const render = host.render.bind(host);
  let holding = false; let later: ShellView | undefined; let seen: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => { seen = resolve; });
  host.render = (view) => {
    if (holding) { later = view; return; }
    render(view);
    if (view.screen === screen) { holding = true; seen(); }
  };
  return { reached, release() { host.render = render; if (later) render(later); } };
}

test('Display settings, with a setting policy fixes, in their own row under the bar: fit both sizes and pass axe', async (t) => {
  await withDemoLanyard(t, async (app) => {
    app.runtime.policy.preferences.highContrast = true; // as if IT's policy fixed it: the note shows
    await signInWithDemoCard(app, 0);
    await waitForAllTabsLoaded(app.shell, app);
    await app.shell.getByTestId('display-button').click();
    await app.shell.getByTestId('fixed-highContrast').waitFor();
    assert.deepEqual(await check(app, 'display-settings'), []);
  });
});

// todo: with Larger text (25 px) the bar itself no longer fits 1366 px: the last tab and the
// person's name and role are cut (the settings row fits). The bar needs a larger-text layout.
test('Larger text: the bar and the Display settings row fit both sizes', { todo: 'the bar is cut with Larger text' }, async (t) => {
  await withDemoLanyard(t, async (app) => {
    await signInWithDemoCard(app, 0);
    await waitForAllTabsLoaded(app.shell, app);
    await app.shell.getByTestId('display-button').click();
    await app.shell.getByRole('radio', { name: 'Larger' }).click();
    await app.shell.waitForFunction(() => document.documentElement.classList.contains('text-larger'));
    assert.deepEqual(await check(app, 'display-settings-larger'), []);
  });
});

test('signing in (after the PIN, and after the role) fits both sizes and passes axe', async (t) => {
  await withDemoLanyard(t, async (app) => {
    const card = app.runtime.demo!.cards.cards[0]!; // Dr Patel: two roles
    await app.shell.getByRole('button', { name: `Tap ${card.label}` }).click();
    await app.screen('pin');
    let held = holdOn(app.host, 'signing-in');
    await app.shell.locator('#pin-input').fill(card.pin);
    await app.shell.getByRole('button', { name: 'Sign in' }).click();
    await held.reached;
    await app.screen('signing-in');
    assert.equal(await app.shell.locator('h1').textContent(), 'Signing you in…');
    const problems = await check(app, 'signing-in');
    held.release();
    await app.screen('choose-role');
    held = holdOn(app.host, 'signing-in');
    await app.shell.locator('button.role').first().click();
    await held.reached;
    await app.screen('signing-in');
    problems.push(...await check(app, 'signing-in-role'));
    held.release();
    await app.screen('active');
    assert.deepEqual(problems, []);
  });
});

test('the wait while the provider\'s key page is open fits both sizes and passes axe; Cancel leaves it', async () => {
  const station = await startKeyPageStation();
  try {
    const shell = station.host.shellPage();
    await shell.locator('[data-screen="locked"]').waitFor();
    await shell.getByRole('button', { name: 'Sign in with your security key' }).click();
    await shell.getByRole('heading', { name: /Sign in on your organisation/ }).waitFor();
    assert.deepEqual(await check({ shell }, 'key-page-wait'), []);
    await shell.getByRole('button', { name: 'Cancel' }).click();
    await shell.locator('[data-screen="locked"]').waitFor();
  } finally {
    await station.stop();
  }
});

test('the idle countdown in the bar fits both sizes, nothing cut, and passes axe', { timeout: 90_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lanyard-ui-idle-'));
  const app = await startIdleStation(dir);
  try {
    await app.screen('locked');
    await signInWithDemoCard(app, 1); // Sam Jones: one role
    await waitForAllTabsLoaded(app.shell, app);
    const warning = app.shell.getByRole('alert').filter({ hasText: /Locking in \d+ s/ });
    await warning.waitFor({ timeout: 10_000 });
    assert.deepEqual(await check(app, 'idle-warning'), []);
    assert.equal(await warning.count(), 1, 'still counting down when checked');
  } finally {
    await app.stop();
    await rm(dir, { recursive: true, force: true });
  }
});

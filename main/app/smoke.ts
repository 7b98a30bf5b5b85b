/**
 * `npm run smoke`: the product end to end, headless, in demo mode, driven through its own UI like a
 * person would: tap a demo card, type the PIN, pick a role, wait for every app tab, pull the card,
 * see the lock screen. Prints one JSON line of step timings; exits 0 only if every step was seen.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Log } from '../core/ports/log.js';
import { ChromiumHost } from '../host/chromium/chromium-host.js';
import { startLanyard } from './start.js';
import { rendererDir } from './paths.js';

const STEP_TIMEOUT = 30_000;

export async function runSmoke(log: Log): Promise<number> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lanyard-smoke-'));
  const host = new ChromiumHost({ headless: true, rendererDir: rendererDir(), log: log.child('host') });
  const timings: Record<string, number> = {};
  let step = 'start';
  const t0 = performance.now();
  let last = t0;
  const mark = (name: string) => { const now = performance.now(); timings[name] = Math.round(now - last); last = now; };
  const runtime = await startLanyard({ host, argv: [], dataDir, log, forceDemo: true });
  try {
    if (!runtime?.demo) throw new Error('demo mode did not start');
    const shell = host.shellPage();
    const screen = (name: string) => shell.locator(`[data-screen="${name}"]`).waitFor({ timeout: STEP_TIMEOUT });
    await screen('locked');
    mark('lock-screen');
    step = 'tap';
    const card = runtime.demo.cards.cards[0]!;
    await shell.getByRole('button', { name: `Tap ${card.label}` }).click();
    await screen('pin');
    mark('tap-to-pin-pad');
    step = 'pin';
    await shell.locator('#pin-input').fill(card.pin);
    await shell.getByRole('button', { name: 'Sign in' }).click();
    await shell.locator('[data-screen="choose-role"], [data-screen="active"]').first().waitFor({ timeout: STEP_TIMEOUT });
    mark('pin-to-signed-in');
    step = 'role';
    if (await shell.locator('[data-screen="choose-role"]').count()) {
      await shell.locator('button.role').first().click();
      await screen('active');
    }
    mark('role-to-active');
    step = 'apps';
    await shell.locator('[role=tab]').first().waitFor({ timeout: STEP_TIMEOUT });
    await shell.waitForFunction(() => {
      const tabs = [...document.querySelectorAll('[role=tab]')];
      return tabs.length > 0 && tabs.every((t) => t.getAttribute('data-loaded') === 'true');
    }, undefined, { timeout: STEP_TIMEOUT });
    const user = (await shell.getByTestId('current-user').textContent())?.trim() ?? '';
    const tabs = await shell.locator('[role=tab]').count();
    mark('all-apps-loaded');
    step = 'pull';
    await shell.getByRole('button', { name: 'Pull demo card' }).click();
    await screen('locked');
    mark('pull-to-locked');
    process.stdout.write(`${JSON.stringify({ ok: true, user, tabs, stepsMs: timings, totalMs: Math.round(performance.now() - t0) })}\n`);
    return 0;
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ ok: false, failedAt: step, error: String(error), stepsMs: timings })}\n`);
    return 1;
  } finally {
    await runtime?.stop();
    await host.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * The idle lock end to end, in real time: the real shell in Chromium, the demo identity provider,
 * apps and cards, and the station controller on the system clock. The policy is the demo policy with
 * the shortest idle timeout policy allows (30 s) and a 28 s warning, so the countdown starts 2 s after
 * the last input. The station is composed by composeStation, as start.ts does, with that policy.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ChromiumHost } from '../../main/host/chromium/chromium-host.js';
import { composeStation } from '../../main/app/compose.js';
import { consoleLog } from '../../main/app/console-log.js';
import { systemClock } from '../../main/app/system-clock.js';
import { startDemo } from '../../main/app/demo.js';
import { rendererDir } from '../../main/app/paths.js';
import { validatePolicy } from '../../main/core/policy/validate.js';
import type { AuditEvent } from '../../main/core/ports/audit.js';
import { signInWithDemoCard, waitForAllTabsLoaded, type RunningLanyard } from '../fixtures/lanyard.js';

const IDLE_TIMEOUT_S = 30; // the policy minimum
const IDLE_WARNING_S = 28;

interface Lanyard extends RunningLanyard { audit: AuditEvent[] }

async function startIdleLanyard(): Promise<Lanyard> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lanyard-idle-'));
  const logs: string[] = [];
  const log = consoleLog('lanyard', 'debug', (line) => { logs.push(line); });
  const demo = await startDemo(log.child('demo'));
  const checked = validatePolicy({
    ...demo.policy, session: { ...demo.policy.session, idleTimeoutSeconds: IDLE_TIMEOUT_S, idleWarningSeconds: IDLE_WARNING_S },
  });
  if (!checked.ok) throw new Error(`idle policy invalid: ${JSON.stringify(checked.problems)}`);
  const policy = checked.policy;
  const host = new ChromiumHost({ headless: true, rendererDir: rendererDir(), log: log.child('host') });
  const audit: AuditEvent[] = [];
  const station = await composeStation({
    policy, host, log, dataDir, demo, clock: systemClock,
    audit: { record: (event) => { audit.push(event); }, close: async () => undefined },
  });
  const controller = station.controller;
  await controller.start();
  const shell = host.shellPage();
  const runtime = { mode: 'demo' as const, policy, controller, demo, async stop() { await station.stop(); await demo.close(); } };
  return {
    host, runtime, shell, dataDir, logs, audit,
    screen: (name, timeout = 20_000) => shell.locator(`[data-screen="${name}"]`).waitFor({ timeout }),
    async stop(failedTest) {
      if (failedTest) { // keep what the shell showed and the log, like the shared e2e fixture
        const dir = join('test-results', failedTest.replace(/[^a-z0-9]+/gi, '-'));
        await mkdir(dir, { recursive: true });
        await shell.screenshot({ path: join(dir, 'shell.png') }).catch(() => undefined);
        await writeFile(join(dir, 'lanyard.log'), logs.join(''));
      }
      await runtime.stop().catch(() => undefined);
      await host.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

interface Frame { t: number; screen: string | null; warning: string | null }

/** Records, in the shell page, every change of screen or idle warning with its time (epoch ms).
 * A string, not a function: tsx would wrap named inner functions in a helper the page lacks. */
const RECORDER = `(() => {
  const frames = [];
  window.__idleFrames = frames;
  const look = () => {
    const screen = document.querySelector('[data-screen]')?.getAttribute('data-screen') ?? null;
    const warning = document.querySelector('.idle-warning[role=alert]')?.textContent ?? null;
    const last = frames.at(-1);
    if (!last || last.screen !== screen || last.warning !== warning) frames.push({ t: performance.timeOrigin + performance.now(), screen, warning });
  };
  look();
  new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
})()`;

async function recordShell(shell: Page): Promise<() => Promise<Frame[]>> {
  await shell.evaluate(RECORDER);
  return () => shell.evaluate(() => (window as unknown as { __idleFrames: Frame[] }).__idleFrames);
}

/** Waits until the recorder saw the active screen without a countdown at or after `since`. */
async function cancelledSince(shell: Page, since: number): Promise<void> {
  await shell.waitForFunction((t) => (window as unknown as { __idleFrames: Frame[] }).__idleFrames
    .some((f) => f.t >= t && f.screen === 'active' && f.warning === null), since, { timeout: 10_000 });
}

const secondsIn = (warning: string | null) => Number(/Locking in (\d+) s/.exec(warning ?? '')?.[1] ?? NaN);

async function signedIn(app: Lanyard): Promise<{ partition: string; appId: string }> {
  await app.screen('locked');
  await signInWithDemoCard(app, 1); // Sam Jones: one role, no picker
  await waitForAllTabsLoaded(app.shell, app);
  const front = app.host.visibleApp();
  assert.ok(front, 'an app is on screen');
  return front;
}

const stopAfter = (t: TestContext, app: Lanyard, failed: boolean) => app.stop(failed ? t.name : undefined);

const countdownIn = (app: Lanyard) => app.shell.getByRole('alert').filter({ hasText: /Locking in \d+ s/ });
const UNTIL_WARNING_MS = (IDLE_TIMEOUT_S - IDLE_WARNING_S + 5) * 1000;

test('idle lock: the countdown warns first, a key press cancels it, and with no input the station locks', { timeout: 90_000 }, async (t) => {
  const app = await startIdleLanyard();
  let failed = true;
  try {
    const front = await signedIn(app);
    const frames = await recordShell(app.shell);
    const warning = countdownIn(app);

    // 1. No input: the warning appears in the top bar while the apps are still on screen.
    await warning.waitFor({ timeout: UNTIL_WARNING_MS });
    // ceil() of the time left: the first tick may read one more than the warning period.
    assert.ok(secondsIn(await warning.textContent()) <= IDLE_WARNING_S + 1, await warning.textContent() ?? '');
    assert.equal(await app.shell.locator('[data-screen="active"]').count(), 1, 'the warning comes before the lock');
    assert.ok(app.host.visibleApp(), 'apps stay on screen during the countdown');

    // 2. A key press cancels it (here in the shell window). The recorder sees the warning go even if
    // a loaded machine is slower than the 2 s until the next countdown starts.
    await app.shell.keyboard.press('Shift');
    const lastInput = Date.now();
    await cancelledSince(app.shell, lastInput - 50);

    // 3. No more input: warning, countdown, then the lock, a full timeout after the last key press.
    await app.screen('locked', (IDLE_TIMEOUT_S + 10) * 1000);
    const lockedAt = Date.now();
    const afterInput = (await frames()).filter((f) => f.t >= lastInput - 50);
    const cancelled = afterInput.findIndex((f) => f.screen === 'active' && f.warning === null);
    const lockFrame = afterInput.findIndex((f) => f.screen === 'locked');
    assert.ok(cancelled >= 0 && lockFrame > cancelled, 'the warning went away, then the station locked');
    const countdown = afterInput.slice(cancelled, lockFrame).map((f) => secondsIn(f.warning)).filter((n) => !Number.isNaN(n));
    assert.ok(countdown.length >= IDLE_WARNING_S - 2, `the countdown ticked every second: ${countdown.join(',')}`);
    assert.deepEqual(countdown, [...countdown].sort((a, b) => b - a), 'the countdown only goes down');
    assert.ok((countdown.at(-1) ?? 99) <= 2, `the countdown reached the end: ${countdown.join(',')}`);
    const idleMs = afterInput[lockFrame]!.t - lastInput;
    assert.ok(idleMs >= IDLE_TIMEOUT_S * 1000 - 250 && idleMs <= IDLE_TIMEOUT_S * 1000 + 3_000,
      `locked ${Math.round(idleMs)} ms after the last key press (timeout ${IDLE_TIMEOUT_S} s)`);
    assert.ok(lockedAt - lastInput < (IDLE_TIMEOUT_S + 5) * 1000);

    // 4. Locked means suspended, not ended: apps hidden, the user listed, their work kept.
    assert.equal(app.host.visibleApp(), undefined, 'no app may be visible on a locked station');
    assert.match(await app.shell.locator('.suspended').textContent() ?? '', /S\.J\./);
    assert.equal(await warning.count(), 0, 'no countdown on the lock screen');
    assert.ok(app.host.appPage(front.partition, front.appId), 'the suspended session keeps its tabs');
    assert.ok((await app.host.cookies(front.partition)).length > 0, 'the suspended session keeps its sign-in');
    const events = app.audit.map((e) => `${e.event}${e.reason ? `:${e.reason}` : ''}`);
    assert.ok(events.includes('idle-timeout:idle'), `audit: ${events.join(' ')}`);
    assert.ok(app.audit.filter((e) => e.event === 'idle-timeout').every((e) => e.role && e.method === 'smartcard'), 'the idle line names the session\'s role and method');
    assert.ok(!events.some((e) => /^(session-ended|logout)/.test(e)), `audit: ${events.join(' ')}`);
    failed = false;
  } finally {
    await stopAfter(t, app, failed);
  }
});

// The clinician is typing in an app, not in the shell: that input must count too (the app bridge
// script in each partition reports it).
test('idle lock: a key press in the app tab cancels the countdown', { timeout: 60_000 }, async (t) => {
  const app = await startIdleLanyard();
  let failed = true;
  try {
    const front = await signedIn(app);
    await recordShell(app.shell);
    await countdownIn(app).waitFor({ timeout: UNTIL_WARNING_MS });
    await app.host.appPage(front.partition, front.appId)!.keyboard.press('Shift');
    await cancelledSince(app.shell, Date.now() - 50);
    assert.equal(await app.shell.locator('[data-screen="active"]').count(), 1);
    assert.deepEqual(app.host.visibleApp(), front, 'the app stays on screen');
    failed = false;
  } finally {
    await stopAfter(t, app, failed);
  }
});

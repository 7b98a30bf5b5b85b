/**
 * Station attempts (issue 9 "Measure"), on the real shell in headless Chromium with the reference
 * provider, demo apps and software cards:
 *   - card pulled while a sign-in waits on a slow provider (300 ms and 3 s) → lock screen: it must
 *     not wait for the provider;
 *   - PIN submitted → every app ready, beside the same apps' own reload time once signed in
 *     (Lanyard's overhead over the apps themselves, as a ratio);
 *   - the randomized station model's speed (sequences and steps per second) against fake ports.
 * Page times are stamped in the shell page by a MutationObserver and moved to Node's clock.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ChromiumHost } from '../../main/host/chromium/chromium-host.js';
import { composeStation } from '../../main/app/compose.js';
import { startDemo } from '../../main/app/demo.js';
import { consoleLog } from '../../main/app/console-log.js';
import { systemClock } from '../../main/app/system-clock.js';
import { rendererDir } from '../../main/app/paths.js';
import type { IdentityGateway } from '../../main/app/sign-in-types.js';
import { makeRig, rigCards } from '../fixtures/station/rig.js';
import { Model, stepArb } from '../fixtures/station/model.js';
import fc from 'fast-check';
import { distribution } from './stats.js';

const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const REPEATS = Number(process.env['LANYARD_BENCH_REPEATS'] ?? 8);

/** Stamps each change of [data-screen] in the shell page (a string: tsx would wrap a function). */
const RECORDER = `(() => {
  const marks = []; window.__screens = marks; let last = null;
  const look = () => { const s = document.querySelector('[data-screen]')?.getAttribute('data-screen') ?? null;
    if (s !== last) { marks.push({ t: performance.timeOrigin + performance.now(), screen: s }); last = s; } };
  new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true }); look();
})()`;

async function offsetOf(shell: Page): Promise<number> {
  let best = { offset: 0, spread: Infinity };
  for (let i = 0; i < 15; i++) {
    const before = now();
    const page = await shell.evaluate('performance.timeOrigin + performance.now()') as number;
    const after = now();
    if (after - before < best.spread) best = { offset: page - (before + after) / 2, spread: after - before };
  }
  return best.offset;
}

async function startStation(delay: { ms: number }) {
  const log = consoleLog('bench', 'error');
  const demo = await startDemo(log);
  const host = new ChromiumHost({ headless: true, rendererDir: rendererDir(), log });
  const dataDir = await mkdtemp(join(tmpdir(), 'lanyard-bench-'));
  const slow = (client: IdentityGateway): IdentityGateway => ({
    beginSmartcardSignIn: async () => {
      const signIn = await client.beginSmartcardSignIn();
      return { challenge: signIn.challenge, complete: async (proof) => { await sleep(delay.ms); return signIn.complete(proof); } };
    },
    beginFidoSignIn: () => client.beginFidoSignIn(),
  });
  const station = await composeStation({ policy: demo.policy, host, log, dataDir, demo, clock: systemClock, identity: slow,
    audit: { record: () => undefined, close: async () => undefined } });
  await station.controller.start();
  const shell = host.shellPage();
  await shell.locator('[data-screen="locked"]').waitFor();
  await shell.evaluate(RECORDER);
  const offset = await offsetOf(shell);
  const screenSince = async (since: number, screen: string) => {
    await shell.locator(`[data-screen="${screen}"]`).waitFor({ timeout: 30_000 });
    const marks = await shell.evaluate('window.__screens.slice()') as { t: number; screen: string }[];
    const mark = marks.find((m) => m.t - offset >= since && m.screen === screen);
    if (!mark) throw new Error(`bench: no ${screen} screen recorded`);
    return mark.t - offset;
  };
  return {
    demo, host, shell, station, screenSince,
    async close() { await station.stop(); await host.close(); await demo.close(); await rm(dataDir, { recursive: true, force: true }); },
  };
}

type Station = Awaited<ReturnType<typeof startStation>>;

async function typePin(s: Station, pin: string): Promise<number> {
  await s.shell.locator('[data-screen="pin"]').waitFor();
  await s.shell.locator('#pin-input').fill(pin);
  const submitted = now();
  await s.shell.locator('#pin-input').press('Enter');
  return submitted;
}

async function allTabsReady(shell: Page): Promise<void> {
  await shell.waitForFunction(() => {
    const tabs = [...document.querySelectorAll('[role=tab]')];
    return tabs.length > 0 && tabs.every((t) => t.getAttribute('data-loaded') === 'true');
  }, undefined, { timeout: 30_000 });
}

/** Pull 50 ms into the provider's wait: removal → lock screen, and no session left behind. */
async function pullDuringSignIn(providerMs: number): Promise<Record<string, unknown>> {
  const delay = { ms: providerMs };
  const s = await startStation(delay);
  const samples: number[] = [];
  try {
    const card = s.demo.cards.cards[1]!; // one role: the provider's answer would sign them straight in
    for (let i = 0; i < REPEATS; i++) {
      s.demo.cards.readers.insert(card.id);
      await typePin(s, card.pin);
      await s.shell.locator('[data-screen="signing-in"]').waitFor();
      await sleep(50);
      const removed = now();
      s.demo.cards.readers.remove(card.id);
      samples.push(await s.screenSince(removed, 'locked') - removed);
      await sleep(providerMs + 200); // the provider answers meanwhile: nothing may come of it
      if (s.station.controller.station.front() || s.station.controller.station.suspended().length) throw new Error('bench: a session was left behind');
    }
  } finally {
    await s.close();
  }
  return { providerMs, removedToLockScreenMs: distribution(samples) };
}

async function overheadOverApps(): Promise<Record<string, unknown>> {
  const s = await startStation({ ms: 0 });
  const signIn: number[] = [];
  const reload: number[] = [];
  try {
    const card = s.demo.cards.cards[1]!;
    for (let i = 0; i < REPEATS; i++) {
      s.demo.cards.readers.insert(card.id);
      const submitted = await typePin(s, card.pin);
      await allTabsReady(s.shell);
      signIn.push(now() - submitted);
      const front = s.station.controller.station.front()!;
      const pages = s.demo.policy.apps.flatMap((a) => s.host.appPage(front.id, a.id) ?? []);
      const started = now();
      await Promise.all(pages.map((p) => p.reload({ waitUntil: 'load' })));
      reload.push(now() - started);
      await s.shell.getByRole('button', { name: /Log out/ }).click();
      await s.shell.locator('[data-screen="locked"]').waitFor();
      s.demo.cards.readers.remove(card.id);
      await sleep(100);
    }
  } finally {
    await s.close();
  }
  const a = distribution(signIn);
  const b = distribution(reload);
  return { pinSubmittedToAllAppsReadyMs: a, sameAppsReloadSignedInMs: b, overheadRatioP50: Math.round((a.p50 / b.p50) * 100) / 100 };
}

async function modelSpeed(): Promise<Record<string, unknown>> {
  await rigCards();
  const seqPerSec: number[] = [];
  const stepsPerSec: number[] = [];
  for (let r = 0; r < 5; r++) {
    let steps = 0;
    const started = performance.now();
    await fc.assert(fc.asyncProperty(fc.array(stepArb, { minLength: 5, maxLength: 40, size: 'max' }), async (walk) => {
      const rig = await makeRig({ resumeWith: 'any-method', suspendedTimeoutSeconds: 600, maxSuspendedUsers: 2 });
      const model = new Model(rig);
      for (const step of walk) await model.apply(step);
      steps += model.steps;
      await rig.stop();
    }), { numRuns: 200, seed: 1000 + r });
    const seconds = (performance.now() - started) / 1000;
    seqPerSec.push(200 / seconds);
    stepsPerSec.push(steps / seconds);
  }
  return { sequencesPerSecond: distribution(seqPerSec), stepsPerSecond: distribution(stepsPerSec) };
}

export async function run(): Promise<Record<string, unknown>> {
  return {
    pullDuringSlowSignIn: [await pullDuringSignIn(300), await pullDuringSignIn(3000)],
    overheadOverApps: await overheadOverApps(),
    randomizedModel: await modelSpeed(),
  };
}

/**
 * Station benchmarks (issue 5 "Measure"): card pulled → lock screen, same card → session resumed,
 * another user's tap → PIN → all their apps ready (by step), and memory / Chromium processes with
 * 1, 3 and 10 suspended users. The real shell in headless Chromium, the reference identity provider
 * and demo apps on loopback, software PIV cards through the real PIV code path.
 *
 * Measured from the outside: the card is pulled/tapped on the software reader with a Node timestamp;
 * the shell page stamps each change of [data-screen] (and all tabs loaded) with a MutationObserver;
 * ChromiumHost.showApp/hideApps are wrapped on the instance to stamp when apps are shown/hidden.
 * Page and Node clocks are aligned by a round-trip calibration (offset reported).
 *
 * The demo has two users with cards and one person has one session, so the memory part starts its
 * own station with generated demo-like users (same CA scheme, same apps, one clinical role each)
 * and a policy that keeps up to 20 suspended users.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ChromiumHost } from '../../main/host/chromium/chromium-host.js';
import { tmpdir } from 'node:os';
import { composeStation } from '../../main/app/compose.js';
import { consoleLog } from '../../main/app/console-log.js';
import { systemClock } from '../../main/app/system-clock.js';
import { createDemoCards, type DemoCard, type DemoCards } from '../../main/app/demo-cards.js';
import { rendererDir } from '../../main/app/paths.js';
import { parseDirectory } from '../../main/idp/directory.js';
import { startDemoEnvironment } from '../../main/idp/demo-environment.js';
import { validatePolicy } from '../../main/core/policy/validate.js';
import type { AuditEvent } from '../../main/core/ports/audit.js';
import { distribution, type Distribution } from './stats.js';

const LOCK_RUNS = 30;
const SWITCH_RUNS = 20;
const WARMUP = 2;
const SUSPENDED_LEVELS = 10;
const LOCK_RUNS_AT_10 = 20;

/** Epoch milliseconds with sub-millisecond resolution, comparable with the page's own. */
const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// A station: the same parts start.ts composes, with a generated directory and a bench policy.

interface BenchStation {
  host: ChromiumHost;
  shell: Page;
  cards: DemoCards;
  audit: AuditEvent[];
  keychain: 'os keychain' | 'memory';
  /** When ChromiumHost finished showing an app / hiding all apps (Node epoch ms). */
  hostMarks: { t: number; what: 'app-shown' | 'apps-hidden' }[];
  logs: string[];
  close(): Promise<void>;
}

function benchUsers(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const userId = `5559${String(i + 1).padStart(8, '0')}`;
    return {
      userId, name: `Dr Bench User ${i + 1}`,
      roles: [{ roleId: `${userId}-01`, orgCode: 'RLD', roleCode: 'R8000', roleName: 'Clinical Practitioner Access Role' }],
    };
  });
}

async function startBenchStation(userCount: number): Promise<BenchStation> {
  const logs: string[] = [];
  const log = consoleLog('bench', 'warn', (line) => { logs.push(line); });
  const users = benchUsers(userCount);
  const directory = parseDirectory({ organisations: [{ code: 'RLD', name: 'Lanyard Demo Hospital NHS Trust' }], users });
  const cards = await createDemoCards(users.map((u) => ({ userId: u.userId, name: u.name })));
  const env = await startDemoEnvironment({ directory, trustedCaPems: [cards.ca.certificatePem], log: log.child('demo') });
  const checked = validatePolicy({
    version: 1, station: { name: 'Bench workstation' },
    identityProvider: { issuer: env.issuer, clientId: env.shellClient.clientId },
    trustedCardCAs: [cards.ca.certificatePem], authenticators: { smartcard: true, fido: false }, apps: env.apps,
    session: {
      pinGraceSeconds: 3600, idleTimeoutSeconds: 3600, idleWarningSeconds: 30,
      suspendedTimeoutSeconds: 3600, maxSuspendedUsers: 20, lockScreenShows: 'initials',
    },
  });
  if (!checked.ok) { await env.close(); throw new Error(`bench policy invalid: ${JSON.stringify(checked.problems)}`); }
  const policy = checked.policy;

  const host = new ChromiumHost({ headless: true, rendererDir: rendererDir(), log: log.child('host') });
  const hostMarks: BenchStation['hostMarks'] = [];
  const showApp = host.showApp.bind(host);
  const hideApps = host.hideApps.bind(host);
  host.showApp = async (partition, appId) => { await showApp(partition, appId); hostMarks.push({ t: now(), what: 'app-shown' }); };
  host.hideApps = async () => { await hideApps(); hostMarks.push({ t: now(), what: 'apps-hidden' }); };

  const audit: AuditEvent[] = [];
  const sink = { record: (event: AuditEvent) => { audit.push(event); } };
  const station = await composeStation({
    policy, host, log, dataDir: tmpdir(), clock: systemClock, readers: cards.readers,
    audit: { ...sink, close: async () => undefined },
  });
  const controller = station.controller;
  await controller.start();
  const shell = host.shellPage();
  await shell.locator('[data-screen="locked"]').waitFor({ timeout: 20_000 });
  await shell.evaluate(RECORDER);
  return {
    host, shell, cards, audit, hostMarks, logs, keychain: station.keychain,
    async close() {
      await station.stop().catch(() => undefined);
      await host.close().catch(() => undefined);
      await env.close().catch(() => undefined);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Timestamps in the shell page. A string, not a function: tsx would wrap named inner functions in a
// helper (`__name`) that the page does not have.

interface PageMark { t: number; kind: 'screen' | 'tabs-ready' | 'submit'; value?: string; frame?: number }

const RECORDER = `(() => {
  const marks = [];
  window.__benchMarks = marks;
  const stamp = () => performance.timeOrigin + performance.now();
  let lastScreen = null;
  let lastReady = false;
  const look = () => {
    const screen = document.querySelector('[data-screen]')?.getAttribute('data-screen') ?? null;
    const tabs = [...document.querySelectorAll('[role=tab]')];
    const ready = screen === 'active' && tabs.length > 0 && tabs.every((t) => t.getAttribute('data-loaded') === 'true');
    if (screen !== lastScreen) {
      const mark = { t: stamp(), kind: 'screen', value: screen };
      marks.push(mark);
      requestAnimationFrame(() => { mark.frame = stamp(); });
      lastScreen = screen;
    }
    if (ready && !lastReady) marks.push({ t: stamp(), kind: 'tabs-ready' });
    lastReady = ready;
  };
  document.addEventListener('submit', () => { marks.push({ t: stamp(), kind: 'submit' }); }, true);
  look();
  new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-screen', 'data-loaded'] });
})()`;

/** Page clock minus Node clock, from the quickest of several round trips. */
async function calibrate(shell: Page): Promise<{ offsetMs: number; uncertaintyMs: number }> {
  let best = { offsetMs: 0, uncertaintyMs: Infinity };
  for (let i = 0; i < 25; i++) {
    const before = now();
    const page = await shell.evaluate('performance.timeOrigin + performance.now()') as number;
    const after = now();
    if ((after - before) / 2 < best.uncertaintyMs) best = { offsetMs: page - (before + after) / 2, uncertaintyMs: (after - before) / 2 };
  }
  return { offsetMs: round(best.offsetMs), uncertaintyMs: round(best.uncertaintyMs) };
}

class Timeline {
  constructor(private readonly station: BenchStation, private readonly offsetMs: number) {}

  /** Forgets every mark so far (call right before the action being timed). */
  async reset(): Promise<void> {
    await this.station.shell.evaluate('window.__benchMarks.splice(0)');
    this.station.hostMarks.splice(0);
  }

  /** Marks since reset(), page times moved to the Node clock. */
  async read(): Promise<{ page: PageMark[]; host: BenchStation['hostMarks'] }> {
    await sleep(40); // lets the requestAnimationFrame stamps land
    const page = await this.station.shell.evaluate('window.__benchMarks.slice()') as PageMark[];
    return {
      page: page.map((m) => ({ ...m, t: m.t - this.offsetMs, ...(m.frame ? { frame: m.frame - this.offsetMs } : {}) })),
      host: [...this.station.hostMarks],
    };
  }
}

const screenAt = (marks: PageMark[], screen: string) => marks.find((m) => m.kind === 'screen' && m.value === screen);

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`bench: no ${what} recorded`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Driving the station like a person at the reader.

async function waitScreen(shell: Page, screen: string, timeout = 30_000): Promise<void> {
  await shell.locator(`[data-screen="${screen}"]`).waitFor({ timeout });
}

async function waitTabsReady(station: BenchStation): Promise<void> {
  await station.shell.waitForFunction(() => {
    const tabs = [...document.querySelectorAll('[role=tab]')];
    return tabs.length > 0 && tabs.every((t) => t.getAttribute('data-loaded') === 'true');
  }, undefined, { timeout: 30_000 });
  await appShown(station);
}

/** Waits until the host has finished bringing an app on screen (since the last Timeline.reset). */
async function appShown(station: BenchStation): Promise<void> {
  for (let i = 0; i < 1_000 && !station.hostMarks.some((m) => m.what === 'app-shown'); i++) await sleep(5);
  if (!station.host.visibleApp()) throw new Error('bench: no app came on screen');
}

/** Tap → PIN pad → PIN + Enter → all apps ready. Returns the step times (ms). */
async function signIn(station: BenchStation, timeline: Timeline, card: DemoCard): Promise<Record<string, number>> {
  await timeline.reset();
  const tapped = now();
  station.cards.readers.insert(card.id);
  await waitScreen(station.shell, 'pin');
  await station.shell.locator('#pin-input').fill(card.pin);
  await station.shell.locator('#pin-input').press('Enter');
  await waitTabsReady(station);
  const { page, host } = await timeline.read();
  const pinPad = required(screenAt(page, 'pin'), 'PIN pad').t;
  const submitted = required(page.find((m) => m.kind === 'submit'), 'PIN submit').t;
  const active = required(screenAt(page, 'active'), 'active screen').t;
  const firstApp = required(host.find((m) => m.what === 'app-shown'), 'app shown').t;
  const ready = required(page.find((m) => m.kind === 'tabs-ready'), 'tabs ready').t;
  return {
    tapToPinPad: pinPad - tapped,
    pinSubmitToActive: active - submitted,
    activeToFirstAppShown: firstApp - active,
    activeToAllAppsReady: ready - active,
    pinSubmitToAllAppsReady: ready - submitted,
    tapToAllAppsReadyWithoutPinTyping: (pinPad - tapped) + (ready - submitted),
  };
}

/** Pulls the card and waits for the lock screen; returns removal → lock screen (DOM, frame, apps hidden). */
async function pull(station: BenchStation, timeline: Timeline, card: DemoCard): Promise<Record<string, number>> {
  await timeline.reset();
  const removed = now();
  station.cards.readers.remove(card.id);
  await waitScreen(station.shell, 'locked');
  const { page, host } = await timeline.read();
  const locked = required(screenAt(page, 'locked'), 'lock screen');
  return {
    removedToAppsHidden: required(host.find((m) => m.what === 'apps-hidden'), 'apps hidden').t - removed,
    removedToLockScreenInDom: locked.t - removed,
    ...(locked.frame ? { removedToLockScreenFrame: locked.frame - removed } : {}),
  };
}

/** Taps the same card within the PIN grace; returns tap → app visible and tap → active screen. */
async function retap(station: BenchStation, timeline: Timeline, card: DemoCard): Promise<Record<string, number>> {
  await timeline.reset();
  const tapped = now();
  station.cards.readers.insert(card.id);
  await waitScreen(station.shell, 'active');
  await appShown(station);
  const { page, host } = await timeline.read();
  const active = required(screenAt(page, 'active'), 'active screen');
  return {
    tapToAppVisible: required(host.find((m) => m.what === 'app-shown'), 'app shown').t - tapped,
    tapToActiveScreenInDom: active.t - tapped,
    ...(active.frame ? { tapToActiveScreenFrame: active.frame - tapped } : {}),
  };
}

/** Collects named samples over runs and turns each into a distribution. */
class Samples {
  private readonly byName = new Map<string, number[]>();
  add(sample: Record<string, number>): void {
    for (const [name, ms] of Object.entries(sample)) this.byName.set(name, [...(this.byName.get(name) ?? []), ms]);
  }
  distributions(): Record<string, Distribution> {
    return Object.fromEntries([...this.byName].map(([name, ms]) => [name, distribution(ms)]));
  }
}

// ---------------------------------------------------------------------------------------------
// Memory: this Node process plus the Chromium process tree, from /proc.

interface ProcInfo { pid: number; ppid: number; comm: string }

function processes(): ProcInfo[] {
  const list: ProcInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      list.push({ pid: Number(entry), ppid, comm: stat.slice(stat.indexOf('(') + 1, close) });
    } catch { /* the process ended while we looked */ }
  }
  return list;
}

function descendants(root: number, all: ProcInfo[]): ProcInfo[] {
  const found: ProcInfo[] = [];
  let frontier = [root];
  while (frontier.length) {
    const next = all.filter((p) => frontier.includes(p.ppid));
    found.push(...next);
    frontier = next.map((p) => p.pid);
  }
  return found;
}

function kbField(file: string, field: string): number {
  try {
    const line = readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
    return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0);
  } catch {
    return 0;
  }
}

interface MemorySample {
  nodeRssMb: number; chromiumRssMb: number; chromiumPssMb: number; chromiumProcesses: number; totalRssMb: number;
  /** Chromium processes by --type= (browser, renderer, zygote, utility, gpu-process…). */
  chromiumByType: Record<string, number>;
}

function processType(pid: number): string {
  try {
    // Chromium rewrites its process title, so the arguments may be joined by spaces, not NULs.
    return /--type=([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
  } catch {
    return 'gone';
  }
}

function memoryNow(): MemorySample {
  const chromium = descendants(process.pid, processes()).filter((p) => /chrom/i.test(p.comm));
  const rssKb = chromium.reduce((sum, p) => sum + kbField(`/proc/${p.pid}/status`, 'VmRSS'), 0);
  const pssKb = chromium.reduce((sum, p) => sum + kbField(`/proc/${p.pid}/smaps_rollup`, 'Pss'), 0);
  const nodeRssMb = process.memoryUsage().rss / 2 ** 20;
  const chromiumByType: Record<string, number> = {};
  for (const p of chromium) { const type = processType(p.pid); chromiumByType[type] = (chromiumByType[type] ?? 0) + 1; }
  return {
    nodeRssMb: round(nodeRssMb), chromiumRssMb: round(rssKb / 1024), chromiumPssMb: round(pssKb / 1024),
    chromiumProcesses: chromium.length, totalRssMb: round(nodeRssMb + rssKb / 1024), chromiumByType,
  };
}

/** Median of a few samples once the station has settled (memory moves with GC and lazy work). */
async function memoryLevel(suspended: number): Promise<MemorySample & { suspended: number; samples: number }> {
  await sleep(1_500);
  const samples: MemorySample[] = [];
  for (let i = 0; i < 5; i++) { samples.push(memoryNow()); await sleep(200); }
  const median = (pick: (s: MemorySample) => number) => [...samples.map(pick)].sort((a, b) => a - b)[2]!;
  return {
    suspended, samples: samples.length,
    nodeRssMb: median((s) => s.nodeRssMb), chromiumRssMb: median((s) => s.chromiumRssMb),
    chromiumPssMb: median((s) => s.chromiumPssMb), chromiumProcesses: median((s) => s.chromiumProcesses),
    totalRssMb: median((s) => s.totalRssMb), chromiumByType: samples.at(-1)!.chromiumByType,
  };
}

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return round(sxy / sxx);
}

const round = (x: number) => Math.round(x * 100) / 100;

// ---------------------------------------------------------------------------------------------

/** Lock / resume and the second user's tap, on a station with two users. */
async function latencies(): Promise<Record<string, unknown>> {
  const station = await startBenchStation(2);
  try {
    const clock = await calibrate(station.shell);
    const timeline = new Timeline(station, clock.offsetMs);
    const [a, b] = station.cards.cards as [DemoCard, DemoCard];
    await signIn(station, timeline, a);

    const lock = new Samples();
    const resume = new Samples();
    for (let i = 0; i < WARMUP + LOCK_RUNS; i++) {
      const pulled = await pull(station, timeline, a);
      const back = await retap(station, timeline, a);
      if (i >= WARMUP) { lock.add(pulled); resume.add(back); }
    }

    // B taps while A works: A is suspended, B signs in; B logs out and A taps back in for the next run.
    const tapToReady = new Samples();
    for (let i = 0; i < 1 + SWITCH_RUNS; i++) {
      const steps = await signIn(station, timeline, b);
      if (i >= 1) tapToReady.add(steps);
      await station.shell.getByRole('button', { name: 'Log out' }).click();
      await waitScreen(station.shell, 'locked');
      await retap(station, timeline, a);
    }
    return {
      clock, keychain: station.keychain,
      cardRemovedToLockScreen: lock.distributions(),
      sameCardRetapToResumed: resume.distributions(),
      secondUserTapToAppsReady: tapToReady.distributions(),
    };
  } finally {
    await station.close();
  }
}

/** Memory and processes with 0..10 suspended users, tap-to-ready as users pile up, lock/resume at 10. */
async function scaling(): Promise<Record<string, unknown>> {
  const station = await startBenchStation(SUSPENDED_LEVELS);
  try {
    const clock = await calibrate(station.shell);
    const timeline = new Timeline(station, clock.offsetMs);
    const levels = [await memoryLevel(0)];
    const tapToReadyBySuspended: { suspended: number; tapToAllAppsReadyWithoutPinTyping: number }[] = [];
    for (const [i, card] of station.cards.cards.entries()) {
      const steps = await signIn(station, timeline, card);
      tapToReadyBySuspended.push({ suspended: i, tapToAllAppsReadyWithoutPinTyping: round(steps['tapToAllAppsReadyWithoutPinTyping']!) });
      await pull(station, timeline, card);
      levels.push(await memoryLevel(i + 1));
    }
    const suspendedNow = station.shell.locator('.suspended');
    const listed = (await suspendedNow.textContent()) ?? '';

    const last = station.cards.cards.at(-1)!;
    const lock = new Samples();
    const resume = new Samples();
    for (let i = 0; i < WARMUP + LOCK_RUNS_AT_10; i++) {
      const back = await retap(station, timeline, last);
      const pulled = await pull(station, timeline, last);
      if (i >= WARMUP) { lock.add(pulled); resume.add(back); }
    }

    const from1 = levels.filter((l) => l.suspended >= 1);
    const at = (n: number) => levels.find((l) => l.suspended === n)!;
    return {
      clock,
      lockScreenListsSuspended: listed,
      memory: levels,
      growthPerSuspendedUser: {
        totalRssMb: slope(from1.map((l) => [l.suspended, l.totalRssMb])),
        chromiumRssMb: slope(from1.map((l) => [l.suspended, l.chromiumRssMb])),
        chromiumPssMb: slope(from1.map((l) => [l.suspended, l.chromiumPssMb])),
        nodeRssMb: slope(from1.map((l) => [l.suspended, l.nodeRssMb])),
        chromiumProcesses: slope(from1.map((l) => [l.suspended, l.chromiumProcesses])),
        totalRssRatio10to1: round(at(10).totalRssMb / at(1).totalRssMb),
        chromiumPssRatio10to1: round(at(10).chromiumPssMb / at(1).chromiumPssMb),
      },
      tapToReadyBySuspended,
      with10Suspended: { cardRemovedToLockScreen: lock.distributions(), sameCardRetapToResumed: resume.distributions() },
    };
  } finally {
    await station.close();
  }
}

/** `npm run bench` does not build: in a fresh clone the shell UI must be bundled first. */
function ensureShellBuilt(): void {
  if (existsSync(join(rendererDir(), 'index.html'))) return;
  const built = spawnSync(process.execPath, ['scripts/bundle.mjs'], { cwd: join(rendererDir(), '..', '..'), stdio: 'inherit' });
  if (built.status !== 0) throw new Error('bench: could not build the shell UI (node scripts/bundle.mjs)');
}

export async function run(): Promise<Record<string, unknown>> {
  ensureShellBuilt();
  const started = now();
  const twoUsers = await latencies();
  const tenUsers = await scaling();
  return { unit: 'ms (times), MiB (memory)', wallSeconds: round((now() - started) / 1000), twoUsers, tenUsers };
}

/**
 * A shared ward PC with a smartcard policy, end to end on real parts: pcscd with the vpcd driver,
 * two virtual PIV cards in its readers, the reference identity provider and apps, gnome-keyring,
 * the shell in Chromium. Time for the station (grace, suspended timeout) is a fake clock the test
 * moves, so "an hour later" takes no time.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChromiumHost } from '../../main/host/chromium/chromium-host.js';
import { startLanyard, type LanyardRuntime } from '../../main/app/start.js';
import { consoleLog } from '../../main/app/console-log.js';
import { rendererDir } from '../../main/app/paths.js';
import { createCardCa } from '../../main/auth/smartcard/virtual/card-pki.js';
import { createVirtualCard } from '../../main/auth/smartcard/virtual/create-virtual-card.js';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/idp/demo-environment.js';
import { ensurePcscd, type Pcscd } from '../fixtures/pcscd.js';
import { insertCard, type VpcdCard } from '../fixtures/vpcd-card.js';
import { FakeClock } from '../fixtures/fake-clock.js';
import { waitForAllTabsLoaded, type RunningLanyard } from '../fixtures/lanyard.js';

const PIN = '246810';
const ASHA = { userId: '555000000001', name: 'Dr Asha Patel' };
const SAM = { userId: '555000000002', name: 'Sam Jones' };
const SUSPENDED_TIMEOUT_S = 900;

let pcscd: Pcscd;
let env: DemoEnvironment;
let dir: string;
let app: RunningLanyard;
let runtime: LanyardRuntime;
const clock = new FakeClock();
const cards: { asha?: VpcdCard; sam?: VpcdCard } = {};
const logs: string[] = [];
let made: { asha: Awaited<ReturnType<typeof createVirtualCard>>; sam: Awaited<ReturnType<typeof createVirtualCard>> };

before(async () => {
  pcscd = await ensurePcscd();
  const ca = await createCardCa({ name: 'Ward test card CA' });
  env = await startDemoEnvironment({ trustedCaPems: [ca.certificatePem] });
  made = {
    asha: await createVirtualCard({ ca, holder: ASHA, pin: PIN }),
    sam: await createVirtualCard({ ca, holder: SAM, pin: PIN, algorithm: 'rsa2048' }),
  };
  dir = await mkdtemp(join(tmpdir(), 'lanyard-ward-'));
  const policyFile = join(dir, 'policy.json');
  await writeFile(policyFile, JSON.stringify({
    version: 1,
    station: { name: 'Ward 7 PC 3' },
    identityProvider: { issuer: env.issuer, clientId: env.shellClient.clientId },
    trustedCardCAs: [ca.certificatePem],
    authenticators: { smartcard: true, fido: false },
    apps: env.apps,
    session: { pinGraceSeconds: 120, suspendedTimeoutSeconds: SUSPENDED_TIMEOUT_S, idleTimeoutSeconds: 3600, lockScreenShows: 'name' },
    audit: { file: join(dir, 'audit.jsonl') },
  }));
  const log = consoleLog('lanyard', 'debug', (line) => { logs.push(line); });
  const host = new ChromiumHost({ headless: true, rendererDir: rendererDir(), log: log.child('host') });
  const started = await startLanyard({ host, argv: ['--policy', policyFile], dataDir: dir, log, clock });
  assert.ok(started, logs.join(''));
  runtime = started;
  assert.equal(runtime.mode, 'policy');
  const shell = host.shellPage();
  app = {
    host, runtime, shell, dataDir: dir, logs,
    screen: (name, timeout = 20_000) => shell.locator(`[data-screen="${name}"]`).waitFor({ timeout }),
    stop: async () => undefined,
  };
});

after(async () => {
  cards.asha?.close();
  cards.sam?.close();
  await runtime?.stop();
  await app?.host.close();
  await env?.close();
  await pcscd?.release();
  await rm(dir, { recursive: true, force: true });
});

async function typePin(): Promise<void> {
  await app.screen('pin');
  await app.shell.locator('#pin-input').fill(PIN);
  await app.shell.getByRole('button', { name: 'Sign in' }).click();
}

test('a card tapped in a real reader reaches the PIN pad, signs in, and typed text survives pull and re-tap', async () => {
  await app.screen('locked');
  cards.asha = await insertCard(made.asha.card, 0);
  await typePin();
  await app.screen('choose-role');
  await app.shell.locator('button.role').first().click();
  await waitForAllTabsLoaded(app.shell, app);
  assert.equal(await app.shell.getByTestId('current-user').textContent(), ASHA.name);
  const { partition, appId } = app.host.visibleApp()!;
  const note = app.host.appPage(partition, appId)!.locator('textarea').first();
  await note.fill('Warfarin held: INR 4.2, recheck tomorrow');

  cards.asha.client.pull();
  await app.screen('locked');
  assert.equal(app.host.visibleApp(), undefined);
  assert.match(await app.shell.locator('.suspended').textContent() ?? '', /Dr Asha Patel/);

  clock.advance(30_000); // within the PIN grace
  await cards.asha.client.insert();
  await app.screen('active');
  assert.equal(await note.inputValue(), 'Warfarin held: INR 4.2, recheck tomorrow');
  cards.asha.client.pull();
  await app.screen('locked');
});

test('a copied card (same card ID, another certificate) does not resume the suspended session', async () => {
  const ca = await createCardCa({ name: 'Another CA' });
  const clone = await createVirtualCard({ ca, holder: ASHA, pin: PIN, uuid: made.asha.uuid });
  const inserted = await insertCard(clone.card, 1);
  try {
    await app.shell.getByRole('alert').filter({ hasText: /does not match the card that locked this session/ }).waitFor({ timeout: 15_000 });
    assert.equal(await app.shell.locator('[data-screen="locked"]').count(), 1);
    assert.equal(app.host.visibleApp(), undefined);
    assert.match(await app.shell.locator('.suspended').textContent() ?? '', /Dr Asha Patel/);
  } finally {
    inserted.client.pull();
    inserted.close();
  }
});

test("a second person's card in the other reader never shows the first person's apps or cookies", async () => {
  const ashaPartition = [...(await partitionsWithCookies())][0]!;
  cards.sam = await insertCard(made.sam.card, 1);
  await typePin(); // one role: straight in
  await waitForAllTabsLoaded(app.shell, app);
  assert.equal(await app.shell.getByTestId('current-user').textContent(), SAM.name);
  const sam = app.host.visibleApp()!;
  assert.notEqual(sam.partition, ashaPartition);
  const page = app.host.appPage(sam.partition, sam.appId)!;
  assert.equal(await page.getByText('Asha Patel').count(), 0);
  const ashaValues = new Set((await app.host.cookies(ashaPartition)).map((c) => c.value));
  for (const c of await app.host.cookies(sam.partition)) assert.ok(!ashaValues.has(c.value), `cookie ${c.name} crossed users`);
});

test("the first person's suspended session ends after its timeout and leaves nothing behind", async () => {
  const ashaPartition = [...(await partitionsWithCookies())].find((p) => p !== app.host.visibleApp()?.partition)!;
  const station = app.runtime.controller.station;
  assert.ok(station.suspended().some((s) => s.userId === ASHA.userId));
  const before = env.oidcApps.map((a) => a.sessions.size);
  clock.advance(SUSPENDED_TIMEOUT_S * 1000 + 1000);
  await waitUntil(async () => !station.suspended().some((s) => s.userId === ASHA.userId), 'suspended session ended');
  assert.deepEqual(await app.host.cookies(ashaPartition), []);
  await waitUntil(async () => env.oidcApps.every((a, i) => a.sessions.size < before[i]! || before[i] === 0), 'apps told by back-channel logout');
  assert.equal(await app.shell.getByTestId('current-user').textContent(), SAM.name, 'the person at the PC carries on');
  assert.equal(station.front()?.userId, SAM.userId, "the other person's session is untouched");
  assert.ok((await app.host.cookies(app.host.visibleApp()!.partition)).length > 0, "the other person's apps keep their cookies");
});

test('the audit log verifies, and a tampered copy fails at the tampered line', async () => {
  const file = join(dir, 'audit.jsonl');
  const ok = spawnSync(process.execPath, ['--import', 'tsx', 'main/audit/cli.ts', 'verify', file], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  const lines = (await readFile(file, 'utf8')).trim().split('\n');
  assert.ok(lines.length > 6);
  for (const l of lines) assert.ok(!l.includes(PIN), 'no PIN in the audit log');
  const target = lines.findIndex((l) => l.includes(ASHA.userId));
  lines[target] = lines[target]!.replace(ASHA.userId, SAM.userId);
  const tampered = join(dir, 'tampered.jsonl');
  await writeFile(tampered, `${lines.join('\n')}\n`);
  const bad = spawnSync(process.execPath, ['--import', 'tsx', 'main/audit/cli.ts', 'verify', tampered], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stdout + bad.stderr, new RegExp(`line ${target + 1}\\b`));
});

async function partitionsWithCookies(): Promise<Set<string>> {
  const found = new Set<string>();
  for (const id of ['user-1', 'user-2', 'user-3', 'user-4']) if ((await app.host.cookies(id)).length) found.add(id);
  return found;
}

async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out: ${what}\n${logs.slice(-20).join('')}`);
}

/**
 * The randomized station walk end to end (issue 9 item 5): a few fixed-seed sequences of taps,
 * pulls, PINs, role picks, Lock, Log out and typing, on the real Chromium host with the reference
 * identity provider, demo apps and software cards. After every step: nothing of a user is on screen
 * unless they are in front and active, and text typed into an app survives every lock and resume.
 * At the end the audit file's chain verifies and every line names a role its user chose.
 * LANYARD_E2E_STATION_RUNS for more sequences.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { verifyAuditLog } from '../../main/audit/verify.js';
import { startDemoLanyard, type RunningLanyard } from '../fixtures/lanyard.js';

type Step =
  | { kind: 'tap'; card: number } | { kind: 'pull'; card: number } | { kind: 'pin'; right: boolean }
  | { kind: 'role' } | { kind: 'lock' } | { kind: 'logout' } | { kind: 'type'; text: string };

const card = fc.integer({ min: 0, max: 1 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('tap' as const), card }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pull' as const), card }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('pin' as const), right: fc.boolean() }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'role' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'lock' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'logout' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('type' as const), text: fc.constantFrom('a', 'BP 120/80 ') }) },
);

const RUNS = Number(process.env['LANYARD_E2E_STATION_RUNS'] ?? 6);
const SETTLED = ['locked', 'pin', 'choose-role', 'active'];

/** Waits until the shell shows a screen a person acts on (not reading or signing in). */
async function settled(app: RunningLanyard): Promise<string> {
  await app.shell.waitForFunction((screens) => screens.includes(document.querySelector('[data-screen]')?.getAttribute('data-screen') ?? ''),
    SETTLED, { timeout: 30_000 });
  const front = app.runtime.controller.station.front();
  if (front?.state === 'active') {
    await app.shell.waitForFunction(() => [...document.querySelectorAll('[role=tab]')].every((t) => t.getAttribute('data-loaded') === 'true'), undefined, { timeout: 30_000 });
    for (let i = 0; i < 200 && app.host.visibleApp()?.partition !== front.id; i++) await new Promise((r) => setImmediate(r));
  }
  return await app.shell.locator('[data-screen]').first().getAttribute('data-screen') ?? '';
}

async function apply(app: RunningLanyard, step: Step, typed: Map<string, string>): Promise<void> {
  const demo = app.runtime.demo!;
  const screen = await settled(app);
  switch (step.kind) {
    case 'tap': {
      const c = demo.cards.cards[step.card]!;
      if (!demo.cards.readers.list().find((r) => r.id === c.id)?.inserted) demo.cards.readers.insert(c.id);
      break;
    }
    case 'pull': demo.cards.readers.remove(demo.cards.cards[step.card]!.id); break;
    case 'pin': {
      if (screen !== 'pin') return;
      const front = app.runtime.controller.station.front();
      const owner = demo.cards.cards.find((c) => front?.binding.kind === 'card' && c.id === front.binding.cardId);
      await app.shell.locator('#pin-input').fill(step.right && owner ? owner.pin : '000000');
      await app.shell.locator('#pin-input').press('Enter');
      break;
    }
    case 'role': if (screen === 'choose-role') await app.shell.locator('button.role').first().click(); break;
    case 'lock': if (screen === 'active') await app.shell.getByRole('button', { name: 'Lock' }).click(); break;
    case 'logout': if (screen === 'active') await app.shell.getByRole('button', { name: 'Log out' }).click(); break;
    case 'type': {
      const visible = app.host.visibleApp();
      const page = visible && app.host.appPage(visible.partition, visible.appId);
      const note = page?.locator('textarea').first();
      if (!visible || !note || !(await note.count())) return;
      const key = `${visible.partition}/${visible.appId}`;
      const text = (typed.get(key) ?? '') + step.text;
      await note.fill(text);
      typed.set(key, text);
      break;
    }
  }
  await settled(app);
}

async function check(app: RunningLanyard, step: Step, typed: Map<string, string>): Promise<void> {
  const station = app.runtime.controller.station;
  const front = station.front();
  const visible = app.host.visibleApp();
  if (visible) assert.ok(front?.state === 'active' && front.id === visible.partition, `after ${JSON.stringify(step)}: ${visible.partition} on screen, front ${front?.id ?? 'nobody'}`);
  const live = new Set([...station.suspended(), ...(front ? [front] : [])].map((s) => s.id));
  for (const [key, text] of typed) {
    const [partition, appId] = key.split('/') as [string, string];
    if (!live.has(partition)) { typed.delete(key); continue; }
    const note = app.host.appPage(partition, appId)?.locator('textarea').first();
    assert.equal(await note?.inputValue(), text, `after ${JSON.stringify(step)}: ${key} lost what was typed`);
  }
}

test(`random walks on the real shell keep the walk-away rules (${RUNS} sequences)`, { timeout: 900_000 }, async () => {
  let steps = 0;
  await fc.assert(fc.asyncProperty(fc.array(stepArb, { minLength: 8, maxLength: 14 }), async (walk) => {
    const app = await startDemoLanyard();
    const typed = new Map<string, string>();
    let failed = true;
    try {
      for (const step of walk) {
        await apply(app, step, typed);
        await check(app, step, typed);
        steps++;
      }
      failed = false;
    } finally {
      if (failed) await app.stop('station-random');
      else {
        // Stopped first, so the chain is closed; checked before the data folder goes.
        await app.runtime.stop();
        const audit = join(app.dataDir, 'audit.jsonl');
        const lines = readFileSync(audit, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; userId?: string; role?: string });
        const verified = verifyAuditLog([audit]);
        assert.ok(verified.ok, JSON.stringify(verified));
        const chosen = new Map<string, Set<string>>();
        for (const line of lines) {
          if (!line.userId || !line.role) continue;
          if (line.event === 'role-selected') chosen.set(line.userId, (chosen.get(line.userId) ?? new Set()).add(line.role));
          else assert.ok(chosen.get(line.userId)?.has(line.role), `audit ${line.event} for ${line.userId} names role ${line.role}`);
        }
        await app.host.close();
        await rm(app.dataDir, { recursive: true, force: true });
      }
    }
  }), { numRuns: RUNS, seed: 42 });
  console.log(`station e2e model: ${RUNS} sequences, ${steps} steps`);
});

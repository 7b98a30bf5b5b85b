/** pcscd down at start-up and mid-session: the lock screen says the card service is not running,
 * Lanyard keeps trying by itself, and card sign-in works again as soon as pcscd is back. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChromiumHost } from '../../main/host/chromium/chromium-host.js';
import { startLanyard } from '../../main/app/start.js';
import { consoleLog } from '../../main/app/console-log.js';
import { rendererDir } from '../../main/app/paths.js';
import { createCardCa } from '../../main/auth/smartcard/virtual/card-pki.js';
import { createVirtualCard } from '../../main/auth/smartcard/virtual/create-virtual-card.js';
import { startDemoEnvironment } from '../../main/idp/demo-environment.js';
import { ensurePcscd } from '../fixtures/pcscd.js';
import { insertCard } from '../fixtures/vpcd-card.js';

test('card service down at start and mid-session: the shell says so and recovers by itself', async () => {
  const pcscd = await ensurePcscd();
  const ca = await createCardCa();
  const env = await startDemoEnvironment({ trustedCaPems: [ca.certificatePem] });
  const dir = await mkdtemp(join(tmpdir(), 'lanyard-pcscd-'));
  const logs: string[] = [];
  const log = consoleLog('lanyard', 'debug', (line) => { logs.push(line); });
  const host = new ChromiumHost({ headless: true, rendererDir: rendererDir(), log });
  let stop: (() => Promise<void>) | undefined;
  try {
    const policy = join(dir, 'policy.json');
    await writeFile(policy, JSON.stringify({
      version: 1, identityProvider: { issuer: env.issuer, clientId: env.shellClient.clientId },
      trustedCardCAs: [ca.certificatePem], apps: env.apps, audit: { file: join(dir, 'audit.jsonl') },
    }));
    await pcscd.kill();
    const runtime = await startLanyard({ host, argv: ['--policy', policy], dataDir: dir, log });
    assert.ok(runtime);
    stop = () => runtime.stop();
    const shell = host.shellPage();
    const notRunning = shell.getByText(/Card service not running/);
    await notRunning.waitFor({ timeout: 15_000 });

    await pcscd.start();
    await notRunning.waitFor({ state: 'detached', timeout: 20_000 });
    const made = await createVirtualCard({ ca, holder: { userId: '555000000002', name: 'Sam Jones' } });
    const card = await insertCard(made.card, 0);
    try {
      await shell.locator('[data-screen="pin"]').waitFor({ timeout: 15_000 });
      await shell.getByRole('button', { name: 'Cancel' }).click();
      card.client.pull();
      await shell.locator('[data-screen="locked"]').waitFor();

      await pcscd.kill(); // mid-session: the monitor notices and rebuilds its context when pcscd is back
      await notRunning.waitFor({ timeout: 15_000 });
      await pcscd.start();
      await notRunning.waitFor({ state: 'detached', timeout: 20_000 });
      await card.client.insert();
      await shell.locator('[data-screen="pin"]').waitFor({ timeout: 15_000 });
    } finally {
      card.close();
    }
  } catch (error) {
    throw new Error(`${String(error)}\n${logs.slice(-30).join('')}`);
  } finally {
    await stop?.();
    await host.close();
    await env.close();
    await pcscd.release();
    await rm(dir, { recursive: true, force: true });
  }
});

/** Restart safety: Lanyard killed mid-session and started again resumes nobody without
 * authentication, and leaves nothing of the killed session readable. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import keytar from 'keytar';
import { verifyAuditLog } from '../../main/audit/verify.js';
import { appService } from '../../main/identity/keychain/index.js';
import { signInWithDemoCard, startDemoLanyard, waitForAllTabsLoaded } from '../fixtures/lanyard.js';

test('after a kill, the next start shows the lock screen, resumes nobody and clears the keychain', async (t) => {
  const first = await startDemoLanyard();
  const userId = first.runtime.demo!.cards.cards[0]!.userId;
  await signInWithDemoCard(first, 0);
  await waitForAllTabsLoaded(first.shell, first);
  // Dr Patel's provisioned Staff Rota sign-in is a session secret in the keychain while she works.
  const formApp = first.runtime.policy.apps.find((a) => a.signIn === 'form')!;
  assert.ok(await keytar.getPassword(appService(formApp.id), userId));
  // A kill: the browser and every partition vanish with the process; nothing is shut down politely.
  await first.host.close();
  await first.runtime.demo!.close();

  const second = await startDemoLanyard({ dataDir: first.dataDir });
  let failed = true;
  try {
    await second.screen('locked');
    assert.equal(await second.shell.locator('.suspended').count(), 0, 'no session carried over');
    assert.equal(await keytar.getPassword(appService(formApp.id), userId), null, 'the killed session left no secret behind');
    const audit = join(first.dataDir, 'audit.jsonl');
    const verified = verifyAuditLog([audit]);
    assert.ok(verified.ok, JSON.stringify(verified));
    assert.match(await readFile(audit, 'utf8'), /left over from a previous run/);
    failed = false;
  } finally {
    await second.stop(failed ? t.name : undefined);
    // What a real kill takes with the process (the first station's hub and timers) goes only now.
    await first.runtime.stop().catch(() => undefined);
  }
});

/** Fingerprint sign-in end to end: enrol the demo key after a card sign-in, lock, touch to come
 * back, and sign in by touch alone into every app. Real provider (WebAuthn verified by
 * @simplewebauthn/server), virtual FIDO2 key over CTAPHID, real shell UI in Chromium. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { signInWithDemoCard, startDemoLanyard, waitForAllTabsLoaded } from '../fixtures/lanyard.js';

test('enrol a key after a card sign-in, lock, touch to resume, then sign in by touch alone', async (t) => {
  const app = await startDemoLanyard();
  let failed = true;
  try {
    await signInWithDemoCard(app, 0);
    await waitForAllTabsLoaded(app.shell, app);
    const first = app.host.visibleApp()!;
    await app.shell.getByRole('button', { name: 'Enrol key' }).click();
    await app.shell.getByText('Fingerprint key enrolled').waitFor({ timeout: 20_000 });

    await app.shell.getByRole('button', { name: 'Pull demo card' }).click();
    await app.screen('locked');
    const touch = app.shell.getByRole('button', { name: /^Touch .*fingerprint key/ });
    await touch.click();
    await app.screen('active');
    assert.deepEqual(app.host.visibleApp(), first, 'the touch brought back the suspended session, not a new one');

    await app.shell.getByRole('button', { name: 'Log out' }).click();
    await app.screen('locked');
    await touch.click();
    await app.shell.locator('[data-screen="choose-role"]').waitFor({ timeout: 20_000 });
    await app.shell.locator('button.role').first().click();
    await waitForAllTabsLoaded(app.shell, app);
    assert.equal(await app.shell.getByTestId('current-user').textContent(), 'Dr Asha Patel');
    const now = app.host.visibleApp()!;
    assert.notEqual(now.partition, first.partition);
    await app.host.appPage(now.partition, now.appId)!.getByText('Dr Asha Patel').first().waitFor();

    const audit = await readFile(join(app.dataDir, 'audit.jsonl'), 'utf8');
    assert.match(audit, /"event":"fido-enrolled"/);
    failed = false;
  } finally {
    await app.stop(failed ? t.name : undefined);
  }
});

/** A legacy app with only a login form. Provisioned sign-ins are filled with no prompt; others are
 * typed by hand once, remembered on request in the OS keychain (sealed with the user's vault key),
 * filled by Lanyard whenever the login page shows again and in the user's next sessions, until Forget.
 * Only the person's own account is remembered: someone else's gets a warning and is not stored. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import keytar from 'keytar';
import { appService, rememberedService } from '../../main/identity/keychain/index.js';
import { LEGACY_DEMO_ACCOUNTS } from '../../main/idp/demo-apps/form-app.js';
import { signInWithDemoCard, waitForAllTabsLoaded, withDemoLanyard, type RunningLanyard } from '../fixtures/lanyard.js';
import { axeProblems, axeSource } from './ui-axe.js';


async function openLegacyTab(app: RunningLanyard) {
  const legacy = app.runtime.policy.apps.find((a) => a.signIn === 'form')!;
  await app.shell.getByRole('tab', { name: legacy.name }).click();
  const partition = app.host.visibleApp()!.partition;
  return { legacy, page: app.host.appPage(partition, legacy.id)! };
}

test('one PIN signs the demo doctor into the legacy app too: her provisioned sign-in is filled', async (t) => {
  await withDemoLanyard(t, async (app) => {
    await signInWithDemoCard(app, 0);
    await waitForAllTabsLoaded(app.shell, app);
    const { page } = await openLegacyTab(app);
    await page.locator('#user-name').waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('#user-name').textContent(), 'Dr Asha Patel');
  });
});

test('manual sign-in → remember → refilled; kept after logout, filled in his next session and never in another user\'s; Forget removes it', async (t) => {
  await withDemoLanyard(t, async (app) => {
    await signInWithDemoCard(app, 1);
    await waitForAllTabsLoaded(app.shell, app);
    const account = LEGACY_DEMO_ACCOUNTS.find((a) => a.name === 'Sam Jones')!;
    const opened = await openLegacyTab(app);
    const legacy = opened.legacy;
    let page = opened.page;
    await page.locator('#username').waitFor();
    assert.equal(await keytar.getPassword(rememberedService(legacy.id), account.userId), null);

    await page.locator('#username').fill(account.username);
    await page.locator('#password').fill(account.password);
    await page.locator('#sign-in').click();
    await page.locator('#user-name').waitFor();
    await app.shell.getByRole('button', { name: 'Remember' }).click();
    await app.shell.locator('.offer').waitFor({ state: 'detached' });
    const stored = await keytar.getPassword(rememberedService(legacy.id), account.userId);
    assert.ok(stored, 'the sign-in is in the OS keychain');
    assert.ok(!stored.includes(account.password) && !stored.includes(account.username), 'sealed, not in plain text');
    assert.equal(await keytar.getPassword(appService(legacy.id), account.userId), null, 'not a session entry');

    await page.locator('#sign-out').click(); // the app drops its session, as legacy apps do on timeout
    await page.locator('#user-name').waitFor({ timeout: 10_000 }); // Lanyard signed it back in
    assert.equal(await page.locator('#user-name').textContent(), account.name);

    await app.shell.getByRole('button', { name: 'Log out' }).click();
    await app.screen('locked');
    assert.equal(await keytar.getPassword(rememberedService(legacy.id), account.userId), stored, 'kept after logout');

    // Dr Patel at the same PC: her own sign-in, never Sam's.
    await signInWithDemoCard(app, 0);
    await waitForAllTabsLoaded(app.shell, app);
    ({ page } = await openLegacyTab(app));
    await page.locator('#user-name').waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('#user-name').textContent(), 'Dr Asha Patel');
    await app.shell.getByRole('button', { name: 'Log out' }).click();
    await app.screen('locked');

    // Sam's next session: signed in to the legacy app without typing anything.
    await signInWithDemoCard(app, 1);
    await waitForAllTabsLoaded(app.shell, app);
    ({ page } = await openLegacyTab(app));
    await page.locator('#user-name').waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('#user-name').textContent(), account.name);
    await app.shell.getByRole('button', { name: `Forget ${legacy.name} sign-in` }).click();
    await app.shell.getByRole('button', { name: `Forget ${legacy.name} sign-in` }).waitFor({ state: 'detached' });
    assert.equal(await keytar.getPassword(rememberedService(legacy.id), account.userId), null, 'forgotten');
  });
});

test('Sam signing in to Staff Rota with Dr Patel\'s account is warned; nothing reaches the keychain, and the warning passes axe', async (t) => {
  await withDemoLanyard(t, async (app) => {
    await signInWithDemoCard(app, 1);
    await waitForAllTabsLoaded(app.shell, app);
    const sam = LEGACY_DEMO_ACCOUNTS.find((a) => a.name === 'Sam Jones')!;
    const patel = LEGACY_DEMO_ACCOUNTS.find((a) => a.name === 'Dr Asha Patel')!;
    const { legacy, page } = await openLegacyTab(app);
    await page.locator('#username').waitFor();
    await page.locator('#username').fill(patel.username);
    await page.locator('#password').fill(patel.password);
    await page.locator('#sign-in').click();
    await page.locator('#user-name').waitFor();

    const warning = app.shell.getByRole('alert').filter({ hasText: 'not your account' });
    await warning.waitFor();
    assert.equal((await warning.textContent())?.trim(),
      `You signed in to ${legacy.name} as ‘${patel.username}’, which is not your account; Lanyard will not remember it.`);
    assert.equal(await app.shell.getByRole('button', { name: 'Remember', exact: true }).count(), 0, 'no Remember to press');
    const axe = await axeSource();
    assert.ok(axe, 'axe-core is installed');
    assert.deepEqual(await axeProblems(app.shell, axe), []);

    await app.shell.getByRole('button', { name: 'OK' }).waitFor();
    // A Remember sent anyway (a stale or forged command) must not store her account for him.
    await app.shell.evaluate((appId) => (window as unknown as { lanyard: { send(c: unknown): Promise<void> } }).lanyard
      .send({ type: 'remember-login', appId, remember: true }), legacy.id);
    await warning.waitFor({ state: 'detached' });
    for (const userId of [sam.userId, patel.userId]) {
      assert.equal(await keytar.getPassword(rememberedService(legacy.id), userId), null, `no remembered entry for ${userId}`);
    }
    assert.equal(await keytar.getPassword(appService(legacy.id), sam.userId), null, 'no session entry for Sam');
  });
});

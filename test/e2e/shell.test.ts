/**
 * The product end to end, as a person uses it: real shell UI in Chromium, the reference identity
 * provider and demo apps on loopback, virtual PIV cards through the PIV profile.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import keytar from 'keytar';
import { verifyAuditLog } from '../../main/audit/verify.js';
import { REFRESH_TOKEN_SERVICE } from '../../main/identity/keychain/index.js';
import { signInWithDemoCard, waitForAllTabsLoaded, withDemoLanyard, type RunningLanyard } from '../fixtures/lanyard.js';


const frontPartition = (app: RunningLanyard) => app.host.visibleApp()?.partition;

test('tap → PIN → role → every app signed in → pull card → locked', async (t) => {
  await withDemoLanyard(t, async (app) => {
    await app.screen('locked');
    assert.match(await app.shell.locator('h1').textContent() ?? '', /Tap your smartcard/);
    await signInWithDemoCard(app, 0);
    await waitForAllTabsLoaded(app.shell, app);
    assert.equal(await app.shell.getByTestId('current-user').textContent(), 'Dr Asha Patel');
    const partition = frontPartition(app);
    assert.ok(partition, 'an app is on screen');
    for (const tab of app.runtime.policy.apps.filter((a) => a.signIn === 'oidc')) {
      const page = app.host.appPage(partition, tab.id);
      if (!page) continue; // not offered to this role
      await page.getByText('Dr Asha Patel').first().waitFor({ timeout: 10_000 });
      assert.ok(!page.url().includes('/interaction/'), `${tab.id} must not show a login page`);
    }
    await app.shell.getByRole('button', { name: 'Pull demo card' }).click();
    await app.screen('locked');
    assert.equal(app.host.visibleApp(), undefined, 'no app may be visible on a locked station');
    assert.match(await app.shell.locator('.suspended').textContent() ?? '', /A\.P\./);
  });
});

test('a wrong PIN is never retried: the pad shows the tries left, then the right PIN signs in', async (t) => {
  await withDemoLanyard(t, async (app) => {
    const card = app.runtime.demo!.cards.cards[0]!;
    await app.shell.getByRole('button', { name: `Tap ${card.label}` }).click();
    await app.screen('pin');
    await app.shell.locator('#pin-input').fill('999999');
    await app.shell.getByRole('button', { name: 'Sign in' }).click();
    await app.shell.getByRole('alert').filter({ hasText: /2 tries left/ }).waitFor();
    await app.screen('pin');
    assert.match(await app.shell.getByTestId('tries-left').textContent() ?? '', /2 tries left/);
    await app.shell.locator('#pin-input').fill(card.pin);
    await app.shell.getByRole('button', { name: 'Sign in' }).click();
    await app.shell.locator('[data-screen="choose-role"]').waitFor();
  });
});

test('one role means no role picker; the receptionist is not offered Prescribing', async (t) => {
  await withDemoLanyard(t, async (app) => {
    const card = app.runtime.demo!.cards.cards[1]!;
    await app.shell.getByRole('button', { name: `Tap ${card.label}` }).click();
    await app.screen('pin');
    await app.shell.locator('#pin-input').fill(card.pin);
    await app.shell.getByRole('button', { name: 'Sign in' }).click();
    await app.screen('active');
    const tabs = await app.shell.locator('[role=tab]').allTextContents();
    assert.ok(tabs.length > 0);
    assert.ok(!tabs.some((name) => /Prescribing/.test(name)), `receptionist tabs: ${tabs.join(', ')}`);
  });
});

test('Lock keeps the work; the same card resumes it; Log out leaves no cookie behind', async (t) => {
  await withDemoLanyard(t, async (app) => {
    await signInWithDemoCard(app, 0);
    await waitForAllTabsLoaded(app.shell, app);
    const partition = frontPartition(app)!;
    const first = app.runtime.policy.apps.find((a) => app.host.appPage(partition, a.id))!;
    const page = app.host.appPage(partition, first.id)!;
    const note = page.locator('textarea').first();
    await note.fill('BP 120/80, review at 14:00');
    await app.shell.getByRole('button', { name: 'Lock' }).click();
    await app.screen('locked');
    // Lock leaves the card in: a tap of the same card (pull and tap) resumes within the grace.
    const card = app.runtime.demo!.cards.cards[0]!;
    app.runtime.demo!.cards.readers.remove(card.id);
    await app.shell.getByRole('button', { name: `Tap ${card.label}` }).click();
    await app.screen('active');
    assert.equal(await note.inputValue(), 'BP 120/80, review at 14:00');
    assert.ok((await app.host.cookies(partition)).length > 0, 'signed-in apps hold cookies');
    const userId = app.runtime.demo!.cards.cards[0]!.userId;
    // Tokens stay in memory (security review item 11): nothing a desktop process could read.
    assert.equal(await keytar.getPassword(REFRESH_TOKEN_SERVICE, userId), null, 'no refresh token in the OS keychain');
    await app.shell.getByRole('button', { name: 'Log out' }).click();
    await app.screen('locked');
    assert.deepEqual(await app.host.cookies(partition), []);
    assert.equal(await app.shell.locator('.suspended').count(), 0);
    assert.equal(await keytar.getPassword(REFRESH_TOKEN_SERVICE, userId), null, 'nothing of the session is left in the keychain');
    const audit = join(app.dataDir, 'audit.jsonl');
    const verified = verifyAuditLog([audit]);
    assert.ok(verified.ok, JSON.stringify(verified));
    const { readFile } = await import('node:fs/promises');
    const events = (await readFile(audit, 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { event: string }).event);
    for (const e of ['auth-succeeded', 'role-selected', 'app-opened', 'locked', 'resumed', 'session-ended']) {
      assert.ok(events.includes(e), `audit has ${e}: ${events.join(',')}`);
    }
    assert.doesNotMatch(await readFile(audit, 'utf8'), /123456/, 'no PIN in the audit log');
  });
});

test("another person's tap switches user: they never see the first user's apps", async (t) => {
  await withDemoLanyard(t, async (app) => {
    await signInWithDemoCard(app, 0);
    await waitForAllTabsLoaded(app.shell, app);
    const first = frontPartition(app)!;
    await signInWithDemoCard(app, 1); // the demo reader takes the first card out as the second goes in
    await waitForAllTabsLoaded(app.shell, app);
    assert.equal(await app.shell.getByTestId('current-user').textContent(), 'Sam Jones');
    const second = frontPartition(app)!;
    assert.notEqual(second, first);
    const page = app.host.appPage(second, app.host.visibleApp()!.appId)!;
    assert.equal(await page.getByText('Asha Patel').count(), 0);
    const firstCookies = new Set((await app.host.cookies(first)).map((c) => c.value));
    assert.ok(firstCookies.size > 0);
    for (const c of await app.host.cookies(second)) assert.ok(!firstCookies.has(c.value), `cookie ${c.name} crossed users`);
  });
});

test('app tabs cannot reach the shell, and a malformed command from the shell is refused and logged', async (t) => {
  await withDemoLanyard(t, async (app) => {
    await signInWithDemoCard(app, 1);
    await waitForAllTabsLoaded(app.shell, app);
    const { partition, appId } = app.host.visibleApp()!;
    const page = app.host.appPage(partition, appId)!;
    assert.deepEqual(await page.evaluate(() => [typeof (window as unknown as Record<string, unknown>)['lanyard'],
      typeof (window as unknown as Record<string, unknown>)['__lanyardSend']]), ['undefined', 'undefined']);
    await app.shell.evaluate(() => (window as unknown as { lanyard: { send(c: unknown): Promise<void> } }).lanyard.send({ type: 'logout', everyone: true }));
    await app.shell.evaluate(() => (window as unknown as { lanyard: { send(c: unknown): Promise<void> } }).lanyard.send({ type: 'choose-role', roleId: 42 }));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await app.shell.locator('[data-screen="active"]').count(), 1, 'the malformed logout did nothing');
    assert.ok(app.logs.some((l) => l.includes('refused a malformed shell command')));
  });
});

test('identity provider down: the shell says so, tries again, and is ready for the next tap', async (t) => {
  await withDemoLanyard(t, async (app) => {
    await app.runtime.demo!.close(); // the provider and apps go away
    const card = app.runtime.demo!.cards.cards[0]!;
    await app.shell.getByRole('button', { name: `Tap ${card.label}` }).click();
    await app.screen('pin');
    const started = Date.now();
    await app.shell.locator('#pin-input').fill(card.pin);
    await app.shell.getByRole('button', { name: 'Sign in' }).click();
    await app.shell.getByText(/Trying again/).waitFor({ timeout: 10_000 });
    await app.shell.getByRole('alert').filter({ hasText: /sign-in service cannot be reached/ }).waitFor({ timeout: 30_000 });
    await app.screen('locked');
    assert.ok(Date.now() - started < 30_000, 'nothing hangs');
    app.runtime.demo!.cards.readers.remove(card.id);
    await app.shell.getByRole('button', { name: `Tap ${card.label}` }).click();
    await app.screen('pin'); // ready for the next tap, PIN tries untouched by the failed sign-in
    assert.equal(await app.shell.getByTestId('tries-left').count(), 0);
  });
});

test('an app tab cannot navigate outside its allowed origins; the user is told', async (t) => {
  await withDemoLanyard(t, async (app) => {
    await signInWithDemoCard(app, 1);
    await waitForAllTabsLoaded(app.shell, app);
    const { partition, appId } = app.host.visibleApp()!;
    const page = app.host.appPage(partition, appId)!;
    const before = page.url();
    await page.evaluate(() => { window.location.href = 'http://outside.example/phish'; }).catch(() => undefined);
    await app.shell.getByText(/outside the apps this workstation allows/).waitFor({ timeout: 10_000 });
    assert.equal(page.url(), before);
  });
});

test('a card pulled while the apps are still loading locks at once; the same card brings them back loaded', async (t) => {
  await withDemoLanyard(t, async (app) => {
    await signInWithDemoCard(app, 1);
    await app.shell.getByRole('button', { name: 'Pull demo card' }).click(); // before every tab has loaded
    await app.screen('locked');
    assert.equal(app.host.visibleApp(), undefined);
    const card = app.runtime.demo!.cards.cards[1]!;
    await app.shell.getByRole('button', { name: `Tap ${card.label}` }).click();
    await app.screen('active');
    await waitForAllTabsLoaded(app.shell, app);
    assert.equal(await app.shell.getByTestId('current-user').textContent(), 'Sam Jones');
  });
});

test('a card pulled while the PIN pad is open abandons the sign-in and leaves the station ready', async (t) => {
  await withDemoLanyard(t, async (app) => {
    const card = app.runtime.demo!.cards.cards[0]!;
    await app.shell.getByRole('button', { name: `Tap ${card.label}` }).click();
    await app.screen('pin');
    await app.shell.locator('#pin-input').fill('12');
    await app.shell.getByRole('button', { name: `Pull ${card.label}` }).click();
    await app.screen('locked');
    await app.shell.getByRole('button', { name: `Tap ${card.label}` }).click();
    await app.screen('pin');
    assert.equal(await app.shell.locator('#pin-input').inputValue(), '', 'no half-typed PIN survives');
  });
});

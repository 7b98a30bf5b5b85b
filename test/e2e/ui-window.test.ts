/**
 * Nothing a person does in the browser loses Lanyard: a closed app page (Ctrl+W, a window's ×)
 * is reported and reopened, a closed shell page comes straight back showing the same screen.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signInWithDemoCard, waitForAllTabsLoaded, withDemoLanyard } from '../fixtures/lanyard.js';

test('an app page closed from the browser is reported and reopened on screen; a closed shell page comes back', async (t) => {
  await withDemoLanyard(t, async (app) => {
    await signInWithDemoCard(app, 1);
    await waitForAllTabsLoaded(app.shell, app);
    const { partition, appId } = app.host.visibleApp()!;
    const closed = app.host.appPage(partition, appId)!;
    await closed.close(); // what Ctrl+W or the window's × does
    await app.shell.getByRole('alert').filter({ hasText: /stopped working/ }).waitFor();
    for (let i = 0; i < 200 && (app.host.appPage(partition, appId) === closed || app.host.appPage(partition, appId)!.url() === 'about:blank'); i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    const reopened = app.host.appPage(partition, appId)!;
    assert.notEqual(reopened, closed, 'the app has a page again');
    await reopened.getByText('Sam Jones').first().waitFor({ timeout: 10_000 });
    assert.equal(app.host.visibleApp()?.appId, appId, 'and it is the one on screen');

    const shell = app.host.shellPage();
    await shell.close(); // Ctrl+W in the shell's window
    for (let i = 0; i < 200 && app.host.shellPage() === shell; i++) await new Promise((r) => setTimeout(r, 25));
    const again = app.host.shellPage();
    assert.notEqual(again, shell);
    await again.locator('[data-screen="active"]').waitFor();
    assert.equal(await again.getByTestId('current-user').textContent(), 'Sam Jones');
    await again.getByRole('button', { name: 'Lock' }).click(); // and it still commands the station
    await again.locator('[data-screen="locked"]').waitFor();
    assert.ok(app.logs.some((l) => l.includes('shell page lost')));
  });
});

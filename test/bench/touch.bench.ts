/**
 * Touch → signed in → apps ready, through the whole product: the shell in Chromium, the demo key
 * over CTAPHID, the reference provider verifying the assertion (@simplewebauthn/server), role
 * (one role: none to pick) and single sign-on into each app. Sam Jones enrols the demo key by card
 * once; then each round logs out and touches the key again.
 */
import { distribution } from './stats.js';
import { signInWithDemoCard, startDemoLanyard, waitForAllTabsLoaded } from '../fixtures/lanyard.js';

const ROUNDS = 12;

export async function run(): Promise<Record<string, unknown>> {
  const app = await startDemoLanyard();
  try {
    await signInWithDemoCard(app, 1);
    await waitForAllTabsLoaded(app.shell, app);
    await app.shell.getByRole('button', { name: 'Enrol key' }).click();
    await app.shell.getByText('Fingerprint key enrolled').waitFor({ timeout: 20_000 });
    await app.shell.getByRole('button', { name: 'Log out' }).click();
    await app.screen('locked');

    const toActive: number[] = [];
    const toAppsReady: number[] = [];
    const touch = app.shell.getByRole('button', { name: /^Touch .*fingerprint key/ });
    for (let i = 0; i < ROUNDS; i++) {
      const started = performance.now();
      await touch.click();
      await app.screen('active');
      toActive.push(performance.now() - started);
      await waitForAllTabsLoaded(app.shell, app);
      toAppsReady.push(performance.now() - started);
      await app.shell.getByRole('button', { name: 'Log out' }).click();
      await app.screen('locked');
    }
    return {
      unit: 'ms',
      note: 'virtual key: its sensor takes ~150 ms (demo key processing delay); a real sensor takes 200–500 ms',
      touchToActive: distribution(toActive.slice(2)),
      touchToAllAppsReady: distribution(toAppsReady.slice(2)),
    };
  } finally {
    await app.stop();
  }
}

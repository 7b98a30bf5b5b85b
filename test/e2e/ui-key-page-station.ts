/**
 * A keys-only station on the standard profile (as test/e2e/standard-key-page.test.ts builds it):
 * the reference provider's own sign-in page and a virtual FIDO2 key plugged in, so the lock screen
 * offers "Sign in with your security key" and pressing it opens the provider's page.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCardCa } from '../../main/auth/smartcard/virtual/card-pki.js';
import { composeStation } from '../../main/app/compose.js';
import { consoleLog } from '../../main/app/console-log.js';
import { rendererDir } from '../../main/app/paths.js';
import { validatePolicy } from '../../main/core/policy/validate.js';
import { ChromiumHost } from '../../main/host/chromium/chromium-host.js';
import { startDemoEnvironment, type DemoEnvironment } from '../../main/idp/demo-environment.js';
import { virtualKey } from '../fixtures/fido-rp.js';

/** The keys-only standard-profile policy for the demo environment `env`: no certificate endpoint
 * (policy needs one only when cards are allowed), its OIDC apps, the audit log in `dir`. */
export function keysOnlyPolicy(env: DemoEnvironment, caPem: string, dir: string): ReturnType<typeof validatePolicy> {
  return validatePolicy({
    version: 1, station: { name: 'Clinic PC 4' },
    identityProvider: (({ certificateHost: _c, acrValues: _a, ...keysOnly }) => keysOnly)(env.standard.policy),
    trustedCardCAs: [caPem], authenticators: { smartcard: false, fido: true },
    apps: env.apps.filter((a) => a.signIn === 'oidc'),
    audit: { file: join(dir, 'audit.jsonl') },
  });
}

export async function startKeyPageStation(): Promise<{ host: ChromiumHost; stop(): Promise<void> }> {
  const ca = await createCardCa({ name: 'Unused card CA' });
  const env = await startDemoEnvironment({ trustedCaPems: [ca.certificatePem] });
  const dir = await mkdtemp(join(tmpdir(), 'lanyard-ui-key-page-'));
  const checked = keysOnlyPolicy(env, ca.certificatePem, dir);
  if (!checked.ok) throw new Error(`key-page policy invalid: ${JSON.stringify(checked.problems)}`);
  const log = consoleLog('lanyard', 'error', () => undefined);
  const host = new ChromiumHost({ headless: true, rendererDir: rendererDir(), log: log.child('host') });
  const station = await composeStation({ policy: checked.policy, host, log, dataDir: dir, keys: virtualKey().transport });
  await station.controller.start();
  return {
    host,
    async stop() {
      await station.stop();
      await host.close();
      await env.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

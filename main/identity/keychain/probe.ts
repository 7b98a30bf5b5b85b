/** Start-up check that the keychain really stores secrets: write, read back and delete a random probe
 * under a time limit. A locked Secret Service reads back null and may hang on a hidden unlock prompt
 * (ENVIRONMENT.md), so "no error" alone proves nothing. */
import { randomBytes } from 'node:crypto';
import type { Keychain } from '../../core/ports/keychain.js';
import { KeychainError, withTimeout, type KeychainErrorCode } from './keychain-error.js';

export const PROBE_SERVICE = 'Lanyard keychain-probe';

export type ProbeResult =
  | { ok: true; ms: number }
  | { ok: false; reason: Exclude<KeychainErrorCode, 'invalid-name'>; detail: string; userMessage: string; ms: number };

export async function probeKeychain(keychain: Keychain, options: { timeoutMs: number }): Promise<ProbeResult> {
  const started = performance.now();
  const account = `probe-${randomBytes(8).toString('hex')}`;
  const secret = randomBytes(16).toString('base64url');
  const steps = (async () => {
    await keychain.set(PROBE_SERVICE, account, secret);
    const readBack = await keychain.get(PROBE_SERVICE, account);
    await keychain.delete(PROBE_SERVICE, account);
    if (readBack !== secret) throw new KeychainError('not-persisting', 'a probe secret written to the keychain did not read back');
  })();
  try {
    await withTimeout(steps, options.timeoutMs, 'keychain probe');
    return { ok: true, ms: performance.now() - started };
  } catch (error) {
    // A timed-out probe may still finish later; swallow its outcome so nothing is left unhandled.
    steps.catch(() => undefined);
    const failure = error instanceof KeychainError && error.code !== 'invalid-name'
      ? error
      : new KeychainError('unavailable', String((error as Error)?.message ?? error), { cause: error });
    return {
      ok: false,
      reason: failure.code as Exclude<KeychainErrorCode, 'invalid-name'>,
      detail: failure.message,
      userMessage: failure.userMessage,
      ms: performance.now() - started,
    };
  }
}

/** A keychain that is absent, locked, stalled or unreachable: the probe says so within its timeout
 * and nothing hangs. Each case runs a real keytar in a child process against a private D-Bus session
 * set up by isolated-keyring.sh. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const harness = fileURLToPath(new URL('./isolated-keyring.sh', import.meta.url));
const child = fileURLToPath(new URL('./keychain-child.ts', import.meta.url));
const PROBE_TIMEOUT_MS = 1500;

interface Probe { ok: boolean; reason?: string; detail?: string; userMessage?: string; ms: number }

/** Runs the probe in `mode`; resolves its result once the harness has exited and cleaned up. The
 * probe's own `ms` says how long the caller waited (the child itself may stay until a stalled
 * daemon continues, as keytar's stuck call holds its exit). */
function probeIn(mode: string, timeoutMs: number): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const proc = spawn('bash', [harness, mode, process.execPath, '--import', 'tsx', child, 'probe', String(timeoutMs)], {
      detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const guard = setTimeout(() => {
      try { process.kill(-proc.pid!, 'SIGKILL'); } catch { /* already gone */ }
      reject(new Error(`the harness did not finish within 30 s (${mode}): ${err}`));
    }, 30_000);
    proc.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    proc.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    proc.on('exit', (code) => {
      clearTimeout(guard);
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as Probe);
      else reject(new Error(`exited ${code} without a result (${mode}): ${err}`));
    });
  });
}

for (const [mode, reasons, timeoutMs] of [
  ['absent', ['unavailable'], PROBE_TIMEOUT_MS],
  // The daemon's refusal is what is tested here, not its speed: a loaded machine may take longer
  // than the usual timeout to answer that its collection is locked.
  ['locked', ['locked'], 3 * PROBE_TIMEOUT_MS],
  // A stopped daemon usually times out; under load D-Bus may give up first and report it unavailable.
  ['stalled', ['timeout', 'unavailable'], PROBE_TIMEOUT_MS],
  ['no-bus', ['unavailable'], PROBE_TIMEOUT_MS],
] as const) {
  test(`keychain ${mode}: the probe reports it unavailable within its timeout`, async () => {
    const result = await probeIn(mode, timeoutMs);
    assert.equal(result.ok, false);
    assert.ok((reasons as readonly string[]).includes(result.reason!), `reason ${result.reason}: ${result.detail}`);
    assert.ok(result.ms <= timeoutMs + 300, `probe took ${result.ms} ms`);
    assert.match(result.userMessage!, /password store/);
  });
}

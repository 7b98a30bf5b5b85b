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

interface Probe { ok: boolean; reason?: string; userMessage?: string; ms: number }

/** Runs the probe in `mode` and resolves its first output line. The process group is killed as soon
 * as the line arrives: a keytar call stuck on a stalled D-Bus would hold the child's exit ~50 s. */
function probeIn(mode: string): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const proc = spawn('bash', [harness, mode, process.execPath, '--import', 'tsx', child, 'probe', String(PROBE_TIMEOUT_MS)], {
      detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const stop = () => { try { process.kill(-proc.pid!, 'SIGTERM'); } catch { /* already gone */ } };
    const guard = setTimeout(() => { stop(); reject(new Error(`no probe result within 20 s (${mode}): ${err}`)); }, 20_000);
    proc.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line && out.includes('\n')) { clearTimeout(guard); stop(); resolve(JSON.parse(line) as Probe); }
    });
    proc.on('exit', (code) => { if (!out.includes('\n')) { clearTimeout(guard); reject(new Error(`exited ${code} without a result (${mode}): ${err}`)); } });
  });
}

for (const [mode, reasons] of [
  ['absent', ['unavailable']],
  ['locked', ['locked']],
  ['stalled', ['timeout']],
  ['no-bus', ['unavailable']],
] as const) {
  test(`keychain ${mode}: the probe reports it unavailable within its timeout`, async () => {
    const result = await probeIn(mode);
    assert.equal(result.ok, false);
    assert.ok((reasons as readonly string[]).includes(result.reason!), `reason ${result.reason}`);
    assert.ok(result.ms <= PROBE_TIMEOUT_MS + 300, `probe took ${result.ms} ms`);
    assert.match(result.userMessage!, /password store/);
  });
}

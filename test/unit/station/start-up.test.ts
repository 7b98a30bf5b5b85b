/** Start-up fails closed: a machine policy that cannot be read stops Lanyard with a message naming
 * the file and the error, on screen and on stderr; an installed Lanyard with no policy never starts
 * the demo. Real policy files in a temporary folder; the host is the station rig's fake. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLanyard } from '../../../main/app/start.js';
import { FakeHost } from '../../fixtures/station/fake-host.js';
import { FakeClock } from '../../fixtures/fake-clock.js';
import type { Log } from '../../../main/core/ports/log.js';

const quiet: Log = { traffic() {}, debug() {}, info() {}, warn() {}, error() {}, child() { return quiet; } };

async function start(machineFile: string, options: { packaged?: boolean; argv?: string[] } = {}) {
  const host = new FakeHost(new FakeClock());
  const dir = await mkdtemp(join(tmpdir(), 'lanyard-start-'));
  const stderr: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => { stderr.push(String(chunk)); return true; }) as typeof process.stderr.write;
  try {
    const runtime = await startLanyard({ host, argv: options.argv ?? [], dataDir: join(dir, 'data'), log: quiet, machineFile, env: {}, packaged: options.packaged ?? false });
    return { runtime, host, stderr: stderr.join(''), dir };
  } finally {
    process.stderr.write = write;
  }
}

test('an unreadable machine policy stops start-up with a message naming the file and the error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lanyard-policy-'));
  const file = join(dir, 'policy.json');
  await mkdir(file); // reading a directory fails with EISDIR, even for root
  const { runtime, host, stderr } = await start(file, { argv: ['--demo'] });
  assert.equal(runtime, null, 'never demo mode, never looser settings');
  assert.match(stderr, new RegExp(`${file.replace(/[/.]/g, '\\$&')}.*EISDIR`));
  assert.equal(host.view?.screen, 'fatal');
  assert.match(host.view?.message?.text ?? '', /EISDIR/);
  assert.equal(host.view?.demo, undefined);
  await rm(dir, { recursive: true, force: true });
});

test('an installed Lanyard with no policy anywhere says the PC is not set up and starts nothing of the demo', async () => {
  const { runtime, host } = await start('/nonexistent/lanyard/policy.json', { packaged: true, argv: ['--demo'] });
  assert.equal(runtime, null);
  assert.equal(host.view?.screen, 'fatal');
  assert.equal(host.view?.message?.text, 'This PC is not set up for Lanyard: ask IT.');
  assert.equal(host.partitions.size, 0);
});

test('from a checkout with no policy and no --demo, Lanyard does not guess: not set up', async () => {
  const { runtime, host } = await start('/nonexistent/lanyard/policy.json');
  assert.equal(runtime, null);
  assert.match(host.view?.message?.text ?? '', /not set up/);
});

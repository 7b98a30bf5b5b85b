/**
 * `npm run virtual-card` as a user runs it: a separate process that inserts itself into the real
 * pcscd's vpcd reader, trusts nobody but the CA it prints, keeps its PIN counter in --state, and
 * obeys stdin (pull / insert / quit) and SIGUSR1 (pull and re-insert).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { X509Certificate, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PcscCardReaders } from '../../../main/auth/smartcard/pcsc-readers.js';
import { PivProfile } from '../../../main/auth/smartcard/piv/piv-profile.js';
import { readCard } from '../../../main/auth/smartcard/read-card.js';
import { verifyCardAuthentication } from '../../../main/auth/smartcard/card-authentication.js';
import { CardError } from '../../../main/core/card-error.js';
import { openPcscRig, closePcscRig, type PcscRig } from './pcsc-rig.js';
import { inserted, removed, type EventLog } from './reader-events.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const READER = 'Virtual PCD 00 01';
const UUID = '5a1e0000-1111-4222-8333-444455556666';

let monitor: PcscCardReaders;
let events: EventLog;
let dir: string;

let rig: PcscRig | undefined;

before(async () => {
  rig = await openPcscRig('lanyard-vcard-', READER);
  ({ monitor, events, dir } = rig);
});

after(() => closePcscRig(rig));

interface Cli { proc: ChildProcessWithoutNullStreams; output: () => string; waitFor(re: RegExp, ms?: number): Promise<void>; exited: Promise<number | null> }

function startCli(args: string[]): Cli {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'main/auth/smartcard/virtual/cli.ts', ...args], { cwd: ROOT, stdio: 'pipe' });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  proc.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return {
    proc,
    output: () => out,
    exited,
    async waitFor(re, ms = 15_000) {
      const until = Date.now() + ms;
      while (!re.test(out)) {
        if (Date.now() > until || proc.exitCode !== null) throw new Error(`no ${re} from virtual-card:\n${out}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

test('virtual-card CLI: identity, CA file, PIN counter in --state, pull/insert/SIGUSR1/quit', async () => {
  const caPath = join(dir, 'ca.pem');
  const state = join(dir, 'state.json');
  const args = ['--port', '35964', '--key', 'p256', '--pin', '654321', '--uuid', UUID, '--ca-out', caPath, '--state', state,
    '--name', 'Nurse Florence', '--user-id', '555000000042'];
  let cli = startCli(args);
  try {
    let from = events.mark();
    await cli.waitFor(/inserted into vpcd/);
    assert.match(cli.output(), new RegExp(`CA certificate written to ${caPath}`));
    await events.next(inserted(READER), 5_000, from);
    const credential = await readCard(monitor, READER, [new PivProfile()]);
    assert.equal(credential.cardId, UUID);
    const cert = new X509Certificate(credential.certificateDer);
    assert.ok(cert.verify(new X509Certificate(readFileSync(caPath)).publicKey), 'issued by the CA it wrote out');
    assert.match(cert.subject, /serialNumber=555000000042/);
    // Slot 9E by default, from the same CA, and it proves the card before any PIN.
    assert.ok(credential.cardAuthentication, 'a card authentication key by default');
    assert.ok(new X509Certificate(credential.cardAuthentication.certificateDer).verify(new X509Certificate(readFileSync(caPath)).publicKey));
    assert.equal(await verifyCardAuthentication(credential.cardAuthentication, new Uint8Array(randomBytes(32))), true);
    await assert.rejects(credential.verifyPin('123456'), (e: unknown) => e instanceof CardError && e.triesLeft === 2);
    await credential.close();
    assert.deepEqual(JSON.parse(readFileSync(state, 'utf8')), { triesLeft: 2 });
    assert.ok(!cli.output().includes('654321'), 'the PIN is never printed');

    from = events.mark();
    cli.proc.stdin.write('pull\n');
    await events.next(removed(READER), 5_000, from);
    cli.proc.stdin.write('insert\n');
    await events.next(inserted(READER), 5_000, from);

    cli.proc.stdin.write('unblock\n');
    await cli.waitFor(/PIN unblocked: 3 tries/);
    assert.deepEqual(JSON.parse(readFileSync(state, 'utf8')), { triesLeft: 3 });
    await assert.rejects((async () => {
      const c = await readCard(monitor, READER, [new PivProfile()]);
      try { await c.verifyPin('111111'); } finally { await c.close(); }
    })(), (e: unknown) => e instanceof CardError && e.triesLeft === 2);

    from = events.mark();
    cli.proc.kill('SIGUSR1');
    await events.next(removed(READER), 5_000, from);
    await events.next(inserted(READER), 5_000, from);

    from = events.mark();
    cli.proc.stdin.write('quit\n');
    assert.equal(await cli.exited, 0);
    await events.next(removed(READER), 5_000, from);

    // A new process with the same --state remembers the wrong PIN.
    from = events.mark();
    cli = startCli(args);
    await cli.waitFor(/inserted into vpcd/);
    await events.next(inserted(READER), 5_000, from);
    const again = await readCard(monitor, READER, [new PivProfile()]);
    assert.equal(await again.pinTriesLeft(), 2);
    await again.verifyPin('654321');
    await again.close();
    assert.deepEqual(JSON.parse(readFileSync(state, 'utf8')), { triesLeft: 3 });
    from = events.mark();
    cli.proc.kill('SIGTERM');
    assert.equal(await cli.exited, 0);
    await events.next(removed(READER), 5_000, from);
  } finally {
    if (cli.proc.exitCode === null) cli.proc.kill('SIGKILL');
  }
});

test('virtual-card CLI --no-card-auth: a card with no slot 9E key', async () => {
  const cli = startCli(['--port', '35964', '--no-card-auth', '--ca-out', join(dir, 'ca-no9e.pem')]);
  try {
    const from = events.mark();
    await cli.waitFor(/inserted into vpcd/);
    assert.match(cli.output(), /9A only, no card authentication key/);
    await events.next(inserted(READER), 5_000, from);
    const credential = await readCard(monitor, READER, [new PivProfile()]);
    assert.equal(credential.cardAuthentication, undefined);
    await credential.close();
    const gone = events.mark();
    cli.proc.kill('SIGTERM');
    assert.equal(await cli.exited, 0);
    await events.next(removed(READER), 5_000, gone);
  } finally {
    if (cli.proc.exitCode === null) cli.proc.kill('SIGKILL');
  }
});

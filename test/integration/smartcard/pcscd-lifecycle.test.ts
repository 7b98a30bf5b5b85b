/**
 * The card service coming and going: pcscd absent at start-up (keep trying with backoff), pcscd
 * killed mid-session and restarted (rebuild the PC/SC context, find the readers and card again),
 * and close() letting the process exit.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ensurePcscd, type Pcscd } from '../../fixtures/pcscd.js';
import { insertPivCard, TEST_PIN } from '../../fixtures/vpcd-card.js';
import { PcscCardReaders } from '../../../main/auth/smartcard/pcsc-readers.js';
import { PivProfile } from '../../../main/auth/smartcard/piv/piv-profile.js';
import { readCard } from '../../../main/auth/smartcard/read-card.js';
import { CardError } from '../../../main/core/card-error.js';
import { recordEvents, inserted, service } from './reader-events.js';

let pcscd: Pcscd;
before(async () => { pcscd = await ensurePcscd(); });
after(async () => { await pcscd.release(); });

test('pcscd absent at start: service unavailable, then readers once it starts', async () => {
  await pcscd.kill();
  const readers = new PcscCardReaders({ retry: { initialMs: 100, maxMs: 400 } });
  const events = recordEvents(readers);
  try {
    readers.start();
    const down = await events.next(service(false), 2_000);
    assert.ok(down.type === 'service' && /0x8010001d/i.test(down.detail ?? ''), JSON.stringify(down));
    assert.deepEqual(readers.readers(), []);
    await assert.rejects(readers.connect('Virtual PCD 00 01'), (e: unknown) => e instanceof CardError && e.code === 'service-unavailable');
    await pcscd.start();
    await events.next(service(true), 5_000);
    await events.next((e) => e.type === 'reader-added' && e.reader === 'Virtual PCD 00 01', 5_000);
  } finally {
    events.stop();
    await readers.close();
  }
});

test('pcscd killed mid-session: the session fails cleanly and the monitor recovers by itself', async () => {
  const readers = new PcscCardReaders({ retry: { initialMs: 100, maxMs: 400 } });
  const events = recordEvents(readers);
  readers.start();
  const card = await insertPivCard({ algorithm: 'p256' });
  // pcsclite's close() can join a blocked thread: the monitor must never let that freeze Node.
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  try {
    await events.next(inserted(card.reader), 5_000);
    const credential = await readCard(readers, card.reader, [new PivProfile()]);
    await credential.verifyPin(TEST_PIN);

    const mark = events.mark();
    await pcscd.kill();
    await events.next(service(false), 3_000, mark);
    const seen = events.events.slice(mark).map((e) => e.type);
    assert.ok(seen.includes('card-removed') && seen.includes('reader-removed'), seen.join());
    assert.deepEqual(readers.readers(), []);
    await assert.rejects(credential.sign(new Uint8Array(4)), (e: unknown) => e instanceof CardError);
    await credential.close();

    await pcscd.start();
    await events.next(service(true), 5_000, mark);
    // The virtual card reconnects to the new vpcd by itself, like a card left in a reader.
    await events.next(inserted(card.reader), 8_000, mark);
    const again = await readCard(readers, card.reader, [new PivProfile()]);
    assert.equal(again.cardId, card.uuid);
    assert.equal(await again.pinTriesLeft(), 3, 'a new power-on: PIN needed again, no try spent');
    await again.close();
    lag.disable();
    assert.ok(lag.max / 1e6 < 250, `event loop blocked for ${(lag.max / 1e6).toFixed(0)} ms`);
  } finally {
    lag.disable();
    card.close();
    events.stop();
    await readers.close();
  }
});

test('close() releases every reader so the process exits', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-pcsc-exit-'));
  const module = fileURLToPath(new URL('../../../main/auth/smartcard/pcsc-readers.ts', import.meta.url));
  const script = join(dir, 'probe.ts');
  writeFileSync(script, `
    import { PcscCardReaders } from ${JSON.stringify(module)};
    const readers = new PcscCardReaders();
    readers.subscribe(async (e) => {
      if (e.type === 'reader-added' && e.reader === 'Virtual PCD 00 01') { await readers.close(); console.log('closed'); }
    });
    readers.start();
  `);
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(null); }, 10_000);
      child.on('exit', (c) => { clearTimeout(timer); resolve(c); });
    });
    assert.equal(code, 0, `process did not exit by itself: ${out}`);
    assert.match(out, /closed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Independent PIV clients against the virtual card through the real pcscd: OpenSC (pkcs15-tool,
 * pkcs11-tool with opensc-pkcs11) and yubico-piv-tool. A signature made through OpenSC must verify
 * with the certificate's public key.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { X509Certificate, verify } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { insertPivCard, TEST_PIN, type PivTestCard } from '../../fixtures/vpcd-card.js';
import { createCardCa, type CardCa } from '../../../main/auth/smartcard/virtual/card-pki.js';
import { openPcscRig, closePcscRig, type PcscRig } from './pcsc-rig.js';
import { inserted, removed, type EventLog } from './reader-events.js';

const OPENSC_PKCS11 = '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so';
const READER = 'Virtual PCD 00 01';

/** Runs a tool asynchronously: the card answers from this very event loop. */
function run(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

let events: EventLog;
let ca: CardCa;
let dir: string;

let rig: PcscRig | undefined;

before(async () => {
  rig = await openPcscRig('lanyard-opensc-', READER);
  ({ events, dir } = rig);
  ca = await createCardCa();
});

after(() => closePcscRig(rig));

/** Inserts a fresh card, runs `fn`, pulls it and waits until pcscd saw it go. */
async function withCard(algorithm: 'rsa2048' | 'p256', fn: (card: PivTestCard) => Promise<void>): Promise<void> {
  const from = events.mark();
  const card = await insertPivCard({ ca, algorithm });
  try {
    await events.next(inserted(READER), 5_000, from);
    await fn(card);
  } finally {
    const mark = events.mark();
    card.close();
    await events.next(removed(READER), 5_000, mark).catch(() => undefined);
  }
}

/** The pkcs11-tool slot of our reader. */
async function slotArgs(): Promise<string[]> {
  const { out } = await run('pkcs11-tool', ['--module', OPENSC_PKCS11, '--list-slots']);
  const index = out.split('\n').filter((l) => /^Slot \d+/.test(l)).findIndex((l) => l.includes(READER));
  assert.ok(index >= 0, `no slot for ${READER}:\n${out}`);
  return ['--module', OPENSC_PKCS11, '--slot-index', String(index)];
}

test('pkcs15-tool lists the PIV Authentication certificate', async () => {
  await withCard('rsa2048', async (card) => {
    const { code, out } = await run('pkcs15-tool', ['--reader', '1', '--list-certificates']);
    assert.equal(code, 0, out);
    assert.match(out, /Certificate for PIV Authentication/);
    assert.ok(out.toUpperCase().includes(card.issued.serialNumber.toUpperCase()), out);
  });
});

for (const [algorithm, mechanism] of [['rsa2048', 'SHA256-RSA-PKCS'], ['p256', 'ECDSA-SHA256']] as const) {
  test(`pkcs11-tool --login --sign (${mechanism}) makes a signature the certificate verifies`, async () => {
    await withCard(algorithm, async (card) => {
      const data = join(dir, `data-${algorithm}`);
      const sig = join(dir, `sig-${algorithm}`);
      writeFileSync(data, 'nonce signed through OpenSC');
      const { code, out } = await run('pkcs11-tool', [...await slotArgs(), '--login', '--pin', TEST_PIN, '--sign',
        '--mechanism', mechanism, '--id', '01', '--signature-format', 'openssl', '-i', data, '-o', sig]);
      assert.equal(code, 0, out);
      const ok = verify('sha256', readFileSync(data), new X509Certificate(card.issued.certificateDer).publicKey, readFileSync(sig));
      assert.ok(ok, 'signature verifies with the card certificate');
      assert.equal(card.card.triesLeft, 3);
    });
  });
}

test('a wrong PIN through OpenSC costs one try and says so', async () => {
  await withCard('p256', async (card) => {
    const { code, out } = await run('pkcs11-tool', [...await slotArgs(), '--login', '--pin', '999999', '--list-objects']);
    assert.notEqual(code, 0);
    assert.match(out, /CKR_PIN_INCORRECT/);
    assert.equal(card.card.triesLeft, 2);
  });
});

test('yubico-piv-tool -a status reads version, CHUID, the 9A certificate and tries left', async () => {
  await withCard('rsa2048', async (card) => {
    const { code, out } = await run('yubico-piv-tool', ['-r', READER, '-a', 'status']);
    assert.equal(code, 0, out);
    assert.match(out, /Version:\s+5\.4\.3/);
    assert.ok(out.includes(`3410${card.uuid.replace(/-/g, '')}`), `CHUID with the card GUID:\n${out}`);
    assert.match(out, /Slot 9a:\s*\n\s*Algorithm:\s*RSA2048/);
    assert.match(out, /serialNumber=555123456789/);
    assert.match(out, /PIN tries left:\s*3/);
  });
});

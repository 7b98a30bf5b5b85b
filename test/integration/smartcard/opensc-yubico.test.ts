/**
 * Independent PIV clients against the virtual card through the real pcscd: OpenSC (pkcs15-tool,
 * pkcs11-tool with opensc-pkcs11) and yubico-piv-tool. A signature made through OpenSC must verify
 * with the certificate's public key; the Card Authentication key (slot 9E, OpenSC id 04) signs
 * with no login.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { X509Certificate, createHash, verify } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { insertCard, TEST_HOLDER, TEST_PIN } from '../../fixtures/vpcd-card.js';
import { createCardCa, type CardCa } from '../../../main/auth/smartcard/virtual/card-pki.js';
import { createVirtualCard, type CreatedVirtualCard } from '../../../main/auth/smartcard/virtual/create-virtual-card.js';
import type { SoftwareCard } from '../../../main/auth/smartcard/software-readers.js';
import { toHex } from '../../../main/auth/smartcard/piv/tlv.js';
import { openPcscRig, closePcscRig, type PcscRig } from './pcsc-rig.js';
import { inserted, removed, type EventLog } from './reader-events.js';

const OPENSC_PKCS11 = '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so';
const READER = 'Virtual PCD 00 01';

/** Runs a tool asynchronously: the card answers from this very event loop. */
function run(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
    child.stdin?.end(); // a tool that wants a PIN we did not give fails at once instead of waiting
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

/** A card in the reader, and every APDU it was sent (hex). */
type TestCard = CreatedVirtualCard & { apdus: string[] };

/** Inserts a fresh card, runs `fn`, pulls it and waits until pcscd saw it go. */
async function withCard(algorithm: 'rsa2048' | 'p256', fn: (card: TestCard) => Promise<void>, cardAuthentication = true): Promise<void> {
  const from = events.mark();
  const made = await createVirtualCard({ ca, holder: TEST_HOLDER, pin: TEST_PIN, algorithm, cardAuthentication });
  const apdus: string[] = [];
  const spy: SoftwareCard = {
    atr: made.card.atr, powerOn: () => made.card.powerOn(), powerOff: () => made.card.powerOff(),
    transmit: (apdu) => { apdus.push(toHex(apdu)); return made.card.transmit(apdu); },
  };
  const inCard = await insertCard(spy, 1);
  try {
    await events.next(inserted(READER), 5_000, from);
    await fn({ ...made, apdus });
  } finally {
    const mark = events.mark();
    inCard.close();
    await events.next(removed(READER), 5_000, mark).catch(() => undefined);
  }
}

/** VERIFY commands that carried a PIN. */
const pinVerifies = (card: TestCard): string[] => card.apdus.filter((a) => a.startsWith('00200080') && a.length > 10);

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

test('pkcs15-tool lists and reads the Card Authentication certificate (id 04); a card without 9E has none', async () => {
  await withCard('p256', async (card) => {
    const list = await run('pkcs15-tool', ['--reader', '1', '--list-certificates']);
    assert.equal(list.code, 0, list.out);
    assert.match(list.out, /Certificate for Card Authentication\][\s\S]*?ID\s*:\s*04/);
    const read = await run('pkcs15-tool', ['--reader', '1', '--read-certificate', '04']);
    assert.equal(read.code, 0, read.out);
    const pem = read.out.slice(read.out.indexOf('-----BEGIN CERTIFICATE-----'));
    assert.deepEqual(new Uint8Array(new X509Certificate(pem).raw), card.cardAuthentication?.certificateDer);
  });
  await withCard('p256', async () => {
    const { code, out } = await run('pkcs15-tool', ['--reader', '1', '--list-certificates']);
    assert.equal(code, 0, out);
    assert.match(out, /Certificate for PIV Authentication/);
    assert.doesNotMatch(out, /Card Authentication/);
  }, false);
});

test('OpenSC sees the card authentication key 04 (key ref 9E) without login, and needing no PIN; key 01 needs PIN 01', async () => {
  await withCard('p256', async () => {
    const objects = await run('pkcs11-tool', [...await slotArgs(), '--list-objects']);
    assert.equal(objects.code, 0, objects.out);
    assert.match(objects.out, /Private Key Object; EC\s*\n\s*label:\s*CARD AUTH key\s*\n\s*ID:\s*04/);
    assert.match(objects.out, /label:\s*Certificate for Card Authentication\s*\n[\s\S]*?ID:\s*04/);
    const keys = await run('pkcs15-tool', ['--reader', '1', '--list-keys']);
    assert.equal(keys.code, 0, keys.out);
    const cardAuth = keys.out.slice(keys.out.indexOf('[CARD AUTH key]'));
    assert.match(cardAuth, /Key ref\s*:\s*158 \(0x9E\)/);
    assert.doesNotMatch(cardAuth, /Auth ID/, 'no PIN protects the 9E key');
    assert.match(keys.out.slice(keys.out.indexOf('[PIV AUTH key]'), keys.out.indexOf('[CARD AUTH key]')), /Auth ID\s*:\s*01/);
  });
});

for (const algorithm of ['rsa2048', 'p256'] as const) {
  test(`pkcs15-crypt --sign -k 04 (${algorithm}) signs with no PIN and verifies with the 9E certificate`, async () => {
    await withCard(algorithm, async (card) => {
      const data = Buffer.from('challenge signed by the card authentication key');
      const hash = join(dir, `hash-9e-${algorithm}`);
      const sig = join(dir, `sig-9e-${algorithm}`);
      writeFileSync(hash, createHash('sha256').update(data).digest());
      const format = algorithm === 'rsa2048' ? ['--pkcs1'] : ['--signature-format', 'openssl'];
      const { code, out } = await run('pkcs15-crypt', ['--reader', '1', '--sign', '--key', '04', '--sha-256', ...format, '-i', hash, '-o', sig]);
      assert.equal(code, 0, out);
      assert.ok(card.cardAuthentication);
      const ok = verify('sha256', data, new X509Certificate(card.cardAuthentication.certificateDer).publicKey, readFileSync(sig));
      assert.ok(ok, 'signature verifies with the Card Authentication certificate');
      assert.ok(card.apdus.some((a) => /^[01]087(07|11)9E/.test(a)), 'GENERAL AUTHENTICATE with key 9E');
      assert.deepEqual(pinVerifies(card), [], 'no PIN was sent');
      assert.equal(card.card.triesLeft, 3);
    });
  });
}

test('without a PIN, pkcs15-crypt cannot sign with the PIV Authentication key 01', async () => {
  await withCard('p256', async (card) => {
    const hash = join(dir, 'hash-9a-nopin');
    writeFileSync(hash, createHash('sha256').update('no PIN, no 9A').digest());
    const { code, out } = await run('pkcs15-crypt', ['--reader', '1', '--sign', '--key', '01', '--sha-256', '-f', 'openssl', '-i', hash, '-o', join(dir, 'sig-9a-nopin')]);
    assert.notEqual(code, 0, out);
    assert.deepEqual(pinVerifies(card), []);
  });
});

test('yubico-piv-tool reads the 9E certificate and lists slot 9e in status', async () => {
  await withCard('rsa2048', async (card) => {
    const read = await run('yubico-piv-tool', ['-r', READER, '-a', 'read-certificate', '-s', '9e']);
    assert.equal(read.code, 0, read.out);
    const pem = read.out.slice(read.out.indexOf('-----BEGIN CERTIFICATE-----'));
    assert.deepEqual(new Uint8Array(new X509Certificate(pem).raw), card.cardAuthentication?.certificateDer);
    const status = await run('yubico-piv-tool', ['-r', READER, '-a', 'status']);
    assert.equal(status.code, 0, status.out);
    assert.match(status.out, new RegExp(`Slot 9e:\\s*\\n\\s*Algorithm:\\s*RSA2048\\s*\\n\\s*Subject DN:\\s*CN=${card.uuid}`));
  });
});

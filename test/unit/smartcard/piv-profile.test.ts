import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, verify } from 'node:crypto';
import { createCardCa, type CardCa } from '../../../main/auth/smartcard/virtual/card-pki.js';
import { createVirtualCard } from '../../../main/auth/smartcard/virtual/create-virtual-card.js';
import { SoftwareCardReaders, SOFTWARE_READER_NAME, type SoftwareCard } from '../../../main/auth/smartcard/software-readers.js';
import { PivProfile, emsaPkcs1v15 } from '../../../main/auth/smartcard/piv/piv-profile.js';
import { readCard } from '../../../main/auth/smartcard/read-card.js';
import { CardError } from '../../../main/core/card-error.js';
import type { CardReaderEvent } from '../../../main/core/ports/card-readers.js';
import { fromHex, toHex } from '../../../main/auth/smartcard/piv/tlv.js';
import { captureLog } from './capture-log.js';

let ca: CardCa;
before(async () => { ca = await createCardCa(); });
const holder = { userId: '555123456789', name: 'Dr Ada Lovelace' };
const UUID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

function isCode(code: string, extra?: (e: CardError) => boolean) {
  return (err: unknown) => err instanceof CardError && err.code === code && (extra ? extra(err) : true);
}

/** A software reader with one card in, and a record of every APDU the card saw. */
function readerWith(card: SoftwareCard) {
  const seen: string[] = [];
  const spy: SoftwareCard = {
    atr: card.atr, powerOn: () => card.powerOn(), powerOff: () => card.powerOff(),
    transmit: (apdu) => { seen.push(toHex(apdu)); return card.transmit(apdu); },
  };
  const readers = new SoftwareCardReaders();
  readers.addCard('c1', spy, 'Ada');
  readers.start();
  readers.insert('c1');
  return { readers, seen };
}

test('software reader reports service, reader and card events', async () => {
  const { card } = await createVirtualCard({ ca, holder });
  const readers = new SoftwareCardReaders();
  readers.addCard('c1', card, 'Ada');
  const events: CardReaderEvent['type'][] = [];
  readers.subscribe((e) => events.push(e.type));
  readers.insert('c1');
  readers.start();
  await new Promise((r) => setImmediate(r));
  readers.remove('c1');
  assert.deepEqual(events, ['service', 'reader-added', 'card-inserted', 'card-removed']);
  assert.deepEqual(readers.readers(), [SOFTWARE_READER_NAME]);
  assert.deepEqual(readers.list(), [{ id: 'c1', label: 'Ada', inserted: false }]);
  await readers.close();
});

for (const algorithm of ['rsa2048', 'p256'] as const) {
  test(`reads identity, verifies the PIN once and signs (${algorithm})`, async () => {
    const { card, issued } = await createVirtualCard({ ca, holder, algorithm, uuid: UUID });
    const { readers, seen } = readerWith(card);
    const log = captureLog();
    const credential = await readCard(readers, SOFTWARE_READER_NAME, [new PivProfile({ log })]);
    assert.equal(credential.cardId, UUID);
    assert.equal(credential.algorithm, algorithm === 'rsa2048' ? 'RS256' : 'ES256');
    assert.deepEqual(credential.certificateDer, issued.certificateDer);
    assert.deepEqual(credential.pinLength, { min: 6, max: 8 });
    assert.equal(await credential.pinTriesLeft(), 3);
    await credential.verifyPin('123456');
    assert.equal(seen.filter((a) => a.startsWith('00200080') && a.length > 10).length, 1, 'exactly one VERIFY with data');
    const nonce = new TextEncoder().encode('idp nonce 42');
    const signature = await credential.sign(nonce);
    assert.ok(verify('sha256', nonce, new X509Certificate(issued.certificateDer).publicKey, signature));
    if (algorithm === 'rsa2048') assert.ok(seen.some((a) => a.startsWith('1087079AFF')), 'RSA input went as a chain');
    // The PIN never reaches the log, not even as hex.
    const logged = JSON.stringify(log.lines);
    assert.ok(log.lines.some((l) => l.level === 'traffic'));
    assert.ok(!logged.includes('313233343536FFFF'), 'PIN block in the log'); // (the user ID 555123456789 holds 313233343536 itself)
    assert.match(logged, /PIN redacted/);
    await credential.close();
  });
}

test('wrong PIN gives tries left, then blocked; the profile never resends', async () => {
  const { card } = await createVirtualCard({ ca, holder });
  const { readers, seen } = readerWith(card);
  const credential = await readCard(readers, SOFTWARE_READER_NAME, [new PivProfile()]);
  await assert.rejects(credential.verifyPin('000000'), isCode('pin-wrong', (e) => e.triesLeft === 2 && /2 tries left/.test(e.userMessage)));
  await assert.rejects(credential.verifyPin('000000'), isCode('pin-wrong', (e) => e.triesLeft === 1));
  await assert.rejects(credential.verifyPin('000000'), isCode('pin-blocked'));
  assert.equal(await credential.pinTriesLeft(), 0);
  await assert.rejects(credential.verifyPin('123456'), isCode('pin-blocked', (e) => /unlock/.test(e.userMessage)));
  assert.equal(seen.filter((a) => a.startsWith('0020008008')).length, 4, 'one VERIFY per call');
});

test('a PIN of the wrong shape never reaches the card', async () => {
  const { card } = await createVirtualCard({ ca, holder });
  const { readers, seen } = readerWith(card);
  const credential = await readCard(readers, SOFTWARE_READER_NAME, [new PivProfile()]);
  const before = seen.length;
  for (const pin of ['12345', '123456789', '12a456', '']) await assert.rejects(credential.verifyPin(pin), isCode('pin-format'));
  assert.equal(seen.length, before);
  assert.equal(card.triesLeft, 3);
});

test('signing before VERIFY is a security-status error', async () => {
  const { card } = await createVirtualCard({ ca, holder });
  const { readers } = readerWith(card);
  const credential = await readCard(readers, SOFTWARE_READER_NAME, [new PivProfile()]);
  await assert.rejects(credential.sign(new Uint8Array(8)), isCode('security-status'));
});

test('a card without the PIV application is refused as not-piv', async () => {
  const notPiv: SoftwareCard = { atr: fromHex('3B00'), powerOn() {}, powerOff() {}, transmit: () => fromHex('6A82') };
  const { readers } = readerWith(notPiv);
  await assert.rejects(readCard(readers, SOFTWARE_READER_NAME, [new PivProfile()]), isCode('not-piv'));
});

test('truncated TLV from the card is malformed-response', async () => {
  const { card } = await createVirtualCard({ ca, holder });
  // Cut the CHUID answer short but keep its status word.
  const truncating: SoftwareCard = {
    atr: card.atr, powerOn: () => card.powerOn(), powerOff: () => card.powerOff(),
    transmit: (apdu) => {
      const r = card.transmit(apdu);
      return toHex(apdu).includes('5C035FC102') ? Uint8Array.of(...r.subarray(0, 20), 0x90, 0x00) : r;
    },
  };
  const { readers } = readerWith(truncating);
  await assert.rejects(readCard(readers, SOFTWARE_READER_NAME, [new PivProfile()]), isCode('malformed-response'));
});

test('an expired certificate is refused before any PIN is asked', async () => {
  const { card } = await createVirtualCard({ ca, holder, notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
  const { readers } = readerWith(card);
  await assert.rejects(readCard(readers, SOFTWARE_READER_NAME, [new PivProfile()]), isCode('certificate-expired', (e) => /expired/.test(e.userMessage)));
});

test('pulling the card mid-command gives card-removed', async () => {
  const { card } = await createVirtualCard({ ca, holder });
  const { readers } = readerWith(card);
  const credential = await readCard(readers, SOFTWARE_READER_NAME, [new PivProfile()]);
  const pending = credential.verifyPin('123456');
  readers.remove('c1');
  await assert.rejects(pending, isCode('card-removed'));
  assert.equal(card.triesLeft, 3, 'the counter is untouched');
});

test('EMSA-PKCS1-v1_5 block for SHA-256 matches RFC 8017', () => {
  const hash = new Uint8Array(32).fill(0xab);
  const em = toHex(emsaPkcs1v15(hash, 256));
  assert.equal(em.length, 512);
  assert.ok(em.startsWith('0001FFFF'));
  assert.ok(em.endsWith(`003031300D060960864801650304020105000420${'AB'.repeat(32)}`));
  assert.equal(em.indexOf('00', 4) % 2, 0);
});

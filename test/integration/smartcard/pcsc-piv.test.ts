/**
 * Our PcscCardReaders + PIV profile against the real pcscd, with virtual cards in the vpcd reader:
 * identity, PIN outcomes, re-insertion, pulls mid-command, a non-PIV card, bad TLV, expired
 * certificates, the PIN-less Card Authentication key (9E), an answer that never ends.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, randomBytes, verify } from 'node:crypto';
import { ensurePcscd, type Pcscd } from '../../fixtures/pcscd.js';
import { insertCard, insertPivCard, notPivCard, TEST_HOLDER, TEST_PIN } from '../../fixtures/vpcd-card.js';
import { createVirtualCard } from '../../../main/auth/smartcard/virtual/create-virtual-card.js';
import { PcscCardReaders } from '../../../main/auth/smartcard/pcsc-readers.js';
import { PivProfile } from '../../../main/auth/smartcard/piv/piv-profile.js';
import { readCard } from '../../../main/auth/smartcard/read-card.js';
import { verifyCardAuthentication } from '../../../main/auth/smartcard/card-authentication.js';
import { createCardCa, type CardCa } from '../../../main/auth/smartcard/virtual/card-pki.js';
import { CardError } from '../../../main/core/card-error.js';
import type { SoftwareCard } from '../../../main/auth/smartcard/software-readers.js';
import { recordEvents, inserted, removed, type EventLog } from './reader-events.js';

let pcscd: Pcscd;
let readers: PcscCardReaders;
let events: EventLog;
let ca: CardCa;
const profiles = [new PivProfile()];

before(async () => {
  pcscd = await ensurePcscd();
  ca = await createCardCa();
  readers = new PcscCardReaders({ retry: { initialMs: 100, maxMs: 500 } });
  events = recordEvents(readers);
  readers.start();
  await events.next((e) => e.type === 'reader-added' && e.reader === 'Virtual PCD 00 01');
});

after(async () => {
  events.stop();
  await readers.close();
  await pcscd.release();
});

/** Pulls a card and waits until pcscd has seen it go, so the next card is a fresh insertion. */
async function eject(card: { close(): void; reader: string }): Promise<void> {
  const from = events.mark();
  card.close();
  await events.next(removed(card.reader), 5_000, from).catch(() => undefined); // never seen in: nothing to wait for
}

const isCode = (code: string, extra?: (e: CardError) => boolean) => (err: unknown) =>
  err instanceof CardError && err.code === code && (extra ? extra(err) : true);

test('both vpcd readers are listed; a card tap reads the identity and signs (RSA-2048)', async () => {
  assert.ok(readers.readers().includes('Virtual PCD 00 00'));
  const from = events.mark();
  const card = await insertPivCard({ ca, algorithm: 'rsa2048' });
  try {
    const ev = await events.next(inserted(card.reader), 5_000, from);
    assert.ok(ev.type === 'card-inserted' && ev.atr.length > 4);
    const credential = await readCard(readers, card.reader, profiles);
    assert.equal(credential.cardId, card.uuid);
    assert.equal(credential.algorithm, 'RS256');
    assert.deepEqual(credential.certificateDer, card.issued.certificateDer);
    assert.equal(await credential.pinTriesLeft(), 3);
    await credential.verifyPin(TEST_PIN);
    const nonce = new TextEncoder().encode('nonce-from-the-idp');
    const sig = await credential.sign(nonce);
    assert.ok(verify('sha256', nonce, new X509Certificate(card.issued.certificateDer).publicKey, sig));
    await credential.close();
  } finally {
    await eject(card);
  }
});

test('P-256 card signs; wrong PIN shows tries left, the counter survives re-insertion, then blocks', async () => {
  const from = events.mark();
  const card = await insertPivCard({ ca, algorithm: 'p256' });
  try {
    await events.next(inserted(card.reader), 5_000, from);
    let credential = await readCard(readers, card.reader, profiles);
    assert.equal(credential.algorithm, 'ES256');
    await assert.rejects(credential.verifyPin('000000'), isCode('pin-wrong', (e) => e.triesLeft === 2 && e.statusWord === 0x63c2));
    await credential.close();

    // Pull and re-insert: the card remembers.
    const mark = events.mark();
    card.client.pull();
    await events.next(removed(card.reader), 5_000, mark);
    await card.client.insert();
    await events.next(inserted(card.reader), 5_000, mark);
    credential = await readCard(readers, card.reader, profiles);
    assert.equal(await credential.pinTriesLeft(), 2);
    await assert.rejects(credential.verifyPin('000000'), isCode('pin-wrong', (e) => e.triesLeft === 1));
    await assert.rejects(credential.verifyPin('000000'), isCode('pin-blocked'));
    await assert.rejects(credential.verifyPin(TEST_PIN), isCode('pin-blocked', (e) => e.statusWord === 0x6983));
    assert.equal(await credential.pinTriesLeft(), 0);
    await credential.close();
  } finally {
    await eject(card);
  }
});

test('a card already in the reader when monitoring starts arrives as an insertion', async () => {
  const from = events.mark();
  const card = await insertPivCard({ ca });
  const late = new PcscCardReaders();
  const lateEvents = recordEvents(late);
  try {
    // Give pcscd a poll to see the card before the monitor starts.
    await events.next(inserted(card.reader), 5_000, from);
    late.start();
    await lateEvents.next(inserted(card.reader), 5_000);
  } finally {
    lateEvents.stop();
    await late.close();
    await eject(card);
  }
});

test('pulling the card in the middle of VERIFY fails cleanly and spends no try', async () => {
  const from = events.mark();
  const card = await insertPivCard({ ca });
  try {
    await events.next(inserted(card.reader), 5_000, from);
    const credential = await readCard(readers, card.reader, profiles);
    card.client.onApdu = (apdu) => (apdu[1] === 0x20 && apdu.length > 5 ? 'pull' : undefined);
    await assert.rejects(credential.verifyPin(TEST_PIN), isCode('card-removed', (e) => /Insert it again/.test(e.userMessage)));
    assert.equal(card.card.triesLeft, 3);
    await credential.close();
  } finally {
    await eject(card);
  }
});

test('pulling the card while the certificate is read gives card-removed, never a hang', async () => {
  const from = events.mark();
  const card = await insertPivCard({ ca, algorithm: 'rsa2048' });
  try {
    await events.next(inserted(card.reader), 5_000, from);
    card.client.onApdu = (apdu) => (apdu[1] === 0xc0 ? 'pull' : undefined); // first GET RESPONSE
    await assert.rejects(readCard(readers, card.reader, profiles), (err: unknown) => {
      assert.ok(err instanceof CardError && err.code === 'card-removed', String(err));
      return true;
    });
  } finally {
    await eject(card);
  }
});

test('a card without the PIV application is refused as not-piv', async () => {
  const from = events.mark();
  const card = await insertCard(notPivCard);
  try {
    await events.next(inserted(card.reader), 5_000, from);
    await assert.rejects(readCard(readers, card.reader, profiles), isCode('not-piv', (e) => /not a staff smartcard/.test(e.userMessage)));
  } finally {
    await eject(card);
  }
});

test('truncated TLV in the CHUID is malformed-response', async () => {
  const good = await insertPivCard({ ca });
  await eject(good); // only its VirtualPivCard is wanted, behind a corrupting wrapper
  const corrupt: SoftwareCard = {
    atr: good.card.atr,
    powerOn: () => good.card.powerOn(),
    powerOff: () => good.card.powerOff(),
    transmit: (apdu) => {
      const r = good.card.transmit(apdu);
      const isChuid = Buffer.from(apdu).includes(Buffer.from([0x5c, 0x03, 0x5f, 0xc1, 0x02]));
      return isChuid ? Uint8Array.of(...r.subarray(0, 12), 0x90, 0x00) : r;
    },
  };
  const from = events.mark();
  const card = await insertCard(corrupt);
  try {
    await events.next(inserted(card.reader), 5_000, from);
    await assert.rejects(readCard(readers, card.reader, profiles), isCode('malformed-response'));
  } finally {
    await eject(card);
  }
});

test('an expired certificate is refused with a clear message and the counter untouched', async () => {
  const from = events.mark();
  const card = await insertPivCard({ ca, notBefore: new Date('2019-01-01'), notAfter: new Date('2020-01-01') });
  try {
    await events.next(inserted(card.reader), 5_000, from);
    await assert.rejects(readCard(readers, card.reader, profiles), isCode('certificate-expired', (e) => /expired/.test(e.userMessage)));
    assert.equal(card.card.triesLeft, 3);
  } finally {
    await eject(card);
  }
});

test('through pcscd: the 9E key proves the card with no PIN, on every connection', async () => {
  const from = events.mark();
  const card = await insertPivCard({ ca, algorithm: 'p256' });
  try {
    await events.next(inserted(card.reader), 5_000, from);
    for (let tap = 0; tap < 2; tap++) {
      const credential = await readCard(readers, card.reader, profiles);
      assert.ok(credential.cardAuthentication);
      assert.deepEqual(credential.cardAuthentication.certificateDer, card.cardAuthentication?.certificateDer);
      assert.equal(await verifyCardAuthentication(credential.cardAuthentication, new Uint8Array(randomBytes(32))), true);
      await credential.close();
    }
    assert.equal(card.card.triesLeft, 3);
  } finally {
    await eject(card);
  }
});

test('through pcscd: a card answering an endless chain of 61xx with 4 KiB each is refused at the 16 KiB cap', async () => {
  const block = Uint8Array.of(...new Uint8Array(4096).fill(0x53), 0x61, 0x00);
  let getResponses = 0;
  const { card: inner } = await createVirtualCard({ ca, holder: TEST_HOLDER });
  const endless: SoftwareCard = {
    atr: inner.atr, powerOn: () => inner.powerOn(), powerOff: () => inner.powerOff(),
    transmit: (apdu) => {
      if (apdu[1] === 0xc0) { getResponses++; return block; }
      return apdu[1] === 0xcb && apdu[9] === 0x05 ? block : inner.transmit(apdu);
    },
  };
  const from = events.mark();
  const card = await insertCard(endless, 1);
  try {
    await events.next(inserted(card.reader), 5_000, from);
    const t0 = performance.now();
    await assert.rejects(readCard(readers, card.reader, profiles), isCode('malformed-response', (e) => /longer than 16384/.test(e.message)));
    assert.ok(performance.now() - t0 < 2_000);
    assert.equal(getResponses, 4);
  } finally {
    await eject(card);
  }
});

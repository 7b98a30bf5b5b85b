/**
 * The PIV Card Authentication key (slot 9E): the profile reads its certificate (5FC101) and signs
 * with GENERAL AUTHENTICATE key 9E without any VERIFY; the virtual card signs with 9E without a PIN
 * and still wants it for 9A; a clone that copied every readable object cannot pass
 * verifyCardAuthentication.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createHash, randomBytes, verify } from 'node:crypto';
import { createCardCa, type CardCa } from '../../../main/auth/smartcard/virtual/card-pki.js';
import { createCardAuthentication, createVirtualCard } from '../../../main/auth/smartcard/virtual/create-virtual-card.js';
import { loadCardKey } from '../../../main/auth/smartcard/virtual/card-key.js';
import { VirtualPivCard, type VirtualPivCard as Card } from '../../../main/auth/smartcard/virtual/virtual-piv-card.js';
import { SoftwareCardReaders, SOFTWARE_READER_NAME, type SoftwareCard } from '../../../main/auth/smartcard/software-readers.js';
import { PivProfile, guidFromUuid } from '../../../main/auth/smartcard/piv/piv-profile.js';
import { readCard } from '../../../main/auth/smartcard/read-card.js';
import { verifyCardAuthentication } from '../../../main/auth/smartcard/card-authentication.js';
import { findTlv, fromHex, toHex } from '../../../main/auth/smartcard/piv/tlv.js';
import { withStatus } from '../../../main/auth/smartcard/piv/apdu.js';
import { CardError } from '../../../main/core/card-error.js';
import { captureLog } from './capture-log.js';

let ca: CardCa;
before(async () => { ca = await createCardCa(); });
const holder = { userId: '555123456789', name: 'Dr Ada Lovelace' };
const UUID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
/** SHA-256("abc"), FIPS 180-2 appendix B.1. */
const SHA256_ABC = 'BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD';
const abc = new TextEncoder().encode('abc');

function readerWith(card: SoftwareCard) {
  const seen: string[] = [];
  const spy: SoftwareCard = {
    atr: card.atr, powerOn: () => card.powerOn(), powerOff: () => card.powerOff(),
    transmit: (apdu) => { seen.push(toHex(apdu)); return card.transmit(apdu); },
  };
  const readers = new SoftwareCardReaders();
  readers.addCard('c1', spy);
  readers.start();
  readers.insert('c1');
  return { readers, seen };
}
const send = (c: Card, hex: string): string => toHex(c.transmit(fromHex(hex.replace(/ /g, ''))));

test('profile: 9E certificate read with GET DATA 5FC101, P-256 signature as 00 87 11 9E with no VERIFY', async () => {
  const { card, cardAuthentication: issued } = await createVirtualCard({ ca, holder, algorithm: 'p256', uuid: UUID });
  assert.ok(issued);
  const { readers, seen } = readerWith(card);
  const credential = await readCard(readers, SOFTWARE_READER_NAME, [new PivProfile()]);
  assert.ok(seen.includes('00CB3FFF055C035FC10100'), 'GET DATA for the Card Authentication certificate');
  const key = credential.cardAuthentication;
  assert.ok(key);
  assert.deepEqual(key.certificateDer, issued.certificateDer);
  assert.equal(key.algorithm, 'ES256');
  const from = seen.length;
  const signature = await key.sign(abc);
  assert.deepEqual(seen.slice(from), [`0087119E267C2482008120${SHA256_ABC}00`]);
  assert.ok(verify('sha256', abc, new X509Certificate(issued.certificateDer).publicKey, signature));
  assert.ok(!seen.some((a) => a.startsWith('00200080')), 'no VERIFY at all, not even an empty one');
  assert.equal(card.triesLeft, 3);
  await credential.close();
});

test('profile: RSA-2048 9E signature goes as the chain 10 87 07 9E FF … / 00 87 07 9E 0B … 00 over EMSA-PKCS1-v1_5', async () => {
  const { card, cardAuthentication: issued } = await createVirtualCard({ ca, holder, algorithm: 'rsa2048' });
  assert.ok(issued);
  const { readers, seen } = readerWith(card);
  const credential = await readCard(readers, SOFTWARE_READER_NAME, [new PivProfile()]);
  assert.equal(credential.cardAuthentication?.algorithm, 'RS256');
  const from = seen.length;
  const signature = await credential.cardAuthentication.sign(abc);
  // 7C 82 0106 { 82 00, 81 82 0100 <00 01 FF×202 00 DigestInfo(SHA-256) hash> }: 266 bytes, 255 + 11.
  const block = `0001${'FF'.repeat(202)}003031300D060960864801650304020105000420${SHA256_ABC}`;
  const template = `7C820106820081820100${block}`;
  const [first, second] = [seen[from], seen[from + 1]];
  assert.equal(first, `1087079EFF${template.slice(0, 510)}`);
  assert.equal(second, `0087079E0B${template.slice(510)}00`);
  assert.ok(seen.slice(from + 2).every((a) => a.startsWith('00C00000')), 'then only GET RESPONSE');
  assert.ok(verify('sha256', abc, new X509Certificate(issued.certificateDer).publicKey, signature));
  assert.ok(!seen.some((a) => a.startsWith('00200080')));
});

test('profile: a card without 9E (5FC101 answers 6A82) has no cardAuthentication and still signs in', async () => {
  const { card } = await createVirtualCard({ ca, holder, cardAuthentication: false });
  const { readers, seen } = readerWith(card);
  const credential = await readCard(readers, SOFTWARE_READER_NAME, [new PivProfile()]);
  assert.ok(seen.includes('00CB3FFF055C035FC10100'));
  assert.equal(credential.cardAuthentication, undefined);
  await credential.verifyPin('123456');
  assert.ok((await credential.sign(abc)).length > 0);
});

test('profile: an unusable 9E certificate means no cardAuthentication (PIN on resume), logged, sign-in unaffected', async () => {
  const { card } = await createVirtualCard({ ca, holder });
  const broken: SoftwareCard = {
    atr: card.atr, powerOn: () => card.powerOn(), powerOff: () => card.powerOff(),
    transmit: (apdu) => (toHex(apdu) === '00CB3FFF055C035FC10100' ? withStatus(fromHex('530A7003300100710100FE00'), 0x9000) : card.transmit(apdu)),
  };
  const { readers } = readerWith(broken);
  const log = captureLog();
  const credential = await readCard(readers, SOFTWARE_READER_NAME, [new PivProfile({ log })]);
  assert.equal(credential.cardAuthentication, undefined);
  assert.ok(log.lines.some((l) => l.level === 'warn' && /card authentication/.test(l.message)));
});

test('profile: a card pulled while its 9E certificate is read is card-removed, not a card without 9E', async () => {
  const { card } = await createVirtualCard({ ca, holder });
  const pull: { readers?: SoftwareCardReaders } = {};
  const pulling: SoftwareCard = {
    atr: card.atr, powerOn: () => card.powerOn(), powerOff: () => card.powerOff(),
    transmit: (apdu) => {
      if (toHex(apdu) === '00CB3FFF055C035FC10100') queueMicrotask(() => pull.readers?.remove('c1'));
      return card.transmit(apdu);
    },
  };
  const { readers } = readerWith(pulling);
  pull.readers = readers;
  // The answer to 5FC101 is long (61xx): the GET RESPONSE after the pull finds the card gone.
  await assert.rejects(readCard(readers, SOFTWARE_READER_NAME, [new PivProfile()]), (e: unknown) => e instanceof CardError && e.code === 'card-removed');
});

test('virtual card: 9E signs with no PIN, 9A still needs it; without 9E the card answers 6A82', async () => {
  const { card, issued, cardAuthentication } = await createVirtualCard({ ca, holder, algorithm: 'p256', uuid: UUID });
  assert.ok(cardAuthentication);
  card.powerOn();
  const ga = (key: string) => `0087 11 ${key} 26 7C24 8200 8120 ${SHA256_ABC} 00`;
  assert.equal(send(card, ga('9A')), '6982', '9A without the PIN');
  const r = send(card, ga('9E'));
  assert.equal(r.slice(-4), '9000');
  const sig = findTlv(findTlv(fromHex(r.slice(0, -4)), 0x7c)!, 0x82)!;
  assert.ok(verify('sha256', abc, new X509Certificate(cardAuthentication.certificateDer).publicKey, sig));
  assert.ok(!verify('sha256', abc, new X509Certificate(issued.certificateDer).publicKey, sig), '9E is its own key, not 9A');
  assert.equal(send(card, ga('9E').replace('0087 11', '0087 07')), '6A86', 'wrong algorithm for the 9E key');
  assert.equal(send(card, '0020008000'), '63C3', 'still not verified');

  const { card: without } = await createVirtualCard({ ca, holder, cardAuthentication: false });
  without.powerOn();
  assert.equal(send(without, ga('9E')), '6A82');
  assert.equal(send(without, '00CB3FFF055C035FC10100'), '6A82');
  assert.equal(send(without, '0020008008313233343536FFFF'), '9000');
  assert.equal(send(without, ga('9E')), '6A82', 'not even after the PIN');
});

test('virtual card: 5FC101 holds 70 <9E certificate> 71 00 FE; the 9E certificate names the card with id-PIV-cardAuth', async () => {
  const { card, cardAuthentication } = await createVirtualCard({ ca, holder, uuid: UUID });
  card.powerOn();
  let r = send(card, '00CB3FFF055C035FC10100');
  let data = r.slice(0, -4);
  while (r.slice(-4).startsWith('61')) { r = send(card, `00C00000${r.slice(-2)}`); data += r.slice(0, -4); }
  const object = findTlv(fromHex(data), 0x53)!;
  assert.deepEqual(findTlv(object, 0x70), cardAuthentication!.certificateDer);
  assert.equal(toHex(findTlv(object, 0x71)!), '00');
  const cert = new X509Certificate(cardAuthentication!.certificateDer);
  assert.match(cert.subject, new RegExp(`CN=${UUID}`));
  assert.equal(cert.subjectAltName, `URI:urn:uuid:${UUID}`);
  assert.ok(cert.verify(new X509Certificate(ca.certificateDer).publicKey), 'issued by the card CA');
  assert.deepEqual(cert.keyUsage, ['2.16.840.1.101.3.6.8'], 'only the card-auth EKU: never a sign-in certificate');
});

test('verifyCardAuthentication: the real card passes, a clone of all its readable objects fails', async () => {
  const made = await createVirtualCard({ ca, holder, uuid: UUID });
  const { readers } = readerWith(made.card);
  const genuine = await readCard(readers, SOFTWARE_READER_NAME, [new PivProfile()]);
  assert.ok(genuine.cardAuthentication);
  assert.equal(await verifyCardAuthentication(genuine.cardAuthentication, new Uint8Array(randomBytes(32))), true);

  // The clone: same CHUID GUID, same 9A and 9E certificates, but keys of its own.
  const other = await createCardAuthentication(ca, guidFromUuid(UUID));
  const clone = new VirtualPivCard({
    pin: '000000', certificateDer: made.issued.certificateDer, key: loadCardKey(other.issued.privateKeyPkcs8), guid: guidFromUuid(UUID),
    cardAuthentication: { certificateDer: made.cardAuthentication!.certificateDer, key: other.key },
  });
  const { readers: cloneReaders } = readerWith(clone);
  const copied = await readCard(cloneReaders, SOFTWARE_READER_NAME, [new PivProfile()]);
  assert.equal(copied.cardId, genuine.cardId);
  assert.deepEqual(copied.certificateDer, genuine.certificateDer);
  assert.deepEqual(copied.cardAuthentication?.certificateDer, genuine.cardAuthentication.certificateDer);
  assert.equal(await verifyCardAuthentication(copied.cardAuthentication!, new Uint8Array(randomBytes(32))), false);
});

test('verifyCardAuthentication refuses short challenges and passes card errors through', async () => {
  const { card } = await createVirtualCard({ ca, holder });
  const { readers } = readerWith(card);
  const credential = await readCard(readers, SOFTWARE_READER_NAME, [new PivProfile()]);
  const key = credential.cardAuthentication!;
  await assert.rejects(verifyCardAuthentication(key, new Uint8Array(8)), RangeError);
  readers.remove('c1');
  await assert.rejects(verifyCardAuthentication(key, new Uint8Array(randomBytes(32))), (e: unknown) => e instanceof CardError && e.code === 'card-removed');
  // A key whose algorithm does not match its certificate never verifies.
  const mismatched = { ...key, algorithm: 'RS256' as const, sign: async () => new Uint8Array(256) };
  assert.equal(await verifyCardAuthentication(mismatched, createHash('sha256').update('x').digest()), false);
});

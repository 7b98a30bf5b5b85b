import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createHash, verify } from 'node:crypto';
import { createCardCa, type CardCa } from '../../../main/auth/smartcard/virtual/card-pki.js';
import { createVirtualCard } from '../../../main/auth/smartcard/virtual/create-virtual-card.js';
import { memoryPinCounter, type VirtualPivCard } from '../../../main/auth/smartcard/virtual/virtual-piv-card.js';
import { fromHex, toHex, parseTlvs, findTlv } from '../../../main/auth/smartcard/piv/tlv.js';
import { emsaPkcs1v15 } from '../../../main/auth/smartcard/piv/piv-profile.js';

let ca: CardCa;
before(async () => { ca = await createCardCa(); });
const holder = { userId: '555123456789', name: 'Dr Ada Lovelace' };

async function card(algorithm: 'rsa2048' | 'p256' = 'p256', counter = memoryPinCounter()) {
  const made = await createVirtualCard({ ca, holder, algorithm, pin: '123456', uuid: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', counter });
  made.card.powerOn();
  return made;
}
const send = (c: VirtualPivCard, hex: string): string => toHex(c.transmit(fromHex(hex)));
const sw = (hex: string): string => hex.slice(-4);

test('SELECT with the 9-byte and 5-byte AID answers the application property template', async () => {
  const { card: c } = await card();
  for (const aid of ['A00000030800001000', 'A000000308']) {
    const r = send(c, `00A40400${(aid.length / 2).toString(16).padStart(2, '0')}${aid}00`);
    assert.equal(sw(r), '9000');
    const apt = findTlv(fromHex(r.slice(0, -4)), 0x61)!;
    assert.equal(toHex(findTlv(apt, 0x4f)!), '000010000100');
  }
});

test('other applets\' probes get 6A82/6D00 and PIV stays selected', async () => {
  const { card: c } = await card();
  assert.equal(send(c, '00A4040007A0000000041010'), '6A82');
  assert.equal(send(c, '00CADF3000'), '6D00');
  assert.equal(send(c, '00A4000C023F00'), '6A82');
  assert.equal(sw(send(c, '00CB3FFF035C017E00')), '9000');
});

test('Discovery is byte-identical on every read and available without SELECT after power-on', async () => {
  const { card: c } = await card();
  const first = send(c, '00CB3FFF035C017E00');
  assert.equal(first, '7E124F0BA0000003080000100001005F2F0240009000');
  assert.equal(send(c, '00CB3FFF035C017E00'), first);
});

test('Le=08 gives 8 bytes and 61xx; GET RESPONSE fetches the rest', async () => {
  const { card: c, uuid } = await card();
  const head = send(c, '00CB3FFF055C035FC10208');
  assert.equal(head.length, 2 * (8 + 2));
  assert.match(sw(head), /^61/);
  const rest = send(c, `00C00000${sw(head).slice(2)}`);
  assert.equal(sw(rest), '9000');
  const full = fromHex(head.slice(0, -4) + rest.slice(0, -4));
  const guid = findTlv(findTlv(full, 0x53)!, 0x34)!;
  assert.equal(toHex(guid).toLowerCase(), uuid.replace(/-/g, ''));
  // Full read in one go gives the same bytes.
  assert.equal(send(c, '00CB3FFF055C035FC10200').slice(0, -4), toHex(full));
});

test('certificate 5FC105 comes as 70/71/FE through GET RESPONSE, also when GET DATA has no Le', async () => {
  const { card: c, issued } = await card('rsa2048');
  let r = send(c, '00CB3FFF055C035FC105');
  let data = r.slice(0, -4);
  while (sw(r).startsWith('61')) { r = send(c, `00C00000${sw(r).slice(2)}`); data += r.slice(0, -4); }
  assert.equal(sw(r), '9000');
  const obj = findTlv(fromHex(data), 0x53)!;
  assert.deepEqual(parseTlvs(obj).map((t) => t.tag), [0x70, 0x71, 0xfe]);
  assert.equal(toHex(findTlv(obj, 0x70)!), toHex(issued.certificateDer));
});

test('unknown data objects are 6A82; Printed Information needs the PIN (6982)', async () => {
  const { card: c } = await card();
  assert.equal(send(c, '00CB3FFF055C035FC10A00'), '6A82');
  assert.equal(send(c, '00CB3FFF055C035FC10900'), '6982');
  assert.equal(send(c, '0020008008313233343536FFFF'), '9000');
  assert.equal(sw(send(c, '00CB3FFF055C035FC10900')), '9000');
});

test('VERIFY: empty VERIFY reports tries, wrong PINs count down, 63C0 then 6983, right PIN resets', async () => {
  const counter = memoryPinCounter();
  const { card: c } = await card('p256', counter);
  assert.equal(send(c, '0020008000'), '63C3');
  assert.equal(send(c, '00200080083131313131313131'), '63C2'); // 11111111, wrong
  assert.equal(send(c, '0020008000'), '63C2', 'empty VERIFY spends nothing');
  assert.equal(send(c, '0020008008313233343536FFFF'), '9000');
  assert.equal(send(c, '0020008000'), '9000', 'verified');
  assert.equal(counter.load(), 3);
  assert.equal(send(c, '00200080083131313131313131'), '63C2');
  assert.equal(send(c, '00200080083131313131313131'), '63C1');
  assert.equal(send(c, '00200080083131313131313131'), '63C0');
  assert.equal(send(c, '0020008008313233343536FFFF'), '6983', 'blocked even for the right PIN');
  assert.equal(send(c, '0020008000'), '6983');
});

test('the retry counter survives power cycles (re-insertion); verification does not', async () => {
  const counter = memoryPinCounter();
  const { card: c } = await card('p256', counter);
  assert.equal(send(c, '00200080083131313131313131'), '63C2');
  c.powerOff(); c.powerOn();
  assert.equal(send(c, '0020008000'), '63C2');
  assert.equal(send(c, '0020008008313233343536FFFF'), '9000');
  c.powerOff(); c.powerOn();
  assert.equal(send(c, '0020008000'), '63C3');
});

test('malformed PIN blocks are 6A80 and cost no try', async () => {
  const { card: c } = await card();
  assert.equal(send(c, '0020008006313233343536'), '6A80');
  assert.equal(send(c, '002000800831323334FFFFFFFF'), '6A80', 'fewer than 6 digits');
  assert.equal(send(c, '0020008008313233FF343536FF'), '6A80', 'digit after padding');
  assert.equal(send(c, '0020008000'), '63C3');
  assert.equal(send(c, '0020000008313233343536FFFF'), '6A88', 'global PIN not supported');
});

test('GENERAL AUTHENTICATE P-256 signs the given hash after VERIFY', async () => {
  const { card: c, issued } = await card('p256');
  const hash = createHash('sha256').update('nonce').digest();
  const ga = `0087119A 26 7C24 8200 8120 ${toHex(hash)} 00`.replace(/ /g, '');
  assert.equal(send(c, ga), '6982', 'needs the PIN');
  send(c, '0020008008313233343536FFFF');
  assert.equal(send(c, ga.replace('0087119A', '0087079A')), '6A86', 'wrong algorithm for the key');
  const r = send(c, ga);
  assert.equal(sw(r), '9000');
  const sig = findTlv(findTlv(fromHex(r.slice(0, -4)), 0x7c)!, 0x82)!;
  assert.ok(verify('sha256', Buffer.from('nonce'), new X509Certificate(issued.certificateDer).publicKey, sig));
});

test('GENERAL AUTHENTICATE RSA-2048 over a command chain (CLA 10) with GET RESPONSE', async () => {
  const { card: c, issued } = await card('rsa2048');
  send(c, '0020008008313233343536FFFF');
  const block = emsaPkcs1v15(createHash('sha256').update('nonce').digest(), 256);
  const template = `7C820106 8200 81820100 ${toHex(block)}`.replace(/ /g, '');
  const body = fromHex(template);
  const first = toHex(body.subarray(0, 255));
  const second = toHex(body.subarray(255));
  assert.equal(send(c, `1087079AFF${first}`), '9000');
  let r = send(c, `0087079A${(body.length - 255).toString(16).padStart(2, '0')}${second}00`);
  let data = r.slice(0, -4);
  while (sw(r).startsWith('61')) { r = send(c, `00C00000${sw(r).slice(2)}`); data += r.slice(0, -4); }
  assert.equal(sw(r), '9000');
  const sig = findTlv(findTlv(fromHex(data), 0x7c)!, 0x82)!;
  assert.equal(sig.length, 256);
  assert.ok(verify('sha256', Buffer.from('nonce'), new X509Certificate(issued.certificateDer).publicKey, sig));
});

test('a chain broken by another command is refused', async () => {
  const { card: c } = await card('rsa2048');
  assert.equal(send(c, '1087079A03010203'), '9000');
  assert.equal(send(c, '00CB3FFF035C017E00'), '6883');
});

test('GET VERSION and GET SERIAL (yubico-piv-tool)', async () => {
  const { card: c } = await card();
  assert.equal(send(c, '00FD000000'), '0504039000');
  assert.equal(sw(send(c, '00F8000000')), '9000');
  assert.equal(send(c, '00F8000000').length, 12);
  assert.equal(send(c, '80FD0000'), '6E00');
});

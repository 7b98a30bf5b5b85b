import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeMessage, parsePacket, MessageAssembler, hex, fromHex,
} from '../../../main/auth/fido/ctaphid/framing.js';
import { MAX_MESSAGE_SIZE, CtaphidCommand, BROADCAST_CID } from '../../../main/auth/fido/ctaphid/constants.js';
import { CtaphidError } from '../../../main/auth/fido/ctaphid/errors.js';

const pad = (h: string) => h.replace(/\s+/g, '').padEnd(128, '0');

test('CTAPHID_INIT request on the broadcast channel matches the §11.2.9.1.3 layout', () => {
  // CID ffffffff | CMD 0x86 (INIT|0x80) | BCNT 0x0008 | 8-byte nonce
  const reports = encodeMessage(BROADCAST_CID, CtaphidCommand.INIT, fromHex('0102030405060708'));
  assert.equal(reports.length, 1);
  assert.equal(hex(reports[0]!), pad('ffffffff 86 0008 0102030405060708'));
});

test('an INIT response report parses into nonce, new CID, versions and capabilities', () => {
  // nonce(8) | CID 0x00112233 | protocol 2 | device 1.2.3 | capabilities WINK|CBOR (0x05)
  const report = fromHex(pad('ffffffff 86 0011 0102030405060708 00112233 02 01 02 03 05'));
  const packet = parsePacket(report);
  assert.equal(packet.kind, 'init');
  const message = new MessageAssembler().push(packet);
  assert.ok(message);
  assert.equal(message.cid, BROADCAST_CID);
  assert.equal(message.cmd, CtaphidCommand.INIT);
  assert.equal(hex(message.payload), '010203040506070800112233020102030' + '5');
});

test('a 57-byte payload fits one packet, 58 bytes need a continuation with SEQ 0', () => {
  assert.equal(encodeMessage(1, CtaphidCommand.PING, new Uint8Array(57)).length, 1);
  const two = encodeMessage(0x01020304, CtaphidCommand.CBOR, new Uint8Array(58).fill(0xaa));
  assert.equal(two.length, 2);
  assert.equal(hex(two[0]!), '01020304' + '90' + '003a' + 'aa'.repeat(57));
  assert.equal(hex(two[1]!), pad('01020304' + '00' + 'aa'));
});

test('PING "hello" on channel 0x01020304 is byte-exact and zero padded', () => {
  const [report] = encodeMessage(0x01020304, CtaphidCommand.PING, new TextEncoder().encode('hello'));
  assert.equal(hex(report!), pad('01020304 81 0005 68656c6c6f'));
});

test('the largest message (7609 bytes) uses SEQ 0..127; one byte more is INVALID_LEN', () => {
  const reports = encodeMessage(7, CtaphidCommand.MSG, new Uint8Array(MAX_MESSAGE_SIZE));
  assert.equal(reports.length, 129);
  assert.equal(reports[128]![4], 127);
  assert.throws(() => encodeMessage(7, CtaphidCommand.MSG, new Uint8Array(MAX_MESSAGE_SIZE + 1)),
    (e: unknown) => e instanceof CtaphidError && e.code === 'ctaphid-invalid-len');
});

test('fragment then reassemble returns the same payload for many sizes', () => {
  for (const size of [0, 1, 56, 57, 58, 116, 117, 1000, MAX_MESSAGE_SIZE]) {
    const payload = new Uint8Array(size).map((_, i) => (i * 31 + size) & 0xff);
    const assembler = new MessageAssembler();
    let result = null;
    for (const r of encodeMessage(0xcafe0001, CtaphidCommand.CBOR, payload)) {
      assert.equal(result, null, 'message completed before the last packet');
      result = assembler.push(parsePacket(r));
    }
    assert.ok(result);
    assert.deepEqual(result.payload, payload);
    assert.equal(assembler.inProgress, false);
  }
});

test('a report that is not 64 bytes is a malformed frame', () => {
  assert.throws(() => parsePacket(new Uint8Array(63)), (e: unknown) => e instanceof CtaphidError && e.code === 'malformed-frame');
  assert.throws(() => parsePacket(new Uint8Array(65)), (e: unknown) => e instanceof CtaphidError && e.code === 'malformed-frame');
});

test('continuation without initialisation, or out of sequence, is INVALID_SEQ', () => {
  const assembler = new MessageAssembler();
  assert.throws(() => assembler.push(parsePacket(fromHex(pad('01020304 00 aa')))),
    (e: unknown) => e instanceof CtaphidError && e.code === 'ctaphid-invalid-seq');
  const reports = encodeMessage(0x01020304, CtaphidCommand.CBOR, new Uint8Array(200));
  assembler.push(parsePacket(reports[0]!));
  assert.throws(() => assembler.push(parsePacket(reports[2]!)),
    (e: unknown) => e instanceof CtaphidError && e.code === 'ctaphid-invalid-seq');
  assert.equal(assembler.inProgress, false, 'a sequence error abandons the message');
});

test('an announced length beyond 7609 bytes is INVALID_LEN, a continuation on another CID is refused', () => {
  assert.throws(() => new MessageAssembler().push(parsePacket(fromHex(pad('01020304 90 ffff')))),
    (e: unknown) => e instanceof CtaphidError && e.code === 'ctaphid-invalid-len');
  const assembler = new MessageAssembler();
  assembler.push(parsePacket(encodeMessage(1, CtaphidCommand.CBOR, new Uint8Array(100))[0]!));
  assert.throws(() => assembler.push(parsePacket(fromHex(pad('00000002 00')))),
    (e: unknown) => e instanceof CtaphidError && e.code === 'ctaphid-invalid-channel');
});

test('CTAPHID_ERROR bytes map to named codes with a sentence', () => {
  const busy = CtaphidError.fromErrorByte(0x06);
  assert.equal(busy.code, 'ctaphid-channel-busy');
  assert.match(busy.userMessage, /busy/);
  assert.equal(busy.errorByte, 0x06);
  assert.equal(CtaphidError.fromErrorByte(0x05).code, 'ctaphid-msg-timeout');
  assert.equal(CtaphidError.fromErrorByte(0x99).code, 'ctaphid-other');
});

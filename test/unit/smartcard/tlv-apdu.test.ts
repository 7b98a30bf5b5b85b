import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeTlv, parseTlvs, findTlv, fromHex, toHex } from '../../../main/auth/smartcard/piv/tlv.js';
import { encodeCommand, parseCommand, splitResponse } from '../../../main/auth/smartcard/piv/apdu.js';
import { CardError } from '../../../main/core/card-error.js';

test('encodes multi-byte tags and long-form lengths (ISO 7816-4 §5.2)', () => {
  assert.equal(toHex(encodeTlv(0x5c, fromHex('5FC105'))), '5C035FC105');
  assert.equal(toHex(encodeTlv(0x53, new Uint8Array(0x80)).subarray(0, 3)), '538180');
  assert.equal(toHex(encodeTlv(0x70, new Uint8Array(0x1234)).subarray(0, 4)), '70821234');
  assert.equal(toHex(encodeTlv(0x5f2f, fromHex('4000'))), '5F2F024000');
});

test('parses the Discovery object from SP 800-73-4 part 1 §3.3.2', () => {
  const discovery = fromHex('7E124F0BA0000003080000100001005F2F024000');
  const [outer] = parseTlvs(discovery);
  assert.equal(outer?.tag, 0x7e);
  assert.equal(toHex(findTlv(outer!.value, 0x4f)!), 'A000000308000010000100');
  assert.equal(toHex(findTlv(outer!.value, 0x5f2f)!), '4000');
});

test('truncated or malformed TLV is a malformed-response CardError', () => {
  for (const bad of ['5304010203', '53', '5F', '5384000000010000', '5380', '7082FF']) {
    assert.throws(() => parseTlvs(fromHex(bad)), (err: unknown) => err instanceof CardError && err.code === 'malformed-response', bad);
  }
});

test('encodes short APDUs in all four cases', () => {
  assert.equal(toHex(encodeCommand({ cla: 0, ins: 0xfd, p1: 0, p2: 0 })), '00FD0000');
  assert.equal(toHex(encodeCommand({ cla: 0, ins: 0xc0, p1: 0, p2: 0, le: 256 })), '00C0000000');
  assert.equal(toHex(encodeCommand({ cla: 0, ins: 0x20, p1: 0, p2: 0x80, data: fromHex('313233343536FFFF') })), '0020008008313233343536FFFF');
  assert.equal(toHex(encodeCommand({ cla: 0, ins: 0xcb, p1: 0x3f, p2: 0xff, data: fromHex('5C017E'), le: 8 })), '00CB3FFF035C017E08');
  assert.throws(() => encodeCommand({ cla: 0, ins: 0x87, p1: 7, p2: 0x9a, data: new Uint8Array(256) }), RangeError);
});

test('parses short and extended commands, rejects inconsistent lengths', () => {
  assert.deepEqual(parseCommand(fromHex('00CB3FFF035C017E08')), { cla: 0, ins: 0xcb, p1: 0x3f, p2: 0xff, data: fromHex('5C017E'), le: 8 });
  assert.deepEqual(parseCommand(fromHex('00CB3FFF055C035FC102')), { cla: 0, ins: 0xcb, p1: 0x3f, p2: 0xff, data: fromHex('5C035FC102') });
  assert.deepEqual(parseCommand(fromHex('00C0000000')), { cla: 0, ins: 0xc0, p1: 0, p2: 0, le: 256 });
  assert.deepEqual(parseCommand(fromHex('00CB3FFF0000035C017E0000')), { cla: 0, ins: 0xcb, p1: 0x3f, p2: 0xff, data: fromHex('5C017E'), le: 65536 });
  assert.equal(parseCommand(fromHex('00CB3FFF055C01')), null);
  assert.equal(parseCommand(fromHex('00CB3F')), null);
});

test('splits a response into data and status word', () => {
  assert.deepEqual(splitResponse(fromHex('01029000')), { data: fromHex('0102'), sw: 0x9000 });
  assert.equal(splitResponse(fromHex('90')).sw, -1);
});

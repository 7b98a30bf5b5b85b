import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CtaphidChannel } from '../../../main/auth/fido/ctaphid/channel.js';
import { fromHex, hex } from '../../../main/auth/fido/ctaphid/framing.js';
import { decodeCbor, encodeCanonical, type CborValue } from '../../../main/auth/fido/ctap2/cbor.js';
import { Ctap2Client } from '../../../main/auth/fido/ctap2/client.js';
import { CtapStatus } from '../../../main/auth/fido/ctap2/constants.js';
import { CtapError, statusCode } from '../../../main/auth/fido/ctap2/errors.js';
import { FidoError } from '../../../main/auth/fido/errors.js';
import { VirtualAuthenticator } from '../../../main/auth/fido/virtual/authenticator.js';
import { VirtualHidTransport } from '../../../main/auth/fido/virtual/virtual-hid-transport.js';
import { ScriptedHidDevice } from '../../fixtures/fido-scripted-device.js';

const pad = (h: string) => fromHex(h.replace(/\s+/g, '').padEnd(128, '0'));

test('canonical CTAP2 CBOR: integer keys ascending, negatives after, text keys shorter first', () => {
  const encoded = encodeCanonical(new Map<number, CborValue>([
    [-2, 1], [3, 'x'], [-1, 2], [1, true],
    [2, { name: 'n', id: 'i', displayName: 'd' }],
  ]));
  // a5 | 01 f5 | 02 a3 (62 'id' 61 'i') (64 'name' 61 'n') (6b 'displayName' 61 'd') | 03 61 'x' | 20 02 | 21 01
  assert.equal(hex(encoded),
    'a5' + '01f5' + '02a3' + '626964' + '6169' + '646e616d65' + '616e' + '6b646973706c61794e616d65' + '6164'
    + '036178' + '2002' + '2101');
  assert.equal(hex(encodeCanonical({ uv: true, rk: true, up: false })), 'a3' + '62726bf5' + '627570f4' + '627576f5');
  assert.equal(hex(encodeCanonical(Uint8Array.of(1, 2))), '420102', 'byte strings are not tagged');
});

test('decoding refuses truncated, trailing and malformed CBOR with invalid-cbor', () => {
  for (const bad of ['a201', 'a1010200', 'ff', '5f']) {
    assert.throws(() => decodeCbor(fromHex(bad)), (e: unknown) => e instanceof FidoError && e.code === 'invalid-cbor', bad);
  }
  const map = decodeCbor(fromHex('a2014201020380')) as Map<number, unknown>;
  assert.deepEqual(map.get(1), Uint8Array.of(1, 2));
});

test('every CTAP2 status byte has a named code and a sentence', () => {
  for (const [name, status] of Object.entries(CtapStatus)) {
    if (status === CtapStatus.OK) continue;
    const e = CtapError.fromStatus(status, 'test');
    assert.notEqual(e.code, 'ctap-unknown', name);
    assert.ok(e.userMessage.length > 10, name);
    assert.equal(statusCode(status), e.code);
  }
  assert.equal(CtapError.fromStatus(0x3f, 'getAssertion', 2).userMessage, 'Fingerprint not recognised: 2 tries left');
  assert.equal(CtapError.fromStatus(0x3f, 'getAssertion', 1).userMessage, 'Fingerprint not recognised: 1 try left');
  assert.equal(CtapError.fromStatus(0x3c, 'getAssertion').userMessage, 'Fingerprint is blocked on this key: sign in with your smartcard.');
  assert.equal(CtapError.fromStatus(0x2e, 'getAssertion').userMessage, 'This key is not enrolled for Lanyard: sign in with your card and enrol it.');
  assert.equal(CtapError.fromStatus(0x27, 'x').code, 'operation-denied');
  assert.equal(CtapError.fromStatus(0x2d, 'x').code, 'keepalive-cancel');
  assert.equal(CtapError.fromStatus(0x2f, 'x').code, 'user-action-timeout');
  assert.equal(CtapError.fromStatus(0x12, 'x').code, 'invalid-cbor');
  assert.equal(CtapError.fromStatus(0xee, 'x').code, 'ctap-unknown');
});

async function virtualCtap(options: ConstructorParameters<typeof VirtualAuthenticator>[0] = {}) {
  const transport = new VirtualHidTransport();
  const authenticator = new VirtualAuthenticator(options);
  const { path } = transport.plug(authenticator);
  const channel = await CtaphidChannel.open(await transport.open(path));
  return { authenticator, channel, ctap: new Ctap2Client(channel), unplug: () => transport.unplug(path) };
}

test('getInfo of the virtual key: FIDO_2_0/2_1, AAGUID, built-in UV on, ES256', async () => {
  const { authenticator, ctap, unplug } = await virtualCtap();
  const info = await ctap.getInfo();
  assert.deepEqual(info.versions, ['FIDO_2_0', 'FIDO_2_1']);
  assert.deepEqual(info.aaguid, authenticator.aaguid);
  assert.equal(info.options['uv'], true);
  assert.equal(info.options['clientPin'], undefined, 'no key PIN: fingerprint only');
  assert.deepEqual(info.algorithms, [{ type: 'public-key', alg: -7 }]);
  assert.doesNotThrow(() => Ctap2Client.requireBuiltInUv(info));
  assert.equal(await ctap.getUvRetries(), 3);
  unplug();
});

test('a key without built-in UV is refused before anyone touches it', async () => {
  const { ctap, unplug } = await virtualCtap({ builtInUv: false });
  const info = await ctap.getInfo();
  assert.equal(info.options['uv'], undefined);
  assert.throws(() => Ctap2Client.requireBuiltInUv(info), (e: unknown) =>
    e instanceof CtapError && e.code === 'uv-not-supported' && /no fingerprint reader/.test(e.userMessage));
  // And if asked anyway, the key itself refuses uv.
  await assert.rejects(ctap.getAssertion({ rpId: 'lanyard.test', clientDataHash: new Uint8Array(32) }),
    (e: unknown) => e instanceof CtapError && e.code === 'unsupported-option');
  unplug();
});

test('malformed CTAP2 requests get the status the spec names', async () => {
  const { channel, unplug } = await virtualCtap();
  const status = async (bytes: string) => hex(await channel.cbor(fromHex(bytes)));
  assert.equal(await status('01ff'), '12', 'not CBOR: INVALID_CBOR');
  assert.equal(await status('01a201'), '12', 'truncated map: INVALID_CBOR');
  assert.equal(await status('0101'), '11', 'not a map: CBOR_UNEXPECTED_TYPE');
  assert.equal(await status('01a10158200000000000000000000000000000000000000000000000000000000000000000'), '14', 'no rp: MISSING_PARAMETER');
  assert.equal(await status('02a2016161024100'), '03', 'clientDataHash of 1 byte: INVALID_LENGTH');
  assert.equal(await status('02a20101025820' + '00'.repeat(32)), '11', 'rpId not text: CBOR_UNEXPECTED_TYPE');
  assert.equal(await status('99'), '01', 'unknown command: INVALID_COMMAND');
  unplug();
});

test('malformed CBOR in an authenticator answer is a typed error', async () => {
  const init = pad('ffffffff 86 0011 0102030405060708 00000001 02 01 00 00 05');
  const device = new ScriptedHidDevice((r) => (r[4] === 0x86 ? [init] : [pad('00000001 90 0003 00 a2 01')]));
  const ctap = new Ctap2Client(await CtaphidChannel.open(device, { nonce: () => fromHex('0102030405060708') }));
  await assert.rejects(ctap.getInfo(), (e: unknown) => e instanceof FidoError && e.code === 'malformed-response');
  const empty = new ScriptedHidDevice((r) => (r[4] === 0x86 ? [init] : [pad('00000001 90 0000')]));
  const ctap2 = new Ctap2Client(await CtaphidChannel.open(empty, { nonce: () => fromHex('0102030405060708') }));
  await assert.rejects(ctap2.getInfo(), (e: unknown) => e instanceof FidoError && e.code === 'malformed-response');
});

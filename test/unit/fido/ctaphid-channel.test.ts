import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CtaphidChannel, type KeepaliveEvent } from '../../../main/auth/fido/ctaphid/channel.js';
import { CtaphidError } from '../../../main/auth/fido/ctaphid/errors.js';
import { fromHex, hex } from '../../../main/auth/fido/ctaphid/framing.js';
import { ScriptedHidDevice } from '../../fixtures/fido-scripted-device.js';

const pad = (h: string) => fromHex(h.replace(/\s+/g, '').padEnd(128, '0'));
const NONCE = fromHex('0102030405060708');
const INIT_OK = pad('ffffffff 86 0011 0102030405060708 0000abcd 02 05 04 01 0d');

function initThen(script: (report: Uint8Array) => (Uint8Array | Error)[] | void) {
  return new ScriptedHidDevice((report) => (report[4] === 0x86 ? [INIT_OK] : script(report)));
}

const isErr = (code: string) => (e: unknown) => e instanceof CtaphidError && e.code === code;

test('INIT sends the nonce on the broadcast channel and takes the channel id from the answer', async () => {
  const device = initThen(() => undefined);
  const channel = await CtaphidChannel.open(device, { nonce: () => NONCE });
  assert.equal(hex(device.written[0]!), hex(pad('ffffffff 86 0008 0102030405060708')));
  assert.equal(channel.cid, 0x0000abcd);
  assert.deepEqual(channel.info, { protocolVersion: 2, deviceVersion: [5, 4, 1], capabilities: 0x0d });
  assert.equal(channel.supportsCbor, true);
});

test('an INIT answer for another nonce (another host) is skipped', async () => {
  const other = pad('ffffffff 86 0011 1111111111111111 00000077 02 01 00 00 05');
  const device = new ScriptedHidDevice(() => [other, INIT_OK]);
  const channel = await CtaphidChannel.open(device, { nonce: () => NONCE });
  assert.equal(channel.cid, 0xabcd);
});

test('KEEPALIVE statuses are reported, answers on other channels ignored, then the CBOR answer returned', async () => {
  const device = initThen(() => [
    pad('0000abcd bb 0001 01'),
    pad('0000abcd bb 0001 02'),
    pad('00009999 90 0001 00'),
    pad('0000abcd 90 0003 00 a0 f5'),
  ]);
  const channel = await CtaphidChannel.open(device, { nonce: () => NONCE });
  const seen: KeepaliveEvent[] = [];
  const viaSubscription: KeepaliveEvent[] = [];
  channel.onKeepalive((s) => viaSubscription.push(s));
  const answer = await channel.cbor(fromHex('04'), { onKeepalive: (s) => seen.push(s) });
  assert.equal(hex(answer), '00a0f5');
  assert.deepEqual(seen, ['processing', 'user-presence-needed']);
  assert.deepEqual(viaSubscription, seen);
  assert.equal(hex(device.written[1]!), hex(pad('0000abcd 90 0001 04')));
});

test('CTAPHID_ERROR from the device becomes a typed error (channel busy)', async () => {
  const channel = await CtaphidChannel.open(initThen(() => [pad('0000abcd bf 0001 06')]), { nonce: () => NONCE });
  await assert.rejects(channel.ping(fromHex('aa')), (e: unknown) =>
    isErr('ctaphid-channel-busy')(e) && /busy/.test((e as CtaphidError).userMessage));
});

test('a truncated report from the device is a malformed frame', async () => {
  const channel = await CtaphidChannel.open(initThen(() => [fromHex('0000abcd 81 0001 aa'.replace(/\s/g, ''))]), { nonce: () => NONCE });
  await assert.rejects(channel.ping(fromHex('aa')), isErr('malformed-frame'));
});

test('a continuation out of sequence from the device is INVALID_SEQ', async () => {
  const channel = await CtaphidChannel.open(initThen(() => [
    pad('0000abcd 81 0050' + 'aa'.repeat(57)),
    pad('0000abcd 01' + 'aa'.repeat(23)),
  ]), { nonce: () => NONCE });
  await assert.rejects(channel.ping(new Uint8Array(80).fill(0xaa)), isErr('ctaphid-invalid-seq'));
});

test('an answer to a different command is refused', async () => {
  const channel = await CtaphidChannel.open(initThen(() => [pad('0000abcd 83 0001 00')]), { nonce: () => NONCE });
  await assert.rejects(channel.cbor(fromHex('04')), isErr('unexpected-response'));
});

test('no answer before the deadline: CTAPHID_CANCEL is sent and the request times out', async () => {
  const device = initThen(() => undefined);
  const channel = await CtaphidChannel.open(device, { nonce: () => NONCE });
  const started = Date.now();
  await assert.rejects(channel.cbor(fromHex('02'), { timeoutMs: 150 }), isErr('timeout'));
  assert.ok(Date.now() - started < 1_800);
  assert.equal(hex(device.written.at(-1)!), hex(pad('0000abcd 91 0000')), 'last report written is CANCEL');
});

test('aborting sends CANCEL and returns the authenticator answer (KEEPALIVE_CANCEL)', async () => {
  const device = initThen((report) => (report[4] === 0x91 ? [pad('0000abcd 90 0001 2d')] : [pad('0000abcd bb 0001 02')]));
  const channel = await CtaphidChannel.open(device, { nonce: () => NONCE });
  const abort = new AbortController();
  const pending = channel.cbor(fromHex('02'), { signal: abort.signal, onKeepalive: () => abort.abort() });
  assert.equal(hex(await pending), '2d');
});

test('the device unplugged between two packets of an answer: device-removed', async () => {
  const device = initThen(() => [
    pad('0000abcd 81 0050' + 'aa'.repeat(57)),
    new CtaphidError('device-removed', 'unplugged'),
  ]);
  const channel = await CtaphidChannel.open(device, { nonce: () => NONCE });
  await assert.rejects(channel.ping(new Uint8Array(80)), (e: unknown) =>
    isErr('device-removed')(e) && /taken out/.test((e as CtaphidError).userMessage));
});

test('requests on one channel are serialised', async () => {
  const device = initThen((report) => [pad(`0000abcd 81 0001 ${hex(report.subarray(7, 8))}`)]);
  const channel = await CtaphidChannel.open(device, { nonce: () => NONCE });
  const answers = await Promise.all([1, 2, 3].map((n) => channel.ping(Uint8Array.of(n))));
  assert.deepEqual(answers.map((a) => a[0]), [1, 2, 3]);
});

test('a late answer to a timed-out request is not mistaken for the next answer', async () => {
  let calls = 0;
  const device = initThen((report) => {
    if (report[4] !== 0x90) return;
    calls++;
    return calls === 1 ? [] : [pad('0000abcd 90 0002 00 a0')];
  });
  const channel = await CtaphidChannel.open(device, { nonce: () => NONCE });
  await assert.rejects(channel.cbor(fromHex('02'), { timeoutMs: 50 }), isErr('timeout'));
  device.push(pad('0000abcd 90 0001 2d')); // the authenticator's answer to CANCEL, arriving late
  assert.equal(hex(await channel.cbor(fromHex('04'))), '00a0');
});

test('WINK and LOCK are sent with the right command bytes', async () => {
  const device = initThen((report) => [pad(`0000abcd ${hex(report.subarray(4, 5))} 0000`)]);
  const channel = await CtaphidChannel.open(device, { nonce: () => NONCE });
  await channel.wink();
  await channel.lock(3);
  assert.equal(hex(device.written[1]!), hex(pad('0000abcd 88 0000')));
  assert.equal(hex(device.written[2]!), hex(pad('0000abcd 84 0001 03')));
  await assert.rejects(channel.lock(11), isErr('ctaphid-invalid-par'));
  await channel.close();
  assert.equal(device.closed, true);
  await assert.rejects(channel.ping(Uint8Array.of(1)), isErr('device-removed'));
});

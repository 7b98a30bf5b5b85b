import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HidDevice } from '../../../main/core/ports/hid-transport.js';
import { CtaphidChannel, type KeepaliveEvent } from '../../../main/auth/fido/ctaphid/channel.js';
import { CtaphidError } from '../../../main/auth/fido/ctaphid/errors.js';
import { encodeMessage, fromHex, hex } from '../../../main/auth/fido/ctaphid/framing.js';
import { Ctap2Client } from '../../../main/auth/fido/ctap2/client.js';
import { CtapError } from '../../../main/auth/fido/ctap2/errors.js';
import { VirtualAuthenticator, type VirtualAuthenticatorOptions } from '../../../main/auth/fido/virtual/authenticator.js';
import { VirtualHidTransport } from '../../../main/auth/fido/virtual/virtual-hid-transport.js';

const pad = (h: string) => fromHex(h.replace(/\s+/g, '').padEnd(128, '0'));

async function rig(options: VirtualAuthenticatorOptions = {}) {
  const transport = new VirtualHidTransport();
  const authenticator = new VirtualAuthenticator(options);
  const { path } = transport.plug(authenticator, { keepaliveIntervalMs: 20, messageTimeoutMs: 100 });
  const device = await transport.open(path);
  const channel = await CtaphidChannel.open(device);
  return { transport, authenticator, path, device, channel, ctap: new Ctap2Client(channel) };
}

/** Writes raw reports and returns the next report the authenticator sends. */
async function exchange(device: HidDevice, ...reports: Uint8Array[]): Promise<string> {
  for (const r of reports) await device.write(r);
  return hex(await device.read(1_000));
}

const cidHex = (cid: number) => cid.toString(16).padStart(8, '0');

test('PING echoes a 1000-byte payload across 17 packets; each INIT gets its own channel', async () => {
  const { transport, path, channel } = await rig();
  const payload = new Uint8Array(1000).map((_, i) => i & 0xff);
  assert.deepEqual(await channel.ping(payload), payload);
  const second = await CtaphidChannel.open(await transport.open(path));
  assert.notEqual(second.cid, channel.cid);
  assert.equal(second.info.protocolVersion, 2);
  await channel.wink();
  transport.unplug(path);
});

test('malformed frames from the host get the CTAPHID error the spec names', async () => {
  const { transport, path, device, channel } = await rig();
  const cid = cidHex(channel.cid);
  // A command on a channel that was never allocated.
  assert.equal(await exchange(device, pad('12345678 81 0001 aa')), hex(pad('12345678 bf 0001 0b')));
  // A continuation with SEQ 1 where SEQ 0 was due.
  assert.equal(await exchange(device, pad(`${cid} 81 0050 ${'aa'.repeat(57)}`), pad(`${cid} 01 aa`)), hex(pad(`${cid} bf 0001 04`)));
  // An announced length beyond 7609 bytes.
  assert.equal(await exchange(device, pad(`${cid} 90 ffff`)), hex(pad(`${cid} bf 0001 03`)));
  // CTAPHID_MSG (U2F): this key only speaks CTAP2.
  assert.equal(await exchange(device, pad(`${cid} 83 0001 00`)), hex(pad(`${cid} bf 0001 01`)));
  // INIT with a 4-byte nonce.
  assert.equal(await exchange(device, pad('ffffffff 86 0004 01020304')), hex(pad('ffffffff bf 0001 03')));
  // First packet of a two-packet message, then silence: MSG_TIMEOUT.
  assert.equal(await exchange(device, pad(`${cid} 81 0050 ${'aa'.repeat(57)}`)), hex(pad(`${cid} bf 0001 05`)));
  // The channel still works after all that.
  assert.deepEqual(await channel.ping(Uint8Array.of(7)), Uint8Array.of(7));
  transport.unplug(path);
});

test('a request on a second channel while the key waits for a finger is CHANNEL_BUSY', async () => {
  const { transport, path, authenticator, ctap } = await rig({ finger: 'none' });
  const other = await CtaphidChannel.open(await transport.open(path));
  const waiting = ctap.getAssertion({ rpId: 'lanyard.test', clientDataHash: new Uint8Array(32) });
  await new Promise((r) => setTimeout(r, 50));
  await assert.rejects(other.cbor(Uint8Array.of(0x04)), (e: unknown) => e instanceof CtaphidError && e.code === 'ctaphid-channel-busy');
  authenticator.touch('match');
  await assert.rejects(waiting, (e: unknown) => e instanceof CtapError && e.code === 'no-credentials');
  transport.unplug(path);
});

test('waiting for a finger sends "touch your key" keepalives; a touch completes the request', async () => {
  const { transport, path, authenticator, ctap } = await rig({ finger: 'none' });
  const seen: KeepaliveEvent[] = [];
  const pending = ctap.makeCredential({
    clientDataHash: new Uint8Array(32), rp: { id: 'lanyard.test' }, user: { id: Uint8Array.of(1), name: 'a' },
  }, { onKeepalive: (s) => {
    seen.push(s);
    if (s === 'user-presence-needed') authenticator.touch('match');
  } });
  const result = await pending;
  assert.equal(result.fmt, 'packed');
  assert.ok(seen.includes('user-presence-needed'));
  transport.unplug(path);
});

test('cancelling while the key waits: CANCEL reaches it and the answer is KEEPALIVE_CANCEL', async () => {
  const { transport, path, ctap } = await rig({ finger: 'none' });
  const abort = new AbortController();
  setTimeout(() => abort.abort(), 60);
  await assert.rejects(ctap.getAssertion({ rpId: 'lanyard.test', clientDataHash: new Uint8Array(32) }, { signal: abort.signal }),
    (e: unknown) => e instanceof CtapError && e.code === 'keepalive-cancel' && /cancelled/.test(e.userMessage));
  transport.unplug(path);
});

test('nobody touches the key: USER_ACTION_TIMEOUT with a sentence', async () => {
  const { transport, path, ctap } = await rig({ finger: 'none', userActionTimeoutMs: 100 });
  await assert.rejects(ctap.getAssertion({ rpId: 'lanyard.test', clientDataHash: new Uint8Array(32) }),
    (e: unknown) => e instanceof CtapError && e.code === 'user-action-timeout' && /touch your key again/.test(e.userMessage));
  transport.unplug(path);
});

test('the key pulled out mid-operation: device-removed, the transport reports the removal', async () => {
  const { transport, path, ctap } = await rig({ finger: 'none' });
  const removed: string[] = [];
  transport.subscribe((e) => { if (e.type === 'removed') removed.push(e.device.path); });
  const pending = ctap.getAssertion({ rpId: 'lanyard.test', clientDataHash: new Uint8Array(32) }, {
    onKeepalive: () => transport.unplug(path),
  });
  await assert.rejects(pending, (e: unknown) => e instanceof CtaphidError && e.code === 'device-removed');
  assert.deepEqual(removed, [path]);
  assert.deepEqual(await transport.list(), []);
});

test('an INIT on the allocated channel resynchronises it', async () => {
  const { transport, path, device, channel } = await rig();
  const cid = cidHex(channel.cid);
  const [init] = encodeMessage(channel.cid, 0x06, fromHex('0807060504030201'));
  const answer = await exchange(device, init!);
  assert.equal(answer.slice(0, 8 + 6 + 16 + 8), `${cid}860011${'0807060504030201'}${cid}`);
  transport.unplug(path);
});

test('a host-side timeout cancels the waiting key, and the next request is answered normally', async () => {
  const { transport, path, authenticator, ctap } = await rig({ finger: 'none' });
  await assert.rejects(ctap.getAssertion({ rpId: 'lanyard.test', clientDataHash: new Uint8Array(32) }, { timeoutMs: 150 }),
    (e: unknown) => e instanceof CtaphidError && e.code === 'timeout');
  authenticator.setFinger('match');
  const info = await ctap.getInfo();
  assert.equal(info.options['uv'], true);
  await assert.rejects(ctap.getAssertion({ rpId: 'lanyard.test', clientDataHash: new Uint8Array(32) }),
    (e: unknown) => e instanceof CtapError && e.code === 'no-credentials');
  transport.unplug(path);
});

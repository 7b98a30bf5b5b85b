/** vpcd framing and control codes, against a loopback server that speaks vpcd's side of the protocol. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { once } from 'node:events';
import { VpcdClient } from '../../../main/auth/smartcard/virtual/vpcd-client.js';
import type { SoftwareCard } from '../../../main/auth/smartcard/software-readers.js';

function frame(bytes: number[]): Buffer {
  const b = Buffer.alloc(2 + bytes.length);
  b.writeUInt16BE(bytes.length, 0);
  Buffer.from(bytes).copy(b, 2);
  return b;
}

/** Reads one framed answer from the card side. */
async function answer(socket: Socket): Promise<number[]> {
  let buf = Buffer.alloc(0);
  for (;;) {
    if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) return [...buf.subarray(2, 2 + buf.readUInt16BE(0))];
    const [chunk] = (await once(socket, 'data')) as [Buffer];
    buf = Buffer.concat([buf, chunk]);
  }
}

for (const link of ['tcp', 'quickack'] as const) {
  test(`speaks vpcd framing over the ${link} link: ATR, power, APDUs split across writes, pull`, async () => {
    const log: string[] = [];
    const card: SoftwareCard = {
      atr: Uint8Array.of(0x3b, 0x01, 0x02),
      powerOn: () => log.push('on'),
      powerOff: () => log.push('off'),
      transmit: (apdu) => { log.push(`apdu ${Buffer.from(apdu).toString('hex')}`); return Uint8Array.of(0xca, 0xfe, 0x90, 0x00); },
    };
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as { port: number }).port;
    const client = new VpcdClient(card, { port, link });
    try {
      const accepted = once(server, 'connection') as Promise<[Socket]>;
      const insertedPromise = client.insert();
      const [socket] = await accepted;
      socket.setNoDelay(true);
      socket.write(frame([4])); // send your ATR
      assert.deepEqual(await answer(socket), [0x3b, 0x01, 0x02]);
      await insertedPromise;
      assert.ok(client.inserted);
      socket.write(frame([1])); // power on
      // Length and body in two writes, as vpcd sends them.
      const apdu = frame([0x00, 0xa4, 0x04, 0x00]);
      socket.write(apdu.subarray(0, 2));
      await new Promise((r) => setTimeout(r, 20));
      socket.write(apdu.subarray(2));
      assert.deepEqual(await answer(socket), [0xca, 0xfe, 0x90, 0x00]);
      assert.deepEqual(log, ['on', 'apdu 00a40400']);
      const closed = once(socket, 'close');
      client.pull();
      await closed; // vpcd sees the card go
      assert.equal(client.inserted, false);
      assert.equal(log.at(-1), 'off');
    } finally {
      client.close();
      server.close();
    }
  });
}

/**
 * Cards that answer to hurt the host before any PIN is typed: a gzip bomb for a certificate, an
 * answer far larger than any PIV object, a GET RESPONSE chain that never ends, a certificate whose
 * public key does not decode. Each must end in a typed CardError, quickly, holding little memory.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { createCardCa, type CardCa } from '../../../main/auth/smartcard/virtual/card-pki.js';
import { createVirtualCard } from '../../../main/auth/smartcard/virtual/create-virtual-card.js';
import { SoftwareCardReaders, SOFTWARE_READER_NAME, type SoftwareCard } from '../../../main/auth/smartcard/software-readers.js';
import { PivProfile } from '../../../main/auth/smartcard/piv/piv-profile.js';
import { readCard } from '../../../main/auth/smartcard/read-card.js';
import { encodeTlv, toHex } from '../../../main/auth/smartcard/piv/tlv.js';
import { withStatus } from '../../../main/auth/smartcard/piv/apdu.js';
import { CardError } from '../../../main/core/card-error.js';

let ca: CardCa;
before(async () => { ca = await createCardCa(); });
const holder = { userId: '555123456789', name: 'Dr Ada Lovelace' };
const GET_9A = '00CB3FFF055C035FC10500';
const GET_RESPONSE = '00C00000';

/** A real virtual card whose answers to some commands are replaced by `answer` (null: the card's own). */
async function hostile(answer: (apdu: string) => Uint8Array | null) {
  const { card } = await createVirtualCard({ ca, holder });
  const seen: string[] = [];
  const wrapped: SoftwareCard = {
    atr: card.atr, powerOn: () => card.powerOn(), powerOff: () => card.powerOff(),
    transmit: (apdu) => { const hex = toHex(apdu); seen.push(hex); return answer(hex) ?? card.transmit(apdu); },
  };
  const readers = new SoftwareCardReaders();
  readers.addCard('c1', wrapped);
  readers.start();
  readers.insert('c1');
  return { readers, seen };
}

/** Opens the card, timing it and watching the memory held outside the JS heap (zlib's buffers). */
async function openTimed(readers: SoftwareCardReaders): Promise<{ error: unknown; ms: number; externalGrowth: number }> {
  const external0 = process.memoryUsage().external + process.memoryUsage().arrayBuffers;
  let peak = external0;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().external + process.memoryUsage().arrayBuffers); }, 5);
  const t0 = performance.now();
  let error: unknown = null;
  try {
    await readCard(readers, SOFTWARE_READER_NAME, [new PivProfile()]);
  } catch (err) {
    error = err;
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage().external + process.memoryUsage().arrayBuffers);
  return { error, ms: performance.now() - t0, externalGrowth: peak - external0 };
}

function certificateObject(cert: Uint8Array, certInfo: number): Uint8Array {
  return encodeTlv(0x53, encodeTlv(0x70, cert), encodeTlv(0x71, Uint8Array.of(certInfo)), encodeTlv(0xfe, new Uint8Array(0)));
}

/** `members` concatenated gzip members of 64 MiB of zeros each: ~64 KiB compressed per GiB/16. */
function gzipBomb(members: number): Uint8Array {
  const member = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
  return new Uint8Array(Buffer.concat(Array.from({ length: members }, () => member)));
}

/** Serves `data` as one GET DATA answer plus GET RESPONSEs of `block` bytes with 61 00. */
function serveInBlocks(data: Uint8Array, block: number) {
  let at = 0;
  return (apdu: string): Uint8Array | null => {
    if (apdu === GET_9A) at = 0;
    else if (!apdu.startsWith(GET_RESPONSE)) return null;
    const part = data.subarray(at, at + block);
    at += block;
    return withStatus(part, at >= data.length ? 0x9000 : 0x6100);
  };
}

test('a gzip-bomb certificate (1 MiB inflating to 1 GiB, sent in 64 KiB answers) is refused after the first answer', async () => {
  const bomb = certificateObject(gzipBomb(16), 0x01);
  assert.ok(bomb.length > 1_000_000);
  const { readers, seen } = await hostile(serveInBlocks(bomb, 64 * 1024));
  const { error, ms, externalGrowth } = await openTimed(readers);
  assert.ok(error instanceof CardError && error.code === 'malformed-response', String(error));
  assert.match(error.message, /answer longer than 16384 bytes/);
  assert.equal(seen.filter((a) => a.startsWith(GET_RESPONSE)).length, 0, 'no GET RESPONSE after an oversized answer');
  assert.ok(ms < 1000, `took ${ms} ms`);
  assert.ok(externalGrowth < 64 * 1024 * 1024, `held ${externalGrowth} bytes`);
});

test('a gzip bomb small enough to arrive (16 KiB inflating to 16 MiB) stops inflating at 16 KiB', async () => {
  const compressed = new Uint8Array(gzipSync(Buffer.alloc(15 * 1024 * 1024), { level: 9 }));
  const object = certificateObject(compressed, 0x01);
  assert.ok(object.length < 16 * 1024);
  const { readers } = await hostile(serveInBlocks(object, 256));
  const { error, ms } = await openTimed(readers);
  assert.ok(error instanceof CardError && error.code === 'certificate-invalid', String(error));
  assert.match(error.message, /inflates past 16384 bytes/);
  assert.ok(ms < 1000, `took ${ms} ms`);
});

test('an endless 61xx chain of 4 KiB answers ends at the 16 KiB cap, not after 64 GET RESPONSEs', async () => {
  const block = new Uint8Array(4096).fill(0x53);
  const { readers, seen } = await hostile((apdu) => (apdu === GET_9A || apdu.startsWith(GET_RESPONSE) ? withStatus(block, 0x6100) : null));
  const { error, ms } = await openTimed(readers);
  assert.ok(error instanceof CardError && error.code === 'malformed-response', String(error));
  assert.match(error.message, /answer longer than 16384 bytes/);
  assert.equal(seen.filter((a) => a.startsWith(GET_RESPONSE)).length, 4);
  assert.ok(ms < 1000, `took ${ms} ms`);
});

test('an endless chain of 1-byte 6101 answers gives up after 64 GET RESPONSEs', async () => {
  const { readers, seen } = await hostile((apdu) => (apdu === GET_9A || apdu.startsWith(GET_RESPONSE) ? withStatus(Uint8Array.of(0x53), 0x6101) : null));
  const { error, ms } = await openTimed(readers);
  assert.ok(error instanceof CardError && error.code === 'malformed-response', String(error));
  assert.match(error.message, /61xx loop/);
  assert.equal(seen.filter((a) => a.startsWith(GET_RESPONSE)).length, 64);
  assert.ok(ms < 1000, `took ${ms} ms`);
});

test('a certificate whose public key does not decode is certificate-invalid, not an OpenSSL error', async () => {
  const { issued } = await createVirtualCard({ ca, holder, algorithm: 'p256' });
  const der = new Uint8Array(issued.certificateDer);
  const point = toHex(der).indexOf('03420004') / 2; // BIT STRING holding the uncompressed EC point
  assert.ok(point > 0);
  der[point + 3] = 0x05; // not a valid point encoding: the certificate parses, its key does not
  const { readers } = await hostile((apdu) => (apdu === GET_9A ? withStatus(certificateObject(der, 0x00), 0x9000) : null));
  const { error } = await openTimed(readers);
  assert.ok(error instanceof CardError && error.code === 'certificate-invalid', String(error));
  assert.match(error.userMessage, /registration authority/);
});

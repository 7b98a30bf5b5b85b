/**
 * Smartcard timings through the real pcscd and a virtual PIV card in the vpcd reader:
 *  - apduRoundTrip: one GET DATA (Discovery) through pcsclite → pcscd → vpcd → card and back;
 *  - insertToIdentity: card connects to vpcd → card-inserted event → CHUID + certificate read;
 *  - pinToVerifiedSignature: VERIFY + GENERAL AUTHENTICATE + signature checked with the certificate;
 * for both links to vpcd (quickack relay and plain Node TCP, which shows the delayed-ACK stall).
 */
import { X509Certificate, verify } from 'node:crypto';
import { ensurePcscd } from '../fixtures/pcscd.js';
import { TEST_HOLDER, TEST_PIN } from '../fixtures/vpcd-card.js';
import { PcscCardReaders } from '../../main/auth/smartcard/pcsc-readers.js';
import { PivProfile } from '../../main/auth/smartcard/piv/piv-profile.js';
import { readCard } from '../../main/auth/smartcard/read-card.js';
import { createCardCa } from '../../main/auth/smartcard/virtual/card-pki.js';
import { createVirtualCard } from '../../main/auth/smartcard/virtual/create-virtual-card.js';
import { VpcdClient } from '../../main/auth/smartcard/virtual/vpcd-client.js';
import type { LinkKind } from '../../main/auth/smartcard/virtual/vpcd-link.js';
import type { CardReaderEvent } from '../../main/core/ports/card-readers.js';

const READER = 'Virtual PCD 00 01';
const PORT = 35964;

export interface Distribution { n: number; p50: number; p90: number; p99: number; min: number; max: number }

function distribution(samples: number[]): Distribution {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => Number((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN).toFixed(2));
  return { n: s.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), min: at(0), max: at(1) };
}

function waitFor(readers: PcscCardReaders, type: CardReaderEvent['type'], timeoutMs = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { stop(); reject(new Error(`no ${type} in ${timeoutMs} ms`)); }, timeoutMs);
    const stop = readers.subscribe((e) => {
      if (e.type === type && 'reader' in e && e.reader === READER) { clearTimeout(timer); stop(); resolve(); }
    });
  });
}

async function measure(link: LinkKind, rounds: { apdus: number; taps: number }): Promise<Record<string, Distribution>> {
  const ca = await createCardCa();
  const { card, issued } = await createVirtualCard({ ca, holder: TEST_HOLDER, pin: TEST_PIN, algorithm: 'p256' });
  const publicKey = new X509Certificate(issued.certificateDer).publicKey;
  const readers = new PcscCardReaders();
  const client = new VpcdClient(card, { port: PORT, link, reconnectMs: 50 });
  const apdu: number[] = [];
  const insertToIdentity: number[] = [];
  const pinToSignature: number[] = [];
  try {
    readers.start();
    for (let tap = 0; tap < rounds.taps; tap++) {
      const t0 = performance.now();
      const seen = waitFor(readers, 'card-inserted');
      await client.insert();
      await seen;
      const credential = await readCard(readers, READER, [new PivProfile()]);
      insertToIdentity.push(performance.now() - t0);

      const t1 = performance.now();
      await credential.verifyPin(TEST_PIN);
      const nonce = new TextEncoder().encode(`nonce-${tap}`);
      const signature = await credential.sign(nonce);
      if (!verify('sha256', nonce, publicKey, signature)) throw new Error('signature did not verify');
      pinToSignature.push(performance.now() - t1);
      await credential.close();

      if (tap === 0) {
        const channel = await readers.connect(READER);
        const discovery = Uint8Array.of(0x00, 0xcb, 0x3f, 0xff, 0x03, 0x5c, 0x01, 0x7e, 0x00);
        for (let i = 0; i < rounds.apdus; i++) {
          const t = performance.now();
          await channel.transmit(discovery);
          apdu.push(performance.now() - t);
        }
        await channel.disconnect();
      }
      const gone = waitFor(readers, 'card-removed');
      client.pull();
      await gone;
    }
  } finally {
    client.close();
    await readers.close();
  }
  return { apduRoundTrip: distribution(apdu), insertToIdentity: distribution(insertToIdentity), pinToVerifiedSignature: distribution(pinToSignature) };
}

export async function run(): Promise<Record<string, unknown>> {
  const pcscd = await ensurePcscd();
  try {
    return {
      quickack: await measure('quickack', { apdus: 200, taps: 10 }),
      tcp: await measure('tcp', { apdus: 40, taps: 5 }),
    };
  } finally {
    await pcscd.release();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().then((r) => console.log(JSON.stringify(r, null, 2)), (e: unknown) => { console.error(e); process.exit(1); });
}

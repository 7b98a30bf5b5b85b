/**
 * The PIV certificate object (SP 800-73-4 part 1 Appendix A: 53 { 70 certificate, 71 CertInfo,
 * FE }), optionally gzip-compressed (CertInfo bit 0), as the PIV profile reads it from a card that
 * answers everything else properly. Built structurally so lengths stay consistent while the
 * certificate, its compression and the wrapping are mutated; plus raw mutation of the whole object.
 */
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { PivProfile } from '../../../main/auth/smartcard/piv/piv-profile.js';
import { concatBytes, encodeTlv, findTlv, parseTlvs } from '../../../main/auth/smartcard/piv/tlv.js';
import type { CardChannel } from '../../../main/core/ports/card-readers.js';
import type { FuzzTarget } from '../engine.js';
import { cardSeeds } from '../card-seeds.js';
import { hexOf, mutatedBytes } from '../mutate.js';
import { cardTyped } from '../typed.js';

const OK = Uint8Array.of(0x90, 0x00);
const CERT_TAGS = new Set([0x5fc105, 0x5fc101]);

interface Input { object: Uint8Array; chunked: boolean }

/** A card that answers SELECT and CHUID from a real card and any certificate with `object`. */
function certificateCard(real: Map<string, Uint8Array>, input: Input): CardChannel {
  let pending: Uint8Array | null = null;
  const answer = (data: Uint8Array): Uint8Array => {
    if (!input.chunked || data.length <= 256) return concatBytes(data, OK);
    pending = data.subarray(256);
    return concatBytes(data.subarray(0, 256), Uint8Array.of(0x61, Math.min(pending.length, 256) & 0xff));
  };
  return {
    reader: 'fuzz', atr: Uint8Array.of(0x3b, 0x00),
    async transmit(apdu) {
      const ins = apdu[1];
      if (ins === 0xc0 && pending) { const rest = pending; pending = null; return answer(rest); }
      if (ins === 0xcb) {
        const tag = findTlv(apdu.subarray(5, 5 + (apdu[4] ?? 0)), 0x5c);
        const number = tag ? tag.reduce((n, b) => (n << 8) | b, 0) : -1;
        if (CERT_TAGS.has(number)) return answer(input.object);
      }
      return real.get(Buffer.from(apdu.subarray(0, 4)).toString('hex')) ?? Uint8Array.of(0x6a, 0x82);
    },
    disconnect: async () => undefined,
  };
}

export const cardCertificateTarget: FuzzTarget = {
  name: 'card-certificate',
  about: 'PIV certificate container 70/71/FE with optional gzip, read through the PIV profile',
  async setup() {
    const { transcripts, certificatesDer } = await cardSeeds();
    // The real card's answers to everything but certificates, keyed by the command header.
    const real = new Map<string, Uint8Array>();
    for (const e of transcripts[0]!) {
      const key = Buffer.from(e.command.subarray(0, 4)).toString('hex');
      if (!real.has(key) && e.answer.length > 2 && e.answer.at(-2) === 0x90) real.set(key, e.answer);
    }
    const compressed = certificatesDer.map((der) => new Uint8Array(gzipSync(der)));
    // The format's most compressible member: what an answer made to inflate looks like.
    const zeros = new Uint8Array(gzipSync(new Uint8Array(1 << 20), { level: 9 }));
    const payloads = [...certificatesDer, ...compressed, zeros];
    const objects = [
      ...certificatesDer.map((der) => encodeTlv(0x53, encodeTlv(0x70, der), encodeTlv(0x71, Uint8Array.of(0)), encodeTlv(0xfe, new Uint8Array(0)))),
      ...compressed.map((gz) => encodeTlv(0x53, encodeTlv(0x70, gz), encodeTlv(0x71, Uint8Array.of(1)), encodeTlv(0xfe, new Uint8Array(0)))),
    ];
    const structured = fc.record({
      payload: mutatedBytes(payloads, { maxRepeat: 255, randomWeight: 0 }),
      certInfo: fc.oneof(fc.constant(0), fc.constant(1), fc.nat({ max: 255 })),
      trailer: fc.boolean(),
      chunked: fc.boolean(),
    }).map(({ payload, certInfo, trailer, chunked }): Input => ({
      chunked,
      object: encodeTlv(0x53, encodeTlv(0x70, payload), encodeTlv(0x71, Uint8Array.of(certInfo)),
        ...(trailer ? [encodeTlv(0xfe, new Uint8Array(0))] : [])),
    }));
    const raw = fc.record({ object: mutatedBytes(objects, { maxRepeat: 16 }), chunked: fc.boolean() });
    return {
      arbitrary: fc.oneof(structured, raw),
      async run(input: Input) {
        const credential = await new PivProfile().open(certificateCard(real, input));
        return credential ? undefined : 'not-this-profile';
      },
      typed: cardTyped,
      show: (input: Input) => {
        let layout = '';
        try { layout = ` (top-level tags ${parseTlvs(input.object).map((t) => t.tag.toString(16)).join(',')})`; } catch { /* malformed on purpose */ }
        return `object=${hexOf(input.object)}\nlength=${input.object.length}${layout} chunked=${input.chunked}`;
      },
    };
  },
};

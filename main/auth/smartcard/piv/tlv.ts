/**
 * BER-TLV as PIV uses it (SP 800-73-4 part 2, ISO 7816-4 §5.2): tags of 1–3 bytes held as numbers
 * (0x5FC102 is the three bytes 5F C1 02), definite lengths in short form or 81/82/83 long form.
 * Truncated or malformed input throws CardError('malformed-response').
 */
import { CardError } from '../../../core/card-error.js';

export interface Tlv {
  tag: number;
  value: Uint8Array;
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function encodeTag(tag: number): Uint8Array {
  if (tag < 0 || tag > 0xffffff || !Number.isInteger(tag)) throw new RangeError(`bad tag ${tag}`);
  if (tag <= 0xff) return Uint8Array.of(tag);
  if (tag <= 0xffff) return Uint8Array.of(tag >> 8, tag & 0xff);
  return Uint8Array.of(tag >> 16, (tag >> 8) & 0xff, tag & 0xff);
}

export function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  if (length <= 0xff) return Uint8Array.of(0x81, length);
  if (length <= 0xffff) return Uint8Array.of(0x82, length >> 8, length & 0xff);
  if (length <= 0xffffff) return Uint8Array.of(0x83, length >> 16, (length >> 8) & 0xff, length & 0xff);
  throw new RangeError(`TLV value too long: ${length}`);
}

export function encodeTlv(tag: number, ...value: readonly Uint8Array[]): Uint8Array {
  const body = concatBytes(...value);
  return concatBytes(encodeTag(tag), encodeLength(body.length), body);
}

function malformed(detail: string): CardError {
  return new CardError('malformed-response', { detail: `TLV: ${detail}` });
}

/** Parses a sequence of TLVs filling `bytes` exactly. */
export function parseTlvs(bytes: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let at = 0;
  const byte = (): number => {
    const b = bytes[at++];
    if (b === undefined) throw malformed(`truncated at offset ${at - 1}`);
    return b;
  };
  while (at < bytes.length) {
    let tag = byte();
    if ((tag & 0x1f) === 0x1f) {
      // Subsequent tag bytes carry bit 8 while more follow (at most 3 bytes in total here).
      let next: number;
      let count = 1;
      do {
        next = byte();
        tag = (tag << 8) | next;
        if (++count > 3) throw malformed('tag longer than 3 bytes');
      } while (next & 0x80);
    }
    let length = byte();
    if (length === 0x80) throw malformed('indefinite length');
    if (length > 0x80) {
      const n = length & 0x7f;
      if (n > 3) throw malformed(`length of ${n} bytes`);
      length = 0;
      for (let i = 0; i < n; i++) length = (length << 8) | byte();
    }
    if (at + length > bytes.length) throw malformed(`value of tag ${tag.toString(16)} runs ${at + length - bytes.length} bytes past the end`);
    out.push({ tag, value: bytes.subarray(at, at + length) });
    at += length;
  }
  return out;
}

/** The value of the first TLV with `tag` at the top level of `bytes`, or undefined. */
export function findTlv(bytes: Uint8Array, tag: number): Uint8Array | undefined {
  return parseTlvs(bytes).find((t) => t.tag === tag)?.value;
}

/** Like findTlv, but a missing tag is a malformed response. */
export function requireTlv(bytes: Uint8Array, tag: number, what: string): Uint8Array {
  const value = findTlv(bytes, tag);
  if (value === undefined) throw malformed(`${what} (tag ${tag.toString(16).toUpperCase()}) missing`);
  return value;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[\s:]/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new RangeError(`not hex: ${hex}`);
  return Uint8Array.from(clean.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/**
 * CTAP2 canonical CBOR (CTAP 2.1 §8 "Message encoding") on top of cbor-x: definite lengths,
 * minimal integers, byte strings untagged, map keys sorted by their encoded bytes (shorter first,
 * then lexically). Decoding yields Maps (integer keys stay integers) and refuses trailing bytes.
 */
import { Encoder } from 'cbor-x';
import { FidoError } from '../errors.js';

export type CborValue =
  | number | string | boolean | null | Uint8Array
  | CborValue[] | Map<number | string, CborValue> | { [key: string]: CborValue | undefined };

const codec = new Encoder({
  useRecords: false, mapsAsObjects: false, tagUint8Array: false, variableMapSize: true, pack: false,
  structuredClone: false,
});

/** Encodes with CTAP2 canonical ordering. `undefined` object members are left out. */
export function encodeCanonical(value: CborValue): Uint8Array {
  return new Uint8Array(codec.encode(canonical(value)));
}

function canonical(value: CborValue): unknown {
  if (value instanceof Uint8Array || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(canonical);
  const entries: [number | string, unknown][] = value instanceof Map
    ? [...value.entries()].map(([k, v]) => [k, canonical(v)])
    : Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, canonical(v as CborValue)]);
  const keyed = entries.map(([k, v]) => ({ k, v, bytes: new Uint8Array(codec.encode(k)) }));
  keyed.sort((a, b) => a.bytes.length - b.bytes.length || compareBytes(a.bytes, b.bytes));
  return new Map(keyed.map(({ k, v }) => [k, v]));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** Decodes one CBOR item. Truncated, malformed or trailing input is `invalid-cbor`. */
export function decodeCbor(bytes: Uint8Array): unknown {
  try {
    return normalise(codec.decode(bytes));
  } catch (e) {
    throw new FidoError('invalid-cbor', `invalid CBOR: ${e instanceof Error ? e.message : String(e)}`,
      'Your security key sent something Lanyard could not read: take it out, put it back and try again.', { cause: e });
  }
}

/** Byte strings come back as Buffers; hand out plain Uint8Arrays so comparisons are simple. */
function normalise(value: unknown): unknown {
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (Array.isArray(value)) return value.map(normalise);
  if (value instanceof Map) return new Map([...value.entries()].map(([k, v]) => [k, normalise(v)]));
  return value;
}

/** Typed reads from a decoded CBOR map; the caller decides which error a wrong type is. */
export class CborMap {
  constructor(readonly map: Map<unknown, unknown>) {}

  static from(value: unknown): CborMap | null {
    return value instanceof Map ? new CborMap(value) : null;
  }

  has(key: number | string): boolean { return this.map.has(key); }
  raw(key: number | string): unknown { return this.map.get(key); }

  bytes(key: number | string): Uint8Array | undefined {
    const v = this.map.get(key);
    return v instanceof Uint8Array ? v : undefined;
  }
  text(key: number | string): string | undefined {
    const v = this.map.get(key);
    return typeof v === 'string' ? v : undefined;
  }
  int(key: number | string): number | undefined {
    const v = this.map.get(key);
    return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
  }
  bool(key: number | string): boolean | undefined {
    const v = this.map.get(key);
    return typeof v === 'boolean' ? v : undefined;
  }
  sub(key: number | string): CborMap | undefined {
    const v = this.map.get(key);
    return v instanceof Map ? new CborMap(v) : undefined;
  }
  array(key: number | string): unknown[] | undefined {
    const v = this.map.get(key);
    return Array.isArray(v) ? v : undefined;
  }
}

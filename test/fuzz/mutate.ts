/**
 * Mutation of seeded valid inputs, libFuzzer style, as fast-check arbitraries: an input is a seed
 * (a real, valid encoding) and a short list of edits (flip a bit, set a byte to an interesting
 * value, nudge a length byte, insert/delete/repeat a range, truncate, extend, splice from another
 * seed, drop in a dictionary token). Edits are data, so fast-check shrinks a failure towards the
 * fewest, smallest edits of the simplest seed.
 */
import fc from 'fast-check';

export type Edit =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'set'; at: number; value: number }
  | { op: 'add'; at: number; delta: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; length: number }
  | { op: 'truncate'; at: number }
  | { op: 'repeat'; at: number; length: number; times: number }
  | { op: 'splice'; at: number; seed: number; from: number; length: number }
  | { op: 'token'; at: number; token: number; overwrite: boolean };

/** Byte values that sit on boundaries of lengths, tags and status words. */
const INTERESTING = [0x00, 0x01, 0x02, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0xfe, 0xff, 0x1f, 0x3f, 0x40, 0x61, 0x63, 0x6c, 0x90];

export interface MutateOptions {
  /** Tokens (as bytes) worth dropping in whole: magic numbers, keywords, extreme numbers. */
  dictionary?: readonly Uint8Array[];
  maxEdits?: number;
  /** Largest number of copies a `repeat` edit makes (how far an input can grow). */
  maxRepeat?: number;
  /** Weight of fully random bytes next to mutated seeds (0 = never). */
  randomWeight?: number;
  maxRandomLength?: number;
}

function editArbitrary(seedCount: number, options: MutateOptions): fc.Arbitrary<Edit> {
  const at = fc.nat({ max: 1 << 20 });
  const dictionary = options.dictionary ?? [];
  const edits: fc.Arbitrary<Edit>[] = [
    fc.record({ op: fc.constant('flip' as const), at, bit: fc.nat({ max: 7 }) }),
    fc.record({ op: fc.constant('set' as const), at, value: fc.oneof(fc.constantFrom(...INTERESTING), fc.nat({ max: 255 })) }),
    fc.record({ op: fc.constant('add' as const), at, delta: fc.integer({ min: -16, max: 16 }) }),
    fc.record({ op: fc.constant('insert' as const), at, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
    fc.record({ op: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ op: fc.constant('truncate' as const), at }),
    fc.record({ op: fc.constant('repeat' as const), at, length: fc.integer({ min: 1, max: 4096 }), times: fc.integer({ min: 1, max: options.maxRepeat ?? 16 }) }),
    fc.record({ op: fc.constant('splice' as const), at, seed: fc.nat({ max: seedCount - 1 }), from: at, length: fc.integer({ min: 1, max: 256 }) }),
  ];
  if (dictionary.length > 0) {
    edits.push(fc.record({ op: fc.constant('token' as const), at, token: fc.nat({ max: dictionary.length - 1 }), overwrite: fc.boolean() }));
  }
  return fc.oneof(...edits);
}

/** Applies edits in order; positions wrap around the current length so every edit stays valid. */
export function applyEdits(seed: Uint8Array, edits: readonly Edit[], seeds: readonly Uint8Array[], dictionary: readonly Uint8Array[] = []): Uint8Array {
  let b = seed;
  for (const e of edits) {
    const pos = (n: number) => n % (b.length + 1);
    const idx = (n: number) => (b.length === 0 ? -1 : n % b.length);
    switch (e.op) {
      case 'flip': { const i = idx(e.at); if (i >= 0) { b = b.slice(); b[i]! ^= 1 << e.bit; } break; }
      case 'set': { const i = idx(e.at); if (i >= 0) { b = b.slice(); b[i] = e.value; } break; }
      case 'add': { const i = idx(e.at); if (i >= 0) { b = b.slice(); b[i] = (b[i]! + e.delta) & 0xff; } break; }
      case 'insert': b = join(b.subarray(0, pos(e.at)), e.bytes, b.subarray(pos(e.at))); break;
      case 'delete': { const i = pos(e.at); b = join(b.subarray(0, i), b.subarray(i + e.length)); break; }
      case 'truncate': b = b.subarray(0, pos(e.at)); break;
      case 'repeat': {
        const i = pos(e.at);
        const part = b.subarray(i, i + e.length);
        b = join(b.subarray(0, i), ...Array.from({ length: e.times + 1 }, () => part), b.subarray(i + part.length));
        break;
      }
      case 'splice': {
        const other = seeds[e.seed % seeds.length] ?? new Uint8Array(0);
        const from = other.length === 0 ? 0 : e.from % other.length;
        b = join(b.subarray(0, pos(e.at)), other.subarray(from, from + e.length), b.subarray(pos(e.at)));
        break;
      }
      case 'token': {
        const token = dictionary[e.token % Math.max(1, dictionary.length)] ?? new Uint8Array(0);
        const i = pos(e.at);
        b = join(b.subarray(0, i), token, b.subarray(e.overwrite ? i + token.length : i));
        break;
      }
    }
  }
  return b;
}

/** Seeds, mutated seeds and (optionally) random bytes. */
export function mutatedBytes(seeds: readonly Uint8Array[], options: MutateOptions = {}): fc.Arbitrary<Uint8Array> {
  if (seeds.length === 0) throw new Error('mutatedBytes needs at least one seed');
  const dictionary = options.dictionary ?? [];
  const mutated = fc.record({
    seed: fc.nat({ max: seeds.length - 1 }),
    edits: fc.array(editArbitrary(seeds.length, options), { minLength: 0, maxLength: options.maxEdits ?? 6 }),
  }).map(({ seed, edits }) => applyEdits(seeds[seed]!, edits, seeds, dictionary));
  const randomWeight = options.randomWeight ?? 1;
  if (randomWeight === 0) return mutated;
  return fc.oneof(
    { weight: 8, arbitrary: mutated },
    { weight: randomWeight, arbitrary: fc.uint8Array({ maxLength: options.maxRandomLength ?? 300 }) },
  );
}

/**
 * A sequence of byte strings (one per answer of a peer: APDU responses, HID reports), from seed
 * sequences: some members mutated, some dropped or duplicated, the sequence cut or extended.
 */
export function mutatedSequence(seedSequences: readonly (readonly Uint8Array[])[], options: MutateOptions = {}): fc.Arbitrary<Uint8Array[]> {
  const all = seedSequences.flat();
  const dictionary = options.dictionary ?? [];
  const memberEdit = fc.record({
    index: fc.nat({ max: 255 }),
    kind: fc.constantFrom('mutate', 'mutate', 'mutate', 'drop', 'duplicate', 'cut'),
    edits: fc.array(editArbitrary(all.length, options), { minLength: 1, maxLength: options.maxEdits ?? 4 }),
  });
  return fc.record({
    seed: fc.nat({ max: seedSequences.length - 1 }),
    changes: fc.array(memberEdit, { maxLength: 4 }),
  }).map(({ seed, changes }) => {
    let list = [...seedSequences[seed]!];
    for (const c of changes) {
      if (list.length === 0) break;
      const i = c.index % list.length;
      if (c.kind === 'mutate') list[i] = applyEdits(list[i]!, c.edits, all, dictionary);
      else if (c.kind === 'drop') list.splice(i, 1);
      else if (c.kind === 'duplicate') list.splice(i, 0, list[i]!);
      else list = list.slice(0, i);
    }
    return list;
  });
}

export function join(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Hex for counterexamples; long inputs keep their head and tail and say how long they were. */
export function hexOf(bytes: Uint8Array, max = 4096): string {
  const hex = Buffer.from(bytes).toString('hex');
  if (hex.length <= max) return hex;
  return `${hex.slice(0, max / 2)}…(${bytes.length} bytes)…${hex.slice(-max / 4)}`;
}

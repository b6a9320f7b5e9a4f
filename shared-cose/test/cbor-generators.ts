/**
 * fast-check generators of CBOR bytes for the differential tests of the one-pass decoder: data
 * items written in every form RFC 8949 allows (heads of each width, indefinite lengths, chunked
 * strings, tags we accept and tags we refuse, floats of each width, simple values), keys chosen
 * to collide, text with a leading U+FEFF, and mutations of given corpora (a byte changed,
 * inserted or removed, the input cut short).
 */
import fc from 'fast-check';

export type Bytes = Uint8Array;

/** A head of `major` carrying `n`, in the shortest form or a wider one (`width` 0–4). */
export function head(major: number, n: number | bigint, width = 0): Bytes {
  const value = BigInt(n);
  const m = major << 5;
  const fits = [value < 24n, value < 0x100n, value < 0x10000n, value < 0x100000000n, true];
  let w = width;
  while (!fits[w]) w++;
  if (w === 0) return Uint8Array.of(m | Number(value));
  const size = 1 << (w - 1);
  const out = new Uint8Array(1 + size);
  out[0] = m | (23 + w);
  for (let i = 0; i < size; i++) out[size - i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return out;
}

export function concat(parts: readonly Bytes[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const width = fc.constantFrom(0, 0, 0, 1, 2, 3, 4);
const utf8 = new TextEncoder();

/** A string's bytes, in one piece or as an indefinite string of chunks. */
function stringItem(major: 2 | 3, content: Bytes): fc.Arbitrary<Bytes> {
  const whole = width.map((w) => concat([head(major, content.length, w), content]));
  if (content.length < 2) return whole;
  const chunked = fc.nat({ max: content.length }).map((cut) => {
    // A text string is split between code points only when the cut falls on one; else whole.
    const parts = [content.subarray(0, cut), content.subarray(cut)];
    if (major === 3 && cut > 0 && cut < content.length && (content[cut]! & 0xc0) === 0x80) {
      return concat([head(major, content.length), content]);
    }
    return concat([
      Uint8Array.of((major << 5) | 31),
      ...parts.flatMap((p) => [head(major, p.length), p]),
      Uint8Array.of(0xff),
    ]);
  });
  return fc.oneof(whole, chunked);
}

const texts = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'binary', minLength: 60, maxLength: 80 }),
  fc.constantFrom('CN', 'UN', 'UB', 'ID', 'DN', 'ST', 'status_list', 'idx', 'uri', '2024/01/31'),
  fc.string({ maxLength: 70 }).map((s) => `\ufeff${s}`),
);

const integer = fc.oneof(
  fc.integer({ min: -30, max: 30 }),
  fc.integer(),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n - 1n }),
);

function intItem(n: number | bigint, w: number): Bytes {
  const v = BigInt(n);
  return v >= 0n ? head(0, v, w) : head(1, -1n - v, w);
}

const ints = fc.tuple(integer, width).map(([n, w]) => intItem(n, w));
const textItems = texts.chain((t) => stringItem(3, utf8.encode(t)));
const byteItems = fc.uint8Array({ maxLength: 40 }).chain((b) => stringItem(2, b));

const simple = fc.oneof(
  fc.constantFrom(0xf4, 0xf5, 0xf6, 0xf7).map((b) => Uint8Array.of(b)),
  fc.integer({ min: 0, max: 31 }).map((i) => Uint8Array.of(0xe0 | i)),
  fc.integer({ min: 0, max: 255 }).map((i) => Uint8Array.of(0xf8, i)),
  fc.uint8Array({ minLength: 2, maxLength: 2 }).map((b) => concat([Uint8Array.of(0xf9), b])),
  fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => concat([Uint8Array.of(0xfa), b])),
  fc.uint8Array({ minLength: 8, maxLength: 8 }).map((b) => concat([Uint8Array.of(0xfb), b])),
);

const TAGS = [0, 1, 2, 3, 18, 21, 24, 32, 61, 100, 1004, 55799, 6, 64, 259, 1001];

/** Data items of every kind, nested. */
export const cborItem: fc.Arbitrary<Bytes> = fc.letrec<{ item: Bytes; key: Bytes }>((tie) => ({
  key: fc
    .oneof(
      { weight: 3, arbitrary: fc.tuple(fc.integer({ min: -3, max: 3 }), width) },
      { weight: 3, arbitrary: fc.constantFrom('a', 'b', '\ufeffa', 'CN', 'ID') },
      { weight: 1, arbitrary: tie('item') },
    )
    .chain((k): fc.Arbitrary<Bytes> => {
      if (k instanceof Uint8Array) return fc.constant(k);
      if (typeof k === 'string') return stringItem(3, utf8.encode(k));
      return fc.constant(intItem(k[0], k[1]));
    }),
  item: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    ints,
    textItems,
    byteItems,
    simple,
    fc
      .tuple(fc.array(tie('item'), { maxLength: 4 }), fc.boolean(), width)
      .map(([xs, open, w]) =>
        open
          ? concat([Uint8Array.of(0x9f), ...xs, Uint8Array.of(0xff)])
          : concat([head(4, xs.length, w), ...xs]),
      ),
    fc
      .tuple(fc.array(fc.tuple(tie('key'), tie('item')), { maxLength: 4 }), fc.boolean(), width)
      .map(([pairs, open, w]) =>
        open
          ? concat([Uint8Array.of(0xbf), ...pairs.flat(), Uint8Array.of(0xff)])
          : concat([head(5, pairs.length, w), ...pairs.flat()]),
      ),
    fc
      .tuple(fc.constantFrom(...TAGS), width, tie('item'))
      .map(([tag, w, content]) => concat([head(6, tag, w), content])),
  ),
})).item;

/** `bytes` with a few random edits: bytes changed, inserted, removed, or the end cut off. */
export function mutated(bytes: Bytes): fc.Arbitrary<Bytes> {
  const edit = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat({ max: 3 }));
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    let out = Array.from(bytes);
    for (const [where, byte, kind] of edits) {
      const at = out.length === 0 ? 0 : where % out.length;
      if (kind === 0) out[at] = byte;
      else if (kind === 1) out.splice(at, 0, byte);
      else if (kind === 2) out.splice(at, 1);
      else out = out.slice(0, at);
    }
    return Uint8Array.from(out);
  });
}

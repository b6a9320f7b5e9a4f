/**
 * The packed status array of the Token Status List draft (§4.1 "Status List"): entries of 1, 2,
 * 4 or 8 bits, the first entry in the least significant bits of the first byte, then towards
 * the most significant bits, then the next byte. Compression is ZLIB (RFC 1950) via fflate.
 *
 * @example
 * const packed = packStatusBits([0, 1, 2, 12], 4); // Uint8Array [0x10, 0xc2]
 * readStatusBits(packed, 3, 4); // 12
 */
import { Unzlib, zlibSync } from 'fflate';

export type StatusBits = 1 | 2 | 4 | 8;

export function isStatusBits(value: unknown): value is StatusBits {
  return value === 1 || value === 2 || value === 4 || value === 8;
}

/** Packs entry values (each below 2^bits) into bytes; throws on a value that does not fit. */
export function packStatusBits(values: ArrayLike<number>, bits: StatusBits): Uint8Array {
  const perByte = 8 / bits;
  const out = new Uint8Array(Math.ceil(values.length / perByte));
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= 1 << bits) {
      throw new RangeError(`status value ${v} at index ${i} does not fit in ${bits} bits`);
    }
    out[Math.floor(i / perByte)]! |= v << ((i % perByte) * bits);
  }
  return out;
}

/** The entry at `index`, or undefined when the array is too short to hold it. */
export function readStatusBits(
  packed: Uint8Array,
  index: number,
  bits: StatusBits,
): number | undefined {
  if (!Number.isSafeInteger(index) || index < 0) return undefined;
  const perByte = 8 / bits;
  const byte = packed[Math.floor(index / perByte)];
  if (byte === undefined) return undefined;
  return (byte >> ((index % perByte) * bits)) & ((1 << bits) - 1);
}

/** ZLIB-compresses a packed array at the highest level (the draft's `lst`). */
export function compressStatusBits(packed: Uint8Array): Uint8Array {
  return zlibSync(packed, { level: 9 });
}

/**
 * Decompresses `lst`, refusing output beyond `maxBytes` (a small token must not inflate into an
 * unbounded buffer) and anything that is not a complete ZLIB stream. Returns null on failure.
 */
export function decompressStatusBits(lst: Uint8Array, maxBytes: number): Uint8Array | null {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  let tooLarge = false;
  const inflater = new Unzlib((chunk, final) => {
    total += chunk.length;
    if (total > maxBytes) tooLarge = true;
    else chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    // Feed in slices so the size limit stops inflation early.
    const step = 4096;
    for (let at = 0; at < lst.length && !tooLarge; at += step) {
      const end = Math.min(at + step, lst.length);
      inflater.push(lst.subarray(at, end), end === lst.length);
    }
  } catch {
    return null;
  }
  if (tooLarge || !ended) return null;

  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

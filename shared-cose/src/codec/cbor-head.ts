/**
 * Writes a definite-length CBOR head (RFC 8949 §3) in its shortest form (§4.2.1): the one
 * piece of encoding we do by hand, where bytes must be exact.
 *
 * @example
 * encodeHead(2, 300) // Uint8Array [0x59, 0x01, 0x2c]
 */
export function encodeHead(major: number, length: number): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0 || length > 0xffffffff) {
    throw new RangeError('encodeHead: length must be an integer in 0..2^32-1');
  }
  const m = major << 5;
  if (length < 24) return Uint8Array.of(m | length);
  if (length < 0x100) return Uint8Array.of(m | 24, length);
  if (length < 0x10000) return Uint8Array.of(m | 25, length >> 8, length & 0xff);
  return Uint8Array.of(
    m | 26,
    length >>> 24,
    (length >> 16) & 0xff,
    (length >> 8) & 0xff,
    length & 0xff,
  );
}

/** Joins byte arrays into one. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

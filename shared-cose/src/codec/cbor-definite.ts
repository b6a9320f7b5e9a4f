import { concatBytes, encodeHead } from './cbor-head';

/**
 * Rewrites indefinite-length byte and text strings (RFC 8949 §3.2.3) as definite-length ones of
 * the same content, which cbor-x can read. Only for input that {@link scanCbor} accepted: CBOR is
 * a flat stream of heads, so one linear pass without a stack is enough, and a chunked string's
 * chunks are all definite strings of its own major type.
 */

/**
 * Returns the same data item with every chunked string joined into one definite string.
 *
 * @example
 * joinIndefiniteStrings(new Uint8Array([0x5f, 0x41, 0x01, 0x41, 0x02, 0xff]))
 * // Uint8Array [0x42, 0x01, 0x02]
 */
export function joinIndefiniteStrings(bytes: Uint8Array): Uint8Array {
  const out: Uint8Array[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const major = bytes[pos]! >> 5;
    const info = bytes[pos]! & 0x1f;

    if ((major === 2 || major === 3) && info === 31) {
      const chunks: Uint8Array[] = [];
      pos++;
      while (bytes[pos] !== 0xff) {
        const head = readHead(bytes, pos);
        chunks.push(bytes.subarray(head.end, head.end + head.arg));
        pos = head.end + head.arg;
      }
      pos++;
      const length = chunks.reduce((n, c) => n + c.length, 0);
      out.push(encodeHead(major, length), ...chunks);
      continue;
    }

    const head = readHead(bytes, pos);
    const contentLength = major === 2 || major === 3 ? head.arg : 0;
    out.push(bytes.subarray(pos, head.end + contentLength));
    pos = head.end + contentLength;
  }
  return concatBytes(out);
}

function readHead(bytes: Uint8Array, pos: number): { arg: number; end: number } {
  const info = bytes[pos]! & 0x1f;
  if (info < 24 || info === 31) return { arg: info < 24 ? info : 0, end: pos + 1 };
  const size = 1 << (info - 24);
  let arg = 0;
  for (let i = 1; i <= size; i++) arg = arg * 256 + bytes[pos + i]!;
  // For a float (major 7, info 25–27) these bytes are the value; they go out with the head.
  return { arg, end: pos + 1 + size };
}

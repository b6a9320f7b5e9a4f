/**
 * A small strict DER reader (X.690 §10), only as much as the crypto backends need to look
 * inside a SubjectPublicKeyInfo: single-byte tags, definite minimal lengths, no indefinite
 * forms. Certificates themselves are parsed by @peculiar/x509 in `x509/`.
 */

/** One decoded TLV: its tag byte, its content, and the whole encoding (for re-use as is). */
export interface DerItem {
  tag: number;
  content: Uint8Array;
  encoded: Uint8Array;
}

/**
 * Reads the TLV at `offset`. Returns undefined on anything that is not strict DER or that runs
 * past the end of `bytes`; never throws on bad input.
 *
 * @example
 * readDer(new Uint8Array([0x05, 0x00]), 0); // { tag: 5, content: <empty>, encoded: 05 00 }
 */
export function readDer(bytes: Uint8Array, offset: number): DerItem | undefined {
  if (offset + 2 > bytes.length) return undefined;
  const tag = bytes[offset]!;
  // High tag numbers (low five bits all set) never occur in the structures we read.
  if ((tag & 0x1f) === 0x1f) return undefined;

  let length = bytes[offset + 1]!;
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    // 0x80 is the indefinite form (BER only); more than 4 length bytes is beyond any key.
    if (count === 0 || count > 4 || offset + 2 + count > bytes.length) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[offset + 2 + i]!;
    // X.690 §10.1: the long form only when needed, with no leading zero byte.
    if (length < 0x80 || bytes[offset + 2] === 0) return undefined;
    header += count;
  }

  const end = offset + header + length;
  if (end > bytes.length) return undefined;
  return {
    tag,
    content: bytes.subarray(offset + header, end),
    encoded: bytes.subarray(offset, end),
  };
}

/**
 * Splits the content of a constructed item into its children. Returns undefined if any child
 * is malformed or the children do not fill the content exactly.
 */
export function readDerChildren(content: Uint8Array): DerItem[] | undefined {
  const items: DerItem[] = [];
  let offset = 0;
  while (offset < content.length) {
    const item = readDer(content, offset);
    if (!item) return undefined;
    items.push(item);
    offset += item.encoded.length;
  }
  return items;
}

/** Encodes one TLV with a minimal definite length. */
export function encodeDer(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  const lengthBytes: number[] = [];
  if (n < 0x80) {
    lengthBytes.push(n);
  } else {
    for (let v = n; v > 0; v = Math.floor(v / 256)) lengthBytes.unshift(v & 0xff);
    lengthBytes.unshift(0x80 | lengthBytes.length);
  }
  const out = new Uint8Array(1 + lengthBytes.length + n);
  out[0] = tag;
  out.set(lengthBytes, 1);
  out.set(content, 1 + lengthBytes.length);
  return out;
}

/** Lower-case hex of bytes, used to compare OID contents. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

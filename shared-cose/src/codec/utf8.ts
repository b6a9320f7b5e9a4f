/**
 * Strict UTF-8 (RFC 3629 §4: shortest forms only, no surrogates, nothing above U+10FFFF), the
 * text of CBOR major type 3 (RFC 8949 §3.1). Shared by the well-formedness scan and the one-pass
 * decoder, so that both accept exactly the same bytes.
 */

/** Strings longer than this (in bytes) are decoded by TextDecoder, as cbor-x decodes them. */
export const JS_DECODE_MAX_BYTES = 64;

/** Non-fatal and BOM-consuming, like cbor-x's own decoder: only ever given validated bytes. */
const longDecoder = new TextDecoder('utf-8');

/** Code units of one short string; reused, since decoding never re-enters itself. */
const units: number[] = [];

/**
 * Two-character ASCII strings made once each (at most 128 × 128): the two-letter keys of the
 * credential payload come back as the same string every time, with no allocation.
 */
const pairs: (string | undefined)[] = [];

/**
 * Whether bytes[from, to) is well-formed UTF-8: the same bytes that a fatal TextDecoder accepts.
 *
 * @example
 * isUtf8(Uint8Array.of(0xe3, 0x81, 0x82), 0, 3) // true ("あ")
 * isUtf8(Uint8Array.of(0xc0, 0x80), 0, 2) // false (overlong)
 */
export function isUtf8(bytes: Uint8Array, from: number, to: number): boolean {
  let i = from;
  while (i < to) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = sequenceLength(b);
    if (need === 0 || i + need >= to) return false;
    if (!continuationOk(bytes, i, b, need)) return false;
    i += need + 1;
  }
  return true;
}

/**
 * Decodes bytes[from, to) when they are well-formed UTF-8, else null. Up to
 * {@link JS_DECODE_MAX_BYTES} bytes are decoded here, code unit by code unit, keeping a leading
 * U+FEFF; longer text goes through TextDecoder, which drops one leading U+FEFF. That is what
 * cbor-x does, and the one-pass decoder must yield the same strings.
 *
 * @example
 * decodeUtf8(new TextEncoder().encode('資格'), 0, 6) // '資格'
 */
export function decodeUtf8(bytes: Uint8Array, from: number, to: number): string | null {
  const length = to - from;
  if (length > JS_DECODE_MAX_BYTES) {
    return isUtf8(bytes, from, to) ? longDecoder.decode(bytes.subarray(from, to)) : null;
  }
  if (length === 2 && (bytes[from]! | bytes[from + 1]!) < 0x80) {
    const code = (bytes[from]! << 7) | bytes[from + 1]!;
    return (pairs[code] ??= String.fromCharCode(bytes[from]!, bytes[from + 1]!));
  }
  let n = 0;
  let i = from;
  while (i < to) {
    const b = bytes[i]!;
    if (b < 0x80) {
      units[n++] = b;
      i++;
      continue;
    }
    const need = sequenceLength(b);
    if (need === 0 || i + need >= to) return null;
    if (!continuationOk(bytes, i, b, need)) return null;
    if (need === 1) {
      units[n++] = ((b & 0x1f) << 6) | (bytes[i + 1]! & 0x3f);
    } else if (need === 2) {
      units[n++] = ((b & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f);
    } else {
      const point =
        ((b & 0x07) << 18) |
        ((bytes[i + 1]! & 0x3f) << 12) |
        ((bytes[i + 2]! & 0x3f) << 6) |
        (bytes[i + 3]! & 0x3f);
      // A code point above U+FFFF is a surrogate pair in UTF-16.
      units[n++] = 0xd800 | ((point - 0x10000) >> 10);
      units[n++] = 0xdc00 | (point & 0x3ff);
    }
    i += need + 1;
  }
  return fromUnits(n);
}

/**
 * The string of units[0, n): short ones in one call with the units as arguments, which
 * allocates the result alone (concatenation would allocate every prefix, `apply` a list).
 */
function fromUnits(n: number): string {
  const u = units;
  const f = String.fromCharCode;
  switch (n) {
    case 0:
      return '';
    case 1:
      return f(u[0]!);
    case 2:
      return f(u[0]!, u[1]!);
    case 3:
      return f(u[0]!, u[1]!, u[2]!);
    case 4:
      return f(u[0]!, u[1]!, u[2]!, u[3]!);
    case 5:
      return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!);
    case 6:
      return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!);
    case 7:
      return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!);
    case 8:
      return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!);
    case 9:
      return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!);
    case 10:
      return f(u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!, u[8]!, u[9]!);
    default:
      units.length = n;
      return String.fromCharCode.apply(null, units);
  }
}

/** Continuation bytes after a lead byte: 1–3, or 0 for a byte that cannot lead. */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 1;
  if (lead >= 0xe0 && lead <= 0xef) return 2;
  if (lead >= 0xf0 && lead <= 0xf4) return 3;
  return 0;
}

/**
 * The continuation bytes of the sequence at `i` (RFC 3629 §4): the second byte's range depends
 * on the lead (E0 and F0 refuse overlong forms, ED surrogates, F4 values above U+10FFFF).
 */
function continuationOk(bytes: Uint8Array, i: number, lead: number, need: number): boolean {
  const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
  const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
  const second = bytes[i + 1]!;
  if (second < low || second > high) return false;
  for (let k = 2; k <= need; k++) {
    const c = bytes[i + k]!;
    if (c < 0x80 || c > 0xbf) return false;
  }
  return true;
}

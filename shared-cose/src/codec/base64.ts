/**
 * Base64 in both alphabets (RFC 4648 §4 and §5), written against plain Uint8Array so it runs the
 * same in Node, browsers and workerd (no Buffer, no atob on binary strings).
 */
import { ownBytes, type ByteAllocator } from './pool';

const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Value of each character code in either alphabet, plus 64 for `+` `/` (standard only) and 128
 * for `-` `_` (base64url only); 255 for anything else.
 */
const DECODE_TABLE: Uint8Array = (() => {
  const table = new Uint8Array(256).fill(255);
  for (let i = 0; i < 64; i++) {
    table[STANDARD.charCodeAt(i)] = i;
    table[URL_SAFE.charCodeAt(i)] = i;
  }
  table[0x2b] = 62 | 64;
  table[0x2f] = 63 | 64;
  table[0x2d] = 62 | 128;
  table[0x5f] = 63 | 128;
  return table;
})();

/** Text → bytes without a loop of ours: an ASCII string is copied byte for byte. */
const encoder = new TextEncoder();
/** Room for the texts a verifier sees (DEFAULT_MAX_QR_CHARS); longer ones get their own array. */
const SCRATCH_CHARS = 8192;
const scratch = new Uint8Array(SCRATCH_CHARS);

/**
 * Decodes base64 or base64url (the two alphabets may not be mixed in one value), with or without
 * `=` padding. Returns null for anything that is not exactly such a value: a stray character, a
 * length ≡ 1 (mod 4), padding in the wrong place, or non-zero trailing bits (RFC 4648 §3.5,
 * so that one byte string has one text form).
 *
 * @example
 * decodeBase64Any('oQE4JA') // Uint8Array [0xa1, 0x01, 0x38, 0x24]
 */
export function decodeBase64Any(text: string): Uint8Array | null {
  return decodeBase64Into(text, ownBytes);
}

/** {@link decodeBase64Any} into an array from `alloc` (the verification uses its pool). */
export function decodeBase64Into(text: string, alloc: ByteAllocator): Uint8Array | null {
  const total = text.length;
  const ascii = total <= SCRATCH_CHARS ? scratch : new Uint8Array(total);
  // Every character of either alphabet is ASCII: anything else makes the counts differ.
  const { read, written } = encoder.encodeInto(text, ascii);
  if (read !== total || written !== total) return null;
  return decodeAscii(ascii, total, text.indexOf('='), alloc);
}

function decodeAscii(
  text: Uint8Array,
  total: number,
  padAt: number,
  alloc: ByteAllocator,
): Uint8Array | null {
  let length = total;
  if (padAt !== -1) {
    const padding = length - padAt;
    if (padding > 2 || (padding === 2 && text[padAt + 1] !== 0x3d)) return null;
    if (length % 4 !== 0) return null;
    length = padAt;
  }
  const rest = length % 4;
  if (rest === 1) return null;

  // One pass: four characters make three bytes. `seen` collects the table entries: an invalid
  // character (255) and a mix of the alphabets (64 | 128) both set the bits 64 and 128.
  const out = alloc(((length - rest) / 4) * 3 + (rest === 0 ? 0 : rest - 1));
  let seen = 0;
  let o = 0;
  let i = 0;
  for (const whole = length - rest; i < whole; i += 4) {
    const a = DECODE_TABLE[text[i]!]!;
    const b = DECODE_TABLE[text[i + 1]!]!;
    const c = DECODE_TABLE[text[i + 2]!]!;
    const d = DECODE_TABLE[text[i + 3]!]!;
    seen |= a | b | c | d;
    const n = ((a & 63) << 18) | ((b & 63) << 12) | ((c & 63) << 6) | (d & 63);
    out[o] = n >> 16;
    out[o + 1] = n >> 8;
    out[o + 2] = n;
    o += 3;
  }
  if (rest > 0) {
    const a = DECODE_TABLE[text[i]!]!;
    const b = DECODE_TABLE[text[i + 1]!]!;
    const c = rest === 3 ? DECODE_TABLE[text[i + 2]!]! : 0;
    seen |= a | b | c;
    const n = ((a & 63) << 18) | ((b & 63) << 12) | ((c & 63) << 6);
    // The bits below the last whole byte must be zero (RFC 4648 §3.5).
    if ((rest === 2 ? n & 0xffff : n & 0xff) !== 0) return null;
    out[o++] = n >> 16;
    if (rest === 3) out[o] = n >> 8;
  }
  if ((seen & 192) === 192) return null;
  return out;
}

/**
 * Encodes bytes as base64url without padding (RFC 4648 §5), the form of the QR's `c` value.
 *
 * @example
 * encodeBase64Url(new Uint8Array([0xa1, 0x01, 0x38, 0x24])) // 'oQE4JA'
 */
export function encodeBase64Url(bytes: Uint8Array): string {
  return encodeWith(bytes, URL_SAFE, false);
}

/**
 * Encodes bytes as standard, padded base64 (RFC 4648 §4).
 *
 * @example
 * encodeBase64(new Uint8Array([0xff])) // '/w=='
 */
export function encodeBase64(bytes: Uint8Array): string {
  return encodeWith(bytes, STANDARD, true);
}

function encodeWith(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]!;
    out += alphabet[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + (pad ? '==' : '');
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]!;
    out += pad ? '=' : '';
  }
  return out;
}

/**
 * Base64 in both alphabets (RFC 4648 §4 and §5), written against plain Uint8Array so it runs the
 * same in Node, browsers and workerd (no Buffer, no atob on binary strings).
 */

const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Value of each character code in either alphabet; -1 for anything else. */
const DECODE_TABLE: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) {
    table[STANDARD.charCodeAt(i)] = i;
    table[URL_SAFE.charCodeAt(i)] = i;
  }
  return table;
})();

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
  let body = text;
  const padAt = body.indexOf('=');
  if (padAt !== -1) {
    const padding = body.slice(padAt);
    if (padding !== '=' && padding !== '==') return null;
    if (body.length % 4 !== 0) return null;
    body = body.slice(0, padAt);
  }
  if (body.length % 4 === 1) return null;

  const hasStandard = /[+/]/.test(body);
  const hasUrlSafe = /[-_]/.test(body);
  if (hasStandard && hasUrlSafe) return null;

  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    const v = code < 128 ? DECODE_TABLE[code]! : -1;
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) return null;
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

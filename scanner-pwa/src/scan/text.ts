/**
 * What counts as a read, and how a QR code's segments become text.
 *
 * A QR code stores numeric and alphanumeric segments as characters, kanji segments as Shift_JIS
 * double bytes, and byte segments as raw bytes whose character set is named by an ECI
 * designator (ISO/IEC 18004:2015 §7.4.3) or, far more often, not named at all. Undeclared bytes
 * are read as UTF-8 when they are well-formed UTF-8, else as Shift_JIS (the usual encoding of
 * Japanese codes, and what zxing's guess picks for them), else as ISO-8859-1 (the standard's
 * default). An ECI we cannot decode, empty text or text with U+FFFD is a miss, never a guess.
 *
 * @example
 * textFromSegments([{ kind: 'bytes', bytes: new Uint8Array([0x83, 0x65, 0x83, 0x58]) }]); // 'テス'
 * textFromSegments([{ kind: 'eci', assignment: 899 }, { kind: 'bytes', bytes }]); // null
 */

/** One decoded segment of a QR code, as a decoder that exposes segments gives it. */
export type QrSegment =
  /** Numeric or alphanumeric mode: characters already. */
  | { kind: 'text'; text: string }
  /** Byte mode: bytes in the character set in force (ECI) or an undeclared one. */
  | { kind: 'bytes'; bytes: Uint8Array }
  /** Kanji mode: Shift_JIS double bytes by definition (§7.4.6). */
  | { kind: 'kanji'; bytes: Uint8Array }
  /** An ECI designator; -1 when the decoder found it corrupt. */
  | { kind: 'eci'; assignment: number };

type Charset = 'utf-8' | 'shift_jis' | 'iso-8859-1';

/** The ECI assignments we decode (AIM ECI register); any other one makes the read a miss. */
const ECI_CHARSETS: ReadonlyMap<number, Charset> = new Map([
  [1, 'iso-8859-1'],
  [3, 'iso-8859-1'],
  [20, 'shift_jis'],
  [26, 'utf-8'],
]);

const strict = {
  'utf-8': new TextDecoder('utf-8', { fatal: true }),
  shift_jis: new TextDecoder('shift_jis', { fatal: true }),
};

/** `bytes` in `charset`, or null when they are not well-formed in it. */
function decodeAs(bytes: Uint8Array, charset: Charset): string | null {
  // TextDecoder's "iso-8859-1" is windows-1252 (WHATWG Encoding); QR's is the real Latin-1.
  if (charset === 'iso-8859-1') return String.fromCharCode(...bytes);
  try {
    return strict[charset].decode(bytes);
  } catch {
    return null;
  }
}

/** The character set of bytes that no ECI names (see the module comment for the order). */
function guessCharset(bytes: Uint8Array): Charset {
  // Well-formed UTF-8 wins even beside a kanji segment: reading it as Shift_JIS would pair a
  // continuation byte with the next byte and swallow an ASCII character of a URL.
  if (decodeAs(bytes, 'utf-8') !== null) return 'utf-8';
  return decodeAs(bytes, 'shift_jis') !== null ? 'shift_jis' : 'iso-8859-1';
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * The text of a QR code from its segments, or null when it is empty, holds U+FFFD, or uses a
 * character set we do not decode.
 */
export function textFromSegments(segments: readonly QrSegment[]): string | null {
  // One guess for all undeclared bytes of the symbol: a multi-byte character may span segments.
  const undeclared: Uint8Array[] = [];
  let declared = false;
  for (const s of segments) {
    if (s.kind === 'eci') declared = true;
    else if (s.kind === 'bytes' && !declared) undeclared.push(s.bytes);
  }
  const guessed = guessCharset(concat(undeclared));

  let text = '';
  let charset: Charset = guessed;
  // Adjacent byte segments are decoded together, for the same reason.
  let pending: Uint8Array[] = [];
  const flush = () => {
    const piece = pending.length > 0 ? decodeAs(concat(pending), charset) : '';
    pending = [];
    return piece;
  };
  for (const s of segments) {
    if (s.kind === 'bytes') {
      pending.push(s.bytes);
      continue;
    }
    const before = flush();
    if (before === null) return null;
    text += before;
    if (s.kind === 'eci') {
      const named = ECI_CHARSETS.get(s.assignment);
      if (!named) return null;
      charset = named;
      continue;
    }
    const piece = s.kind === 'text' ? s.text : decodeAs(s.bytes, 'shift_jis');
    if (piece === null) return null;
    text += piece;
  }
  const last = flush();
  if (last === null) return null;
  text += last;
  return acceptText(text);
}

/**
 * Text from a decoder that gives a string (BarcodeDetector, zxing-wasm): reject empty text and
 * text holding U+FFFD, the mark of bytes that were not valid in the character set used.
 */
export function acceptText(text: string): string | null {
  if (text.trim() === '' || text.includes('\uFFFD')) return null;
  return text;
}

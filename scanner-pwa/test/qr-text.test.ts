/**
 * What counts as a QR read and how its segments become text, in Node: UTF-8, Shift_JIS (bytes and
 * kanji mode), ECI-declared character sets, the ISO-8859-1 default, and the misses (empty text,
 * U+FFFD, an ECI we do not decode). Then the jsQR rung on real symbols drawn by `qrcode`.
 */
import { describe, expect, it } from 'vitest';
import { readWithJsQr } from '../src/scan/jsqr';
import { acceptText, textFromSegments, type QrSegment } from '../src/scan/text';
import { qrPixels, shiftJis } from './helpers/qr-bytes';

const bytes = (...b: number[]): QrSegment => ({ kind: 'bytes', bytes: Uint8Array.from(b) });
const utf8 = (text: string): QrSegment => ({
  kind: 'bytes',
  bytes: new TextEncoder().encode(text),
});
const sjis = (text: string): QrSegment => ({ kind: 'bytes', bytes: shiftJis(text) });
const eci = (assignment: number): QrSegment => ({ kind: 'eci', assignment });

describe('text of undeclared byte segments', () => {
  it('reads well-formed UTF-8 as UTF-8', () => {
    expect(textFromSegments([utf8('https://x.test/w/?c=AA 資格')])).toBe(
      'https://x.test/w/?c=AA 資格',
    );
  });

  it('reads Shift_JIS kana and kanji as Shift_JIS', () => {
    expect(textFromSegments([sjis('今度のバージョン')])).toBe('今度のバージョン');
  });

  it('reads Shift_JIS half-width katakana (also valid ISO-8859-1) as Shift_JIS', () => {
    expect(textFromSegments([sjis('*ﾃﾞｻﾞｲﾝQR*')])).toBe('*ﾃﾞｻﾞｲﾝQR*');
  });

  it('reads bytes that are neither UTF-8 nor Shift_JIS as ISO-8859-1', () => {
    // "café " in Latin-1: 0xE9 then a space is not a Shift_JIS double byte.
    expect(textFromSegments([bytes(0x63, 0x61, 0x66, 0xe9, 0x20)])).toBe('café ');
  });

  it('guesses once for the whole symbol, so a character split across segments survives', () => {
    const [a, b, c, d] = shiftJis('テス');
    expect(textFromSegments([bytes(a!, b!, c!), bytes(d!)])).toBe('テス');
  });

  it('keeps numeric and alphanumeric segments as they are', () => {
    const segments: QrSegment[] = [
      { kind: 'text', text: 'HC1:' },
      { kind: 'text', text: '0123' },
    ];
    expect(textFromSegments(segments)).toBe('HC1:0123');
  });
});

describe('kanji mode', () => {
  it('reads kanji segments as Shift_JIS', () => {
    expect(textFromSegments([{ kind: 'kanji', bytes: shiftJis('暗号化') }])).toBe('暗号化');
  });

  it('reads the undeclared bytes of a symbol with kanji segments as Shift_JIS', () => {
    const segments: QrSegment[] = [sjis('<ﾃﾞｻﾞｲﾝ> '), { kind: 'kanji', bytes: shiftJis('入り') }];
    expect(textFromSegments(segments)).toBe('<ﾃﾞｻﾞｲﾝ> 入り');
  });

  it('keeps well-formed UTF-8 bytes as UTF-8 beside a kanji segment (no ASCII swallowed)', () => {
    const segments: QrSegment[] = [
      utf8('https://example.jp/あh?x=1'),
      { kind: 'kanji', bytes: shiftJis('亜') },
    ];
    expect(textFromSegments(segments)).toBe('https://example.jp/あh?x=1亜');
  });
});

describe('ECI-declared character sets (ISO/IEC 18004 §7.4.3)', () => {
  it('reads bytes after ECI 26 as UTF-8', () => {
    expect(textFromSegments([eci(26), utf8('資格者証')])).toBe('資格者証');
  });

  it('reads bytes after ECI 20 as Shift_JIS', () => {
    expect(textFromSegments([eci(20), sjis('資格者証')])).toBe('資格者証');
  });

  it('reads bytes after ECI 3 as ISO-8859-1, not windows-1252', () => {
    expect(textFromSegments([eci(3), bytes(0x41, 0x80, 0xe9)])).toBe('A\u0080é');
  });

  it('treats bytes that are not well-formed in the declared set as a miss', () => {
    expect(textFromSegments([eci(26), bytes(0x83, 0x65)])).toBeNull();
  });

  it('treats an ECI it does not decode as a miss', () => {
    expect(textFromSegments([eci(899), utf8('abc')])).toBeNull();
  });

  it('treats a corrupt ECI designator as a miss', () => {
    expect(textFromSegments([eci(-1), utf8('abc')])).toBeNull();
  });
});

describe('misses', () => {
  it('treats a symbol without content as a miss', () => {
    expect(textFromSegments([bytes()])).toBeNull();
  });

  it('treats detector text with replacement characters as a miss', () => {
    expect(acceptText('abc\uFFFD')).toBeNull();
  });

  it('treats whitespace-only detector text as a miss', () => {
    expect(acceptText('  \n')).toBeNull();
  });
});

describe('the jsQR rung on real symbols', () => {
  it('reads a UTF-8 code', () => {
    const text = 'https://example.org/w/?c=0gRB';
    expect(
      readWithJsQr(qrPixels([{ mode: 'byte', data: new TextEncoder().encode(text) }]), false),
    ).toBe(text);
  });

  it('reads a Shift_JIS byte-mode code as Japanese text', () => {
    const image = qrPixels([{ mode: 'byte', data: shiftJis('ﾃﾞｻﾞｲﾝQR http://d-qr.test/') }]);
    expect(readWithJsQr(image, false)).toBe('ﾃﾞｻﾞｲﾝQR http://d-qr.test/');
  });

  it('reads a kanji-mode code', () => {
    const image = qrPixels([{ mode: 'kanji', data: '資格者証' }]);
    expect(readWithJsQr(image, false)).toBe('資格者証');
  });
});

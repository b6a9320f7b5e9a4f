/**
 * The table-driven base64 decoder against a reference written from RFC 4648 (differential
 * property), and the byte pool the verification draws its short-lived arrays from.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64Any, encodeBase64, encodeBase64Url } from '../src/codec/base64';
import { pooledBytes } from '../src/codec/pool';

const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * RFC 4648 by the letter, slowly: one alphabet throughout (§4 or §5), `=` only as the final
 * padding of a length that is then a multiple of four, no length ≡ 1 (mod 4), zero pad bits
 * (§3.5).
 */
function reference(text: string): number[] | null {
  const unpadded = text.replace(/={1,2}$/, '');
  if (unpadded !== text && text.length % 4 !== 0) return null;
  if (unpadded.includes('=') || unpadded.length % 4 === 1) return null;
  const alphabets = [STANDARD, URL_SAFE].filter((a) => [...unpadded].every((c) => a.includes(c)));
  if (alphabets.length === 0) return null;
  const alphabet = alphabets[0]!;
  let bits = '';
  for (const c of unpadded) bits += alphabet.indexOf(c).toString(2).padStart(6, '0');
  const whole = bits.length - (bits.length % 8);
  if (/1/.test(bits.slice(whole))) return null;
  const out: number[] = [];
  for (let i = 0; i < whole; i += 8) out.push(parseInt(bits.slice(i, i + 8), 2));
  return out;
}

const near = fc.string({
  unit: fc.constantFrom(...'AQgw+/-_=', 'é', '\u3042', ' ', 'A', 'B', 'z', '0'),
  maxLength: 24,
});

describe('decodeBase64Any', () => {
  it('agrees with the RFC 4648 reference on near-base64 text', () => {
    fc.assert(
      fc.property(near, (text) => {
        const got = decodeBase64Any(text);
        expect(got === null ? null : Array.from(got)).toEqual(reference(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads back what both encoders write, padded or not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), (bytes) => {
        for (const text of [encodeBase64(bytes), encodeBase64Url(bytes)]) {
          expect(decodeBase64Any(text)).toEqual(bytes);
          expect(decodeBase64Any(text.replace(/=+$/, ''))).toEqual(bytes);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a text longer than its scratch space that holds one stray character', () => {
    const text = 'A'.repeat(9000) + '*' + 'AAA';
    expect(decodeBase64Any(text)).toBeNull();
    expect(decodeBase64Any('A'.repeat(9004))).toHaveLength(6753);
  });

  it('refuses characters beyond ASCII whose UTF-8 would fill the scratch space', () => {
    expect(decodeBase64Any('\u3042'.repeat(8192))).toBeNull();
  });
});

describe('pooledBytes', () => {
  it('hands out views that never overlap, across slabs', () => {
    const views = Array.from({ length: 400 }, (_, i) => {
      const v = pooledBytes(300 + (i % 7));
      v.fill(i % 251);
      return v;
    });
    views.forEach((v, i) => expect(v.every((b) => b === i % 251)).toBe(true));
  });

  it('gives a long array its own buffer', () => {
    const long = pooledBytes(20_000);
    expect(long.byteOffset).toBe(0);
    expect(long.buffer.byteLength).toBe(20_000);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compressStatusBits,
  decompressStatusBits,
  packStatusBits,
  readStatusBits,
  statusOfValue,
  STATUS_VALUES,
  type StatusBits,
} from '../src/index';

describe('status list bit packing (Token Status List draft §4.1)', () => {
  it('puts the first 1-bit entry in the least significant bit of the first byte', () => {
    expect([...packStatusBits([1, 0, 0, 1, 1, 1, 0, 1, 1], 1)]).toEqual([0xb9, 0x01]);
  });

  it('puts the first 4-bit entry in the low nibble', () => {
    expect([...packStatusBits([0, 1, 2, 12], 4)]).toEqual([0x10, 0xc2]);
  });

  it('reads back every entry it packed, for every entry size', () => {
    const bitsArb = fc.constantFrom<StatusBits>(1, 2, 4, 8);
    fc.assert(
      fc.property(
        bitsArb.chain((bits) =>
          fc.tuple(fc.constant(bits), fc.array(fc.integer({ min: 0, max: (1 << bits) - 1 }))),
        ),
        ([bits, values]) => {
          const packed = packStatusBits(values, bits);
          values.forEach((v, i) => expect(readStatusBits(packed, i, bits)).toBe(v));
        },
      ),
    );
  });

  it('refuses a value that does not fit the entry size', () => {
    expect(() => packStatusBits([16], 4)).toThrow(RangeError);
    expect(() => packStatusBits([-1], 4)).toThrow(RangeError);
  });

  it('answers undefined for an index beyond the array or negative', () => {
    const packed = packStatusBits([1, 2, 3], 4);
    expect(readStatusBits(packed, 3, 4)).toBe(0); // the unused nibble of the last byte
    expect(readStatusBits(packed, 4, 4)).toBeUndefined();
    expect(readStatusBits(packed, -1, 4)).toBeUndefined();
    expect(readStatusBits(packed, 0.5, 4)).toBeUndefined();
  });
});

describe('status list compression', () => {
  it('round-trips through ZLIB', () => {
    const packed = packStatusBits(
      Array.from({ length: 1000 }, (_, i) => (i % 13 === 0 ? 1 : 0)),
      4,
    );
    const lst = compressStatusBits(packed);
    expect(lst[0]! & 0x0f).toBe(8); // RFC 1950 §2.2: CM = 8 (deflate)
    expect(decompressStatusBits(lst, 1 << 20)).toEqual(packed);
  });

  it('refuses output beyond the size limit', () => {
    const lst = compressStatusBits(new Uint8Array(100_000));
    expect(decompressStatusBits(lst, 99_999)).toBeNull();
  });

  it('refuses bytes that are not a complete ZLIB stream', () => {
    const lst = compressStatusBits(new Uint8Array(1000));
    expect(decompressStatusBits(lst.subarray(0, lst.length - 6), 1 << 20)).toBeNull();
    expect(decompressStatusBits(new Uint8Array([1, 2, 3, 4]), 1 << 20)).toBeNull();
    expect(decompressStatusBits(new Uint8Array(0), 1 << 20)).toBeNull();
  });
});

describe('status values (docs/ARCHITECTURE.md)', () => {
  it('maps each value of ours to its status and no other value', () => {
    expect(STATUS_VALUES).toEqual({
      valid: 0,
      revoked: 1,
      suspended: 2,
      deleted: 3,
      superseded: 12,
    });
    for (const [status, value] of Object.entries(STATUS_VALUES)) {
      expect(statusOfValue(value)).toBe(status);
    }
    for (const value of [4, 5, 11, 13, 15]) expect(statusOfValue(value)).toBeUndefined();
  });

  it('assigns no status to a negative, fractional or out-of-range value', () => {
    for (const value of [-1, 0.5, 12.5, 16, 255, 2 ** 32, NaN]) {
      expect(statusOfValue(value)).toBeUndefined();
    }
  });
});

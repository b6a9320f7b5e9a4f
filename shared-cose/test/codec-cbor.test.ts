import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, tagged } from '../src/codec/cbor';
import { scanCbor } from '../src/codec/cbor-scan';

const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));

/**
 * Bytes held in ArrayBuffers, where the runtime reports them (Node's process.memoryUsage);
 * undefined in a browser or workerd, where an attempt to allocate 4 GB would throw instead.
 */
function arrayBufferBytes(): number | undefined {
  const host = globalThis as { process?: { memoryUsage?: () => { arrayBuffers?: number } } };
  return host.process?.memoryUsage?.().arrayBuffers;
}

function refusal(input: string | Uint8Array, maxDepth?: number): string {
  const bytes = typeof input === 'string' ? hex(input) : input;
  const r = scanCbor(bytes, maxDepth === undefined ? {} : { maxDepth });
  if (r.ok) throw new Error('expected the scan to refuse');
  return r.detail;
}

describe('scanCbor', () => {
  it('accepts one well-formed item', () => {
    expect(scanCbor(hex('a2012603820102'))).toEqual({ ok: true, indefiniteStrings: false });
  });

  it('refuses the byte 9F alone (an unclosed indefinite array)', () => {
    expect(refusal('9f')).toMatch(/unexpected end/);
  });

  it('refuses a header announcing a 4 GB array without allocating for it', () => {
    const before = arrayBufferBytes();
    expect(refusal('9b0000000100000000')).toMatch(/length beyond the input/);
    expect(refusal('9affffffff')).toMatch(/length beyond the input/);
    if (before !== undefined) expect(arrayBufferBytes()! - before).toBeLessThan(1 << 20);
  });

  it('refuses a map announcing more pairs than the input can hold', () => {
    expect(refusal('a3010203')).toMatch(/length beyond the input/);
  });

  it('refuses a byte string longer than the input', () => {
    expect(refusal('5a7fffffff00')).toMatch(/string length beyond the input/);
  });

  it('refuses 50,000 nested one-element arrays without a stack overflow', () => {
    const bytes = new Uint8Array(50_001).fill(0x81);
    bytes[50_000] = 0x00;
    expect(refusal(bytes)).toMatch(/nesting deeper than 16/);
  });

  it('refuses nesting beyond a configured depth and accepts it within', () => {
    expect(refusal('818181818100', 4)).toMatch(/nesting deeper than 4/);
    expect(scanCbor(hex('8181818100'), { maxDepth: 4 }).ok).toBe(true);
  });

  it('refuses duplicate integer keys, even when one is written non-canonically', () => {
    expect(refusal('a201020103')).toMatch(/duplicate map key/);
    expect(refusal('a20102180103')).toMatch(/duplicate map key/);
  });

  it('refuses duplicate text keys', () => {
    expect(refusal('a2616101616102')).toMatch(/duplicate map key/);
  });

  it('refuses map keys that are not an integer, text or byte string', () => {
    expect(refusal('a1810102')).toMatch(/map key is not/);
    expect(refusal('a1f401')).toMatch(/map key is not/);
  });

  it('reads indefinite-length arrays, maps and strings', () => {
    expect(decodeCbor(hex('9f0102ff'))).toEqual({ ok: true, value: [1, 2] });
    expect(decodeCbor(hex('bf0102ff'))).toEqual({ ok: true, value: new Map([[1, 2]]) });
    expect(decodeCbor(hex('5f41014102ff'))).toEqual({ ok: true, value: Uint8Array.of(1, 2) });
    expect(decodeCbor(hex('7f616161626163ff'))).toEqual({ ok: true, value: 'abc' });
  });

  it('refuses a chunk of the wrong type inside an indefinite string', () => {
    expect(refusal('5f6161ff')).toMatch(/bad chunk/);
  });

  it('refuses an indefinite map closed after a key', () => {
    expect(refusal('bf01ff')).toMatch(/key without a value/);
  });

  it('refuses a stray break', () => {
    expect(refusal('ff')).toMatch(/unexpected break/);
    expect(refusal('8101ff')).toMatch(/1 trailing bytes/);
  });

  it('refuses trailing bytes after the item', () => {
    expect(refusal('0101')).toMatch(/1 trailing bytes/);
  });

  it('refuses reserved additional information 28–30', () => {
    expect(refusal('1c')).toMatch(/reserved/);
  });

  it('refuses text that is not UTF-8', () => {
    expect(refusal('62c328')).toMatch(/not UTF-8/);
  });

  it('refuses unassigned simple values', () => {
    expect(refusal('f0')).toMatch(/simple value/);
    expect(refusal('f820')).toMatch(/simple value/);
  });

  it('refuses tags outside the accepted set, such as 98 (COSE_Sign)', () => {
    expect(refusal('d8628100')).toMatch(/tag 98/);
    expect(refusal('d9dfff8100')).toMatch(/tag 57343/);
  });

  it('refuses an accepted tag around content of the wrong type', () => {
    expect(refusal('c001')).toMatch(/tag content/);
    expect(refusal('d24100')).toMatch(/tag content/);
  });
});

describe('decodeCbor and encodeCbor', () => {
  it('writes byte strings without tag 64 and maps without tag 259', () => {
    const bytes = encodeCbor(new Map<number, unknown>([[4, Uint8Array.of(1, 2)]]));
    expect(bytes).toEqual(hex('a104420102'));
  });

  it('writes a tagged array with small heads', () => {
    const bytes = encodeCbor(tagged(18, [new Uint8Array(0), new Map(), Uint8Array.of(1), null]));
    expect(bytes).toEqual(hex('d28440a04101f6'));
  });

  it('round-trips text keys and nested maps in insertion order', () => {
    const value = new Map<string, unknown>([
      ['UN', '山田 太郎'],
      ['ST', new Map([['idx', 3]])],
    ]);
    const r = decodeCbor(encodeCbor(value));
    expect(r).toEqual({ ok: true, value });
  });

  it('returns the scan refusal instead of decoding', () => {
    expect(decodeCbor(hex('9f'))).toEqual({ ok: false, detail: 'unexpected end of input at 1' });
  });

  it('throws when called with something other than bytes', () => {
    expect(() => decodeCbor('a0' as unknown as Uint8Array)).toThrow(TypeError);
  });
});

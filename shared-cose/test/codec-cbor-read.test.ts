/**
 * The one-pass decoder against the scan + cbor-x pair it replaces on the hot path (differential
 * properties): on arbitrary bytes, generated CBOR of every form, and mutations of real
 * credentials, COSE WG examples and EU DCC test data, `readCbor` accepts exactly what
 * `decodeCbor` accepts, with equal values, and refuses with the same detail.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCbor } from '../src/codec/cbor';
import { MAX_RECURSIVE_DEPTH, readCbor } from '../src/codec/cbor-read';
import { cborItem, concat, head, mutated } from './cbor-generators';
import { hex } from './cose-helpers';
import { issue } from './verify-fixtures';
import { makeRoot, makeSigner } from './verify-pki';
import { listVectorFiles, readVectorText, vectorsLocation } from './vectors';

/** A decoded value as plain data: Maps in order, bytes as hex, numbers with -0 and NaN kept. */
function plain(value: unknown): unknown {
  if (value instanceof Map) return { map: [...value].map(([k, v]) => [plain(k), plain(v)]) };
  if (value instanceof Uint8Array) return { bytes: Array.from(value) };
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Date) return { date: value.getTime() };
  if (typeof value === 'bigint') return { bigint: value.toString() };
  if (typeof value === 'number') return { number: Object.is(value, -0) ? '-0' : String(value) };
  if (typeof value === 'object' && value !== null && 'tag' in value && 'value' in value) {
    const t = value as { tag: unknown; value: unknown };
    return { tag: t.tag, value: plain(t.value) };
  }
  if (value === undefined) return { undefined: true };
  return value;
}

function answer(r: ReturnType<typeof decodeCbor>) {
  return r.ok ? { ok: true, value: plain(r.value) } : r;
}

function sameAsDecodeCbor(bytes: Uint8Array, maxDepth?: number): void {
  const options = maxDepth === undefined ? {} : { maxDepth };
  expect(answer(readCbor(bytes, options))).toEqual(answer(decodeCbor(bytes, options)));
}

const RUNS = { numRuns: 3000 };
const corpus: Uint8Array[] = [];

beforeAll(async () => {
  const ca = await makeRoot();
  for (const alg of ['ES256', 'PS256'] as const) {
    corpus.push(await issue(await makeSigner(ca, alg), alg === 'ES256' ? 'D-000002' : 'D-000001'));
  }
  const cose = await listVectorFiles('cose-wg-examples/');
  const dgc = await listVectorFiles('dgc-testdata/');
  if (!cose || !dgc) {
    console.warn(`vectors not found at ${vectorsLocation()}: mutations use our credentials only`);
    return;
  }
  for (const file of cose.filter((f) => f.endsWith('.json')).slice(0, 80)) {
    const cbor = JSON.parse((await readVectorText(`cose-wg-examples/${file}`))!).output?.cbor;
    if (typeof cbor === 'string') corpus.push(hex(cbor));
  }
  for (const file of dgc.filter((f) => f.endsWith('.json')).slice(0, 80)) {
    let data: { COSE?: unknown };
    try {
      data = JSON.parse((await readVectorText(`dgc-testdata/${file}`))!);
    } catch {
      continue;
    }
    if (typeof data.COSE === 'string' && /^[0-9a-f]+$/i.test(data.COSE))
      corpus.push(hex(data.COSE));
  }
});

describe('readCbor against scanCbor + cbor-x', () => {
  it('gives the same answer for arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => sameAsDecodeCbor(b)),
      RUNS,
    );
  });

  it('gives the same answer for generated CBOR of every form', () => {
    fc.assert(
      fc.property(cborItem, (b) => sameAsDecodeCbor(b)),
      RUNS,
    );
  });

  it('gives the same answer for mutated generated CBOR', () => {
    fc.assert(
      fc.property(cborItem.chain(mutated), (b) => sameAsDecodeCbor(b)),
      RUNS,
    );
  });

  it('gives the same answer under small depth limits', () => {
    const limited = fc.tuple(cborItem, fc.integer({ min: 0, max: 4 }));
    fc.assert(
      fc.property(limited, ([b, depth]) => sameAsDecodeCbor(b, depth)),
      RUNS,
    );
  });

  it('gives the same answer for mutated credentials and public COSE examples', () => {
    expect(corpus.length).toBeGreaterThan(1);
    const input = fc.constantFrom(...corpus).chain(mutated);
    fc.assert(
      fc.property(input, (b) => sameAsDecodeCbor(b)),
      RUNS,
    );
  });

  it('gives the same answer for each unmutated corpus item, our credentials decoding', () => {
    for (const bytes of corpus) sameAsDecodeCbor(bytes);
    expect(corpus.slice(0, 2).map((b) => readCbor(b).ok)).toEqual([true, true]);
  });
});

describe('readCbor', () => {
  it('returns byte strings as views of the input, without copying', () => {
    const bytes = hex('8243010203f6');
    const r = readCbor(bytes);
    expect(r.ok && (r.value as Uint8Array[])[0]!.buffer).toBe(bytes.buffer);
  });

  it('refuses duplicate keys that differ only in their encoding or a leading U+FEFF', () => {
    expect(readCbor(hex('a2010218010203'))).toEqual({
      ok: false,
      detail: 'duplicate map key at 3',
    });
    const bom = concat([
      head(5, 2),
      head(3, 4),
      hex('efbbbf61'),
      hex('01'),
      hex('6161'),
      hex('02'),
    ]);
    expect(readCbor(bom)).toEqual({ ok: false, detail: 'duplicate map key at 7' });
  });

  it('refuses a tag outside the allowed list with the scan detail', () => {
    expect(readCbor(hex('d9010300'))).toEqual({ ok: false, detail: 'tag 259 is not accepted' });
  });

  it('drops tag 55799 around a value but keeps it around undefined, as cbor-x does', () => {
    expect(readCbor(hex('d9d9f701'))).toEqual({ ok: true, value: 1 });
    const kept = readCbor(hex('d9d9f7f7'));
    expect(kept.ok && kept.value).toMatchObject({ tag: 55799, value: undefined });
  });

  it('reports the error cbor-x raises for tag 1 around an 8-byte integer', () => {
    const r = readCbor(hex('c11b0000000000000001'));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.detail).toMatch(/^CBOR decoder: /);
  });

  it('hands a limit deeper than its recursion bound to decodeCbor', () => {
    const nested = new Uint8Array(70).fill(0x81);
    nested[69] = 0x00;
    expect(readCbor(nested, { maxDepth: MAX_RECURSIVE_DEPTH + 10 }).ok).toBe(true);
    expect(readCbor(nested, { maxDepth: MAX_RECURSIVE_DEPTH })).toEqual({
      ok: false,
      detail: `nesting deeper than ${MAX_RECURSIVE_DEPTH}`,
    });
  });

  it('throws when given something other than bytes (a caller bug)', () => {
    expect(() => readCbor('a1' as unknown as Uint8Array)).toThrow(TypeError);
  });
});

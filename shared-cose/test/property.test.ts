/**
 * Properties over arbitrary input (fast-check): nothing a client sends makes the public API
 * throw, every answer is a complete verdict, and each finishes in bounded time. Also: the scan
 * is never laxer than cbor-x, and what we encode the scan accepts.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeBase64, encodeBase64Url } from '../src/codec/base64';
import { decodeCbor, encodeCbor } from '../src/codec/cbor';
import { scanCbor } from '../src/codec/cbor-scan';
import { CHECK_ORDER, type Verdict } from '../src/types';
import { verifyCredential, type VerifyContext } from '../src/verify';
import { BASE, context, issue } from './verify-fixtures';
import { makeRoot, makeSigner } from './verify-pki';

let ctx: VerifyContext;
let good: Uint8Array;
const RUNS = { numRuns: 300 };
const BOUND_MS = 2_000;

beforeAll(async () => {
  const ca = await makeRoot();
  const es = await makeSigner(ca, 'ES256');
  ctx = await context(ca, [{ kid: 'D-000002', certificate: es.der }]);
  good = await issue(es, 'D-000002');
});

/** Checks the verdict's shape and time; returns nothing, as fast-check predicates should. */
async function check(input: string | Uint8Array): Promise<void> {
  await verdictOf(input);
}

async function verdictOf(input: string | Uint8Array): Promise<Verdict> {
  const started = performance.now();
  const v = await verifyCredential(input, ctx);
  expect(performance.now() - started).toBeLessThan(BOUND_MS);
  expect(['valid', 'invalid', 'indeterminate']).toContain(v.result);
  expect(v.checks.map((c) => c.name)).toEqual(CHECK_ORDER);
  if (v.result !== 'valid') expect(v.reasons.length).toBeGreaterThan(0);
  return v;
}

describe('verifyCredential on arbitrary input', () => {
  it('gives a verdict for any byte string', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), check), RUNS);
  });

  it('gives a verdict for any text', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 512 }), check), RUNS);
  });

  it('gives a verdict for any value behind a verification URL', async () => {
    const value = fc.oneof(
      fc.uint8Array({ maxLength: 1024 }).map(encodeBase64Url),
      fc.uint8Array({ maxLength: 1024 }).map(encodeBase64),
      fc.string({ maxLength: 256 }),
    );
    await fc.assert(
      fc.asyncProperty(value, (c) => check(`${BASE}/w/?c=${c}`)),
      RUNS,
    );
  });

  it('never finds a valid credential with any one byte changed valid', async () => {
    expect((await verifyCredential(good, ctx)).result).toBe('valid');
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: good.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (at, x) => {
          const changed = good.slice();
          changed[at] = changed[at]! ^ x;
          expect((await verdictOf(changed)).result).not.toBe('valid');
        },
      ),
      RUNS,
    );
  });

  it('gives a verdict for arbitrary CBOR data items', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.anything({ maxDepth: 4, withMap: true, withObjectString: false }),
        async (value) => {
          let bytes: Uint8Array;
          try {
            bytes = encodeCbor(value);
          } catch {
            return;
          }
          await verdictOf(bytes);
        },
      ),
      RUNS,
    );
  });
});

describe('the CBOR scan', () => {
  it('is never laxer than cbor-x: what it accepts cbor-x decodes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        const r = decodeCbor(bytes);
        if (!r.ok) expect(r.detail).not.toMatch(/^CBOR decoder/);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts what our encoder writes, and decodes it back', () => {
    const leaf = fc.oneof(
      fc.integer(),
      fc.string(),
      fc.uint8Array({ maxLength: 32 }),
      fc.boolean(),
      fc.constant(null),
    );
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 4 }),
        tie('map'),
      ),
      map: fc
        .uniqueArray(fc.tuple(fc.oneof(fc.integer(), fc.string()), tie('node')), {
          selector: ([k]) => k,
          maxLength: 4,
        })
        .map((entries) => new Map(entries)),
    })).node;
    fc.assert(
      fc.property(tree, (value) => {
        const bytes = encodeCbor(value);
        expect(scanCbor(bytes).ok).toBe(true);
        expect(decodeCbor(bytes)).toEqual({ ok: true, value });
      }),
      { numRuns: 500 },
    );
  });
});

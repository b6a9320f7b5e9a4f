import { beforeAll, describe, expect, it } from 'vitest';
import { encodeCbor, tagged } from '../src/codec/cbor';
import { sigStructure1 } from '../src/cose/sig-structure';
import { signSign1 } from '../src/cose/sign';
import { decodeSign1, type Sign1 } from '../src/cose/sign1';
import { sign1Algorithm, verifySign1 } from '../src/cose/verify-sign1';
import { createWebCryptoBackend } from '../src/crypto/webcrypto';
import { hex, makeKey, toHex, utf8, type TestKey } from './cose-helpers';

const crypto = createWebCryptoBackend();
const all = { allowedAlgorithms: ['PS256', 'ES256', 'EdDSA'] as const };
const payload = utf8('payload');
const sig = Uint8Array.of(1, 2, 3);

function decoded(value: unknown): Sign1 {
  const r = decodeSign1(encodeCbor(value));
  if (!r.ok) throw new Error(`expected a COSE_Sign1, got: ${r.detail}`);
  return r.sign1;
}

function malformedDetail(value: unknown): string {
  const r = decodeSign1(value instanceof Uint8Array ? value : encodeCbor(value));
  if (r.ok) throw new Error('expected malformed');
  expect(r.code).toBe('malformed');
  return r.detail;
}

const prot = (m: Map<number, unknown>) => encodeCbor(m);
const kidMap = new Map<number, unknown>([[4, utf8('D-000001')]]);

describe('decodeSign1: envelopes', () => {
  it('decodes tag 18 into typed headers', () => {
    const s = decoded(tagged(18, [prot(new Map([[1, -37]])), kidMap, payload, sig]));
    expect(s.envelope).toBe('tag18');
    expect(s.protectedHeader.alg).toBe(-37);
    expect(s.unprotectedHeader.kid).toEqual(utf8('D-000001'));
    expect(s.protectedBytes).toEqual(hex('a1013824'));
    expect(s.payload).toEqual(payload);
    expect(s.signature).toEqual(sig);
  });

  it('decodes an untagged COSE_Sign1', () => {
    expect(decoded([prot(new Map([[1, -7]])), new Map(), payload, sig]).envelope).toBe('untagged');
  });

  it('decodes a COSE_Sign1 inside a CWT tag 61', () => {
    const s = decoded(tagged(61, tagged(18, [prot(new Map([[1, -7]])), new Map(), payload, sig])));
    expect(s.envelope).toBe('cwt');
  });

  it('refuses tag 98 around the message as malformed', () => {
    expect(malformedDetail(tagged(98, [new Uint8Array(0), new Map(), payload, []]))).toMatch(
      /tag 98/,
    );
  });

  it('refuses another accepted tag in place of 18 as malformed', () => {
    expect(malformedDetail(tagged(24, encodeCbor([])))).toMatch(/not a COSE_Sign1/);
  });

  it('refuses three or five members as malformed', () => {
    expect(malformedDetail(tagged(18, [new Uint8Array(0), new Map(), payload]))).toMatch(
      /3 members/,
    );
    const five = [new Uint8Array(0), new Map(), payload, sig, sig];
    expect(malformedDetail(tagged(18, five))).toMatch(/5 members/);
  });

  it('refuses bytes that are not CBOR as malformed', () => {
    expect(malformedDetail(Uint8Array.of(0xd2, 0x84))).toMatch(/beyond the input/);
  });
});

describe('decodeSign1: members and headers', () => {
  it('reads an empty protected header from the zero-length byte string', () => {
    const s = decoded(tagged(18, [new Uint8Array(0), new Map([[1, -7]]), payload, sig]));
    expect(s.protectedHeader.labels).toEqual([]);
    expect(s.protectedBytes).toEqual(new Uint8Array(0));
  });

  it('uses the zero-length byte string for a protected header holding an empty map', () => {
    const s = decoded(tagged(18, [hex('a0'), new Map([[1, -7]]), payload, sig]));
    expect(s.protectedBytes).toEqual(new Uint8Array(0));
  });

  it('refuses a protected header that is not a byte string as malformed', () => {
    expect(malformedDetail(tagged(18, [new Map([[1, -7]]), new Map(), payload, sig]))).toMatch(
      /protected header is not bstr/,
    );
  });

  it('refuses a protected byte string that does not hold a map as malformed', () => {
    expect(malformedDetail(tagged(18, [encodeCbor([1]), new Map(), payload, sig]))).toMatch(
      /not a map/,
    );
  });

  it('refuses the same label in both headers as malformed', () => {
    const m = tagged(18, [
      prot(
        new Map<number, unknown>([
          [1, -7],
          [4, utf8('k')],
        ]),
      ),
      kidMap,
      payload,
      sig,
    ]);
    expect(malformedDetail(m)).toMatch(/label 4 in both headers/);
  });

  it('refuses a text kid as malformed', () => {
    const m = tagged(18, [prot(new Map([[1, -7]])), new Map([[4, 'D-000001']]), payload, sig]);
    expect(malformedDetail(m)).toMatch(/kid is not a byte string/);
  });

  it('refuses a nil (detached) payload as malformed', () => {
    const m = tagged(18, [prot(new Map([[1, -7]])), kidMap, null, sig]);
    expect(malformedDetail(m)).toMatch(/detached payload/);
  });

  it('refuses a duplicate label inside the protected header as malformed', () => {
    const bytes = hex('a201260127'); // {1: -7, 1: -8}
    expect(malformedDetail(tagged(18, [bytes, new Map(), payload, sig]))).toMatch(/duplicate/);
  });

  it('refuses a crit list naming a label we do not understand as malformed', () => {
    const h = prot(
      new Map<number, unknown>([
        [1, -7],
        [2, [99]],
        [99, 0],
      ]),
    );
    expect(malformedDetail(tagged(18, [h, new Map(), payload, sig]))).toMatch(/critical label 99/);
  });

  it('reads x5chain as one certificate or an array of them', () => {
    const one = decoded(tagged(18, [prot(new Map([[1, -7]])), new Map([[33, sig]]), payload, sig]));
    expect(one.unprotectedHeader.x5chain).toEqual([sig]);
    const two = decoded(
      tagged(18, [prot(new Map([[1, -7]])), new Map([[33, [sig, payload]]]), payload, sig]),
    );
    expect(two.unprotectedHeader.x5chain).toEqual([sig, payload]);
  });

  it('refuses an x5chain of another type as malformed', () => {
    const m = tagged(18, [prot(new Map([[1, -7]])), new Map([[33, 'pem']]), payload, sig]);
    expect(malformedDetail(m)).toMatch(/x5chain/);
  });
});

describe('sign1Algorithm', () => {
  const withAlg = (p: Map<number, unknown>, u: Map<number, unknown>) =>
    decoded(tagged(18, [p.size ? prot(p) : new Uint8Array(0), u, payload, sig]));

  it('takes alg from the protected header', () => {
    expect(sign1Algorithm(withAlg(new Map([[1, -37]]), new Map()), all)).toEqual({
      ok: true,
      alg: 'PS256',
    });
  });

  it('refuses alg only in the unprotected header as unsupported_algorithm', () => {
    const r = sign1Algorithm(withAlg(new Map(), new Map([[1, -7]])), all);
    expect(r).toMatchObject({ ok: false, code: 'unsupported_algorithm' });
  });

  it('takes an unprotected alg only through the escape hatch', () => {
    const s = withAlg(new Map(), new Map([[1, -7]]));
    const r = sign1Algorithm(s, { ...all, dangerouslyAcceptUnprotectedAlg: true });
    expect(r).toEqual({ ok: true, alg: 'ES256' });
  });

  it('refuses a missing, unknown, text or disallowed alg as unsupported_algorithm', () => {
    for (const p of [
      new Map(),
      new Map([[1, -999]]),
      new Map([[1, 'ES256']]),
      new Map([[1, -35]]),
    ]) {
      expect(sign1Algorithm(withAlg(p, new Map()), all)).toMatchObject({
        code: 'unsupported_algorithm',
      });
    }
  });
});

describe('signSign1 and verifySign1', () => {
  let es: TestKey;
  let ps: TestKey;
  let ed: TestKey;
  beforeAll(async () => {
    [es, ps, ed] = await Promise.all([makeKey('ES256'), makeKey('PS256'), makeKey('EdDSA')]);
  });

  async function roundTrip(key: TestKey, id: number) {
    const bytes = await signSign1(
      { protectedHeader: { alg: id }, unprotectedHeader: { kid: 'D-000001' }, payload },
      key.sign,
    );
    const s = decodeSign1(bytes);
    if (!s.ok) throw new Error(s.detail);
    return { bytes, sign1: s.sign1 };
  }

  it('writes the real wire shape: tag 18, {1: -37}, {4: kid bytes}', async () => {
    const { bytes } = await roundTrip(ps, -37);
    const head = 'd28444a1013824a10448' + toHex(utf8('D-000001')) + '47' + toHex(payload);
    expect(toHex(bytes).startsWith(head)).toBe(true);
  });

  it('signs and verifies ES256, PS256 and EdDSA', async () => {
    for (const [key, id] of [
      [es, -7],
      [ps, -37],
      [ed, -8],
    ] as const) {
      const { sign1 } = await roundTrip(key, id);
      const r = await verifySign1(sign1, { alg: key.alg, spki: key.spki, crypto });
      expect(r).toEqual({ ok: true });
    }
  });

  it('refuses an altered payload as signature_invalid', async () => {
    const { sign1 } = await roundTrip(es, -7);
    const altered = { ...sign1, payload: utf8('payloaD') };
    const r = await verifySign1(altered, { alg: 'ES256', spki: es.spki, crypto });
    expect(r).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('refuses a key of another type as signature_invalid', async () => {
    const { sign1 } = await roundTrip(es, -7);
    const r = await verifySign1(sign1, { alg: 'ES256', spki: ps.spki, crypto });
    expect(r).toMatchObject({ ok: false, code: 'signature_invalid' });
  });

  it('verifies a protected map written kid-before-alg over the bytes as received', async () => {
    const order = new Map<number, unknown>([
      [4, utf8('D-000002')],
      [1, -7],
    ]);
    const bytes = await signSign1({ protectedHeader: order, payload }, es.sign);
    const s = decodeSign1(bytes);
    if (!s.ok) throw new Error(s.detail);
    expect(toHex(s.sign1.protectedBytes)).toBe('a2044844' + toHex(utf8('-000002')) + '0126');
    expect(await verifySign1(s.sign1, { alg: 'ES256', spki: es.spki, crypto })).toEqual({
      ok: true,
    });
  });

  it('writes an empty protected header as the zero-length byte string', async () => {
    const bytes = await signSign1(
      { protectedHeader: {}, unprotectedHeader: { alg: -7 }, payload },
      es.sign,
    );
    expect(toHex(bytes.subarray(0, 3))).toBe('d28440');
  });

  it('signs over the Sig_structure of RFC 9052 §4.4', async () => {
    let seen: Uint8Array | undefined;
    await signSign1({ protectedHeader: { alg: -7 }, payload }, async (tbs) => {
      seen = tbs;
      return es.sign(tbs);
    });
    expect(seen).toEqual(sigStructure1(hex('a10126'), payload));
    expect(toHex(seen!)).toBe('846a5369676e61747572653143a1012640477061796c6f6164');
  });

  it('throws when a label is given in both headers', async () => {
    await expect(
      signSign1({ protectedHeader: { alg: -7 }, unprotectedHeader: { alg: -7 }, payload }, es.sign),
    ).rejects.toThrow(/both headers/);
  });

  it('reports EdDSA with an Ed448 key as unsupported_algorithm', async () => {
    const { sign1 } = await roundTrip(ed, -8);
    // SPKI of an Ed448 key (RFC 8410 §4): the OID 1.3.101.113, then 57 key bytes.
    const ed448 = hex('3043300506032b6571033a00' + '00'.repeat(57));
    const r = await verifySign1(sign1, { alg: 'EdDSA', spki: ed448, crypto });
    expect(r).toMatchObject({ ok: false, code: 'unsupported_algorithm' });
  });
});

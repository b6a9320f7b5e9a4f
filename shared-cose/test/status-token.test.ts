import { beforeAll, describe, expect, it } from 'vitest';
import {
  compressStatusBits,
  decodeCbor,
  decodeStatusListToken,
  encodeCbor,
  signSign1,
  signStatusListToken,
  STATUS_LIST_CWT_TYPE,
} from '../src/index';
import { makeCa, makeLeaf, type TestLeaf } from './status-pki';

const URI = 'http://127.0.0.1:8787/registry/v1/status-lists/1';
let leaf: TestLeaf;

beforeAll(async () => {
  leaf = await makeLeaf(await makeCa(), 'statusListSigner');
});

/** Signs arbitrary claims the way a token is signed, to build malformed variants. */
async function signClaims(claims: Map<number, unknown>, typ: string = STATUS_LIST_CWT_TYPE) {
  return signSign1(
    {
      protectedHeader: { alg: -7, typ },
      unprotectedHeader: { x5chain: [leaf.der] },
      payload: encodeCbor(claims),
    },
    leaf.sign,
  );
}

function goodClaims(): Map<number, unknown> {
  const lst = compressStatusBits(new Uint8Array([0x10]));
  return new Map<number, unknown>([
    [2, URI],
    [6, 1_800_000_000],
    [
      65533,
      new Map<string, unknown>([
        ['bits', 4],
        ['lst', lst],
      ]),
    ],
  ]);
}

describe('signStatusListToken', () => {
  it('writes a tagged COSE_Sign1 with alg and typ protected and the certificate in x5chain', async () => {
    const bytes = await signStatusListToken(
      { uri: URI, iat: 1_800_000_000, exp: 1_800_086_400, ttl: 300, bits: 4, statuses: [0, 1] },
      { alg: 'ES256', sign: leaf.sign, certificate: leaf.der },
    );
    expect(bytes[0]).toBe(0xd2); // tag 18
    const outer = decodeCbor(bytes);
    const [protectedBytes, unprotected] = (outer as { value: { value: unknown[] } }).value.value;
    const header = decodeCbor(protectedBytes as Uint8Array);
    expect(header).toEqual({
      ok: true,
      value: new Map<number, unknown>([
        [1, -7],
        [16, STATUS_LIST_CWT_TYPE],
      ]),
    });
    expect((unprotected as Map<number, Uint8Array>).get(33)).toEqual(leaf.der);
  });

  it('round-trips every claim through decodeStatusListToken', async () => {
    const statuses = [0, 1, 2, 3, 12, 0, 0, 1];
    const bytes = await signStatusListToken(
      { uri: URI, iat: 1_800_000_000, exp: 1_800_086_400, ttl: 300, bits: 4, statuses },
      { alg: 'ES256', sign: leaf.sign, certificate: leaf.der },
    );
    const decoded = decodeStatusListToken(bytes);
    if (!decoded.ok) throw new Error(decoded.detail);
    const t = decoded.token;
    expect([t.uri, t.iat, t.exp, t.ttl, t.bits, t.alg]).toEqual([
      URI,
      1_800_000_000,
      1_800_086_400,
      300,
      4,
      'ES256',
    ]);
    expect([...t.list]).toEqual([0x10, 0x32, 0x0c, 0x10]);
    expect(t.x5chain).toEqual([leaf.der]);
    expect(t.signature.length).toBe(64);
  });
});

describe('decodeStatusListToken refuses', () => {
  it('bytes that are not COSE_Sign1', () => {
    const r = decodeStatusListToken(encodeCbor([1, 2, 3]));
    expect(r.ok).toBe(false);
  });

  it('a token whose typ is not application/statuslist+cwt', async () => {
    const r = decodeStatusListToken(await signClaims(goodClaims(), 'application/cwt'));
    expect(r).toEqual({ ok: false, detail: 'typ is not statuslist+cwt' });
  });

  it('a token without the list URI (sub)', async () => {
    const claims = goodClaims();
    claims.delete(2);
    expect(decodeStatusListToken(await signClaims(claims))).toEqual({
      ok: false,
      detail: 'sub (the list URI) missing',
    });
  });

  it('an entry size other than 1, 2, 4 or 8 bits', async () => {
    const claims = goodClaims();
    claims.set(
      65533,
      new Map<string, unknown>([
        ['bits', 3],
        ['lst', compressStatusBits(new Uint8Array(1))],
      ]),
    );
    expect(decodeStatusListToken(await signClaims(claims))).toEqual({
      ok: false,
      detail: 'bits is not 1, 2, 4 or 8',
    });
  });

  it('a list that is not ZLIB-compressed', async () => {
    const claims = goodClaims();
    claims.set(
      65533,
      new Map<string, unknown>([
        ['bits', 4],
        ['lst', new Uint8Array([0x10])],
      ]),
    );
    expect(decodeStatusListToken(await signClaims(claims))).toEqual({
      ok: false,
      detail: 'lst is not a ZLIB stream within the size limit',
    });
  });

  it('an iat that is not an unsigned integer', async () => {
    const claims = goodClaims();
    claims.set(6, '2027-01-01');
    expect(decodeStatusListToken(await signClaims(claims))).toEqual({
      ok: false,
      detail: 'iat missing',
    });
  });

  it('a token without x5chain', async () => {
    const bytes = await signSign1(
      {
        protectedHeader: { alg: -7, typ: STATUS_LIST_CWT_TYPE },
        payload: encodeCbor(goodClaims()),
      },
      leaf.sign,
    );
    expect(decodeStatusListToken(bytes)).toEqual({ ok: false, detail: 'x5chain missing' });
  });

  it('throws for an argument that is not bytes (caller misuse)', () => {
    expect(() => decodeStatusListToken('abc' as unknown as Uint8Array)).toThrow(TypeError);
  });
});

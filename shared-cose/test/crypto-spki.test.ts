import { beforeAll, describe, expect, it } from 'vitest';
import { encodeDer, readDer } from '../src/crypto/der';
import { createWebCryptoSigner } from '../src/crypto/signers';
import { parseSpki, spkiForParams } from '../src/crypto/spki';
import { createWebCryptoBackend } from '../src/crypto/webcrypto';
import { makeKey, type TestKey } from './crypto-keys';

const PS256 = { kind: 'rsa-pss', hash: 'SHA-256', saltLength: 32 } as const;
const PS384 = { kind: 'rsa-pss', hash: 'SHA-384', saltLength: 48 } as const;

const bytes = (hex: string) => new Uint8Array(hex.match(/../g)!.map((h) => parseInt(h, 16)));
const seq = (...parts: Uint8Array[]) => encodeDer(0x30, concat(parts));
const ctx = (n: number, inner: Uint8Array) => encodeDer(0xa0 + n, inner);
const oid = (hex: string) => encodeDer(0x06, bytes(hex));
const int = (n: number) => encodeDer(0x02, new Uint8Array([n]));
const NULL = new Uint8Array([0x05, 0x00]);
const SHA256 = seq(oid('608648016503040201'), NULL);
const SHA384 = seq(oid('608648016503040202'), NULL);
const mgf1 = (hash: Uint8Array) => seq(oid('2a864886f70d010108'), hash);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}

/** The same RSA key labelled id-RSASSA-PSS (RFC 4055 §1.2), with or without parameters. */
function pssSpki(rsaSpki: Uint8Array, params?: Uint8Array): Uint8Array {
  const key = parseSpki(rsaSpki)!.publicKey;
  const algId = seq(oid('2a864886f70d01010a'), ...(params ? [params] : []));
  return seq(algId, encodeDer(0x03, concat([new Uint8Array([0]), key])));
}

describe('parseSpki', () => {
  const keys: Partial<Record<string, TestKey>> = {};
  beforeAll(async () => {
    for (const alg of ['PS256', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const) {
      keys[alg] = await makeKey(alg);
    }
  });

  it('names the key type and curve of real keys', () => {
    expect(parseSpki(keys.PS256!.spki)?.kind).toBe('rsa');
    expect(parseSpki(keys.ES256!.spki)).toMatchObject({ kind: 'ec', curve: 'P-256' });
    expect(parseSpki(keys.ES384!.spki)).toMatchObject({ kind: 'ec', curve: 'P-384' });
    expect(parseSpki(keys.ES512!.spki)).toMatchObject({ kind: 'ec', curve: 'P-521' });
    expect(parseSpki(keys.EdDSA!.spki)?.kind).toBe('ed25519');
  });

  it('refuses trailing bytes after the SPKI', () => {
    expect(parseSpki(concat([keys.ES256!.spki, new Uint8Array([0])]))).toBeUndefined();
  });

  it('refuses a truncated SPKI', () => {
    expect(parseSpki(keys.ES256!.spki.subarray(0, 50))).toBeUndefined();
  });

  it('refuses a key BIT STRING with unused bits', () => {
    const spki = keys.EdDSA!.spki.slice();
    spki[spki.length - 33] = 1;
    expect(parseSpki(spki)).toBeUndefined();
  });
});

describe('readDer', () => {
  it('refuses a long-form length that fits the short form (X.690 §10.1)', () => {
    expect(readDer(new Uint8Array([0x04, 0x81, 0x01, 0xaa]), 0)).toBeUndefined();
  });

  it('refuses the indefinite length form', () => {
    expect(readDer(new Uint8Array([0x30, 0x80, 0x00, 0x00]), 0)).toBeUndefined();
  });

  it('refuses a length that runs past the input', () => {
    expect(readDer(new Uint8Array([0x04, 0x05, 0x01]), 0)).toBeUndefined();
  });
});

describe('spkiForParams with RSASSA-PSS keys (RFC 4055)', () => {
  let rsa: TestKey;
  beforeAll(async () => {
    rsa = await makeKey('PS256');
  });

  it('relabels a PSS key without parameters as rsaEncryption', () => {
    expect(spkiForParams(pssSpki(rsa.spki), PS256)).toEqual(rsa.spki);
  });

  it('accepts parameters that name our hash, MGF1 with it, and a salt up to ours', () => {
    const params = seq(ctx(0, SHA256), ctx(1, mgf1(SHA256)), ctx(2, int(32)));
    expect(spkiForParams(pssSpki(rsa.spki, params), PS256)).toEqual(rsa.spki);
  });

  it('refuses parameters for another hash', () => {
    const params = seq(ctx(0, SHA256), ctx(1, mgf1(SHA256)), ctx(2, int(32)));
    expect(spkiForParams(pssSpki(rsa.spki, params), PS384)).toBeUndefined();
  });

  it('refuses an MGF1 hash that differs from the hash', () => {
    const params = seq(ctx(0, SHA256), ctx(1, mgf1(SHA384)), ctx(2, int(32)));
    expect(spkiForParams(pssSpki(rsa.spki, params), PS256)).toBeUndefined();
  });

  it('refuses a minimum salt length above the hash length', () => {
    const params = seq(ctx(0, SHA256), ctx(1, mgf1(SHA256)), ctx(2, int(64)));
    expect(spkiForParams(pssSpki(rsa.spki, params), PS256)).toBeUndefined();
  });

  it('refuses empty parameters, which mean SHA-1 by default', () => {
    expect(spkiForParams(pssSpki(rsa.spki, seq()), PS256)).toBeUndefined();
  });

  it('refuses a trailer field other than 1', () => {
    const params = seq(ctx(0, SHA256), ctx(1, mgf1(SHA256)), ctx(2, int(32)), ctx(3, int(2)));
    expect(spkiForParams(pssSpki(rsa.spki, params), PS256)).toBeUndefined();
  });

  it('makes a correct PS256 signature fail under a key restricted to SHA-384', async () => {
    const data = new TextEncoder().encode('restricted');
    const sig = await createWebCryptoSigner('PS256', rsa.privateKey)(data);
    const backend = createWebCryptoBackend();
    const ok = seq(ctx(0, SHA256), ctx(1, mgf1(SHA256)), ctx(2, int(32)));
    const other = seq(ctx(0, SHA384), ctx(1, mgf1(SHA384)), ctx(2, int(48)));
    expect(await backend.verify('PS256', pssSpki(rsa.spki, ok), data, sig)).toBe(true);
    expect(await backend.verify('PS256', pssSpki(rsa.spki, other), data, sig)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { ALG_IDS, type AlgName } from '../src/types';
import { algFromCoseId, isAlgName, paramsKey, signatureParams } from '../src/crypto/algorithms';

describe('algFromCoseId', () => {
  it('maps each COSE identifier of ALG_IDS back to its name', () => {
    for (const [name, id] of Object.entries(ALG_IDS)) expect(algFromCoseId(id)).toBe(name);
  });

  it('gives undefined for algorithms we do not support (ES256K -47, RS256 -257, Ed448 -53)', () => {
    for (const id of [-47, -257, -53, -19, 0, 1, 999]) expect(algFromCoseId(id)).toBeUndefined();
  });
});

describe('signatureParams', () => {
  it('binds each ES alg to its curve and hash (RFC 9053 §2.1 suggestion made a rule)', () => {
    expect(signatureParams('ES256')).toEqual({ kind: 'ecdsa', curve: 'P-256', hash: 'SHA-256' });
    expect(signatureParams('ES384')).toEqual({ kind: 'ecdsa', curve: 'P-384', hash: 'SHA-384' });
    expect(signatureParams('ES512')).toEqual({ kind: 'ecdsa', curve: 'P-521', hash: 'SHA-512' });
  });

  it('gives each PS alg a salt as long as its hash (RFC 8230 §2)', () => {
    expect(signatureParams('PS256')).toEqual({ kind: 'rsa-pss', hash: 'SHA-256', saltLength: 32 });
    expect(signatureParams('PS384')).toEqual({ kind: 'rsa-pss', hash: 'SHA-384', saltLength: 48 });
    expect(signatureParams('PS512')).toEqual({ kind: 'rsa-pss', hash: 'SHA-512', saltLength: 64 });
  });

  it('makes EdDSA mean Ed25519', () => {
    expect(signatureParams('EdDSA')).toEqual({ kind: 'ed25519' });
  });

  it('throws a TypeError for a name outside the table (misuse)', () => {
    expect(() => signatureParams('RS256' as AlgName)).toThrow(TypeError);
    expect(() => signatureParams('toString' as AlgName)).toThrow(TypeError);
  });
});

describe('isAlgName', () => {
  it('accepts our seven names and nothing else', () => {
    for (const name of Object.keys(ALG_IDS)) expect(isAlgName(name)).toBe(true);
    for (const other of ['es256', 'RS256', 'Ed448', 'constructor', '', 7, null]) {
      expect(isAlgName(other)).toBe(false);
    }
  });
});

describe('paramsKey', () => {
  it('gives distinct cache keys to parameter sets that need distinct imported keys', () => {
    const keys = (Object.keys(ALG_IDS) as AlgName[]).map((a) => paramsKey(signatureParams(a)));
    expect(new Set(keys).size).toBe(keys.length);
  });
});

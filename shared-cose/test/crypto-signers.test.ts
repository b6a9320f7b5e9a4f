import { beforeAll, describe, expect, it } from 'vitest';
import type { AlgName } from '../src/types';
import { createWebCryptoSigner, importSigningKey } from '../src/crypto/signers';
import { createWebCryptoBackend } from '../src/crypto/webcrypto';
import { makeKey, toPem, type TestKey } from './crypto-keys';

const ALGS: AlgName[] = ['PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const SIG_LENGTH: Record<AlgName, number> = {
  PS256: 256,
  PS384: 256,
  PS512: 256,
  ES256: 64,
  ES384: 96,
  ES512: 132,
  EdDSA: 64,
};
const TBS = new TextEncoder().encode('to be signed');

describe('importSigningKey and createWebCryptoSigner', () => {
  const keys = {} as Record<AlgName, TestKey>;
  const backend = createWebCryptoBackend();
  beforeAll(async () => {
    for (const alg of ALGS) keys[alg] = await makeKey(alg);
  });

  for (const alg of ALGS) {
    it(`${alg}: a PEM key signs what the verifier accepts, ${SIG_LENGTH[alg]} bytes long`, async () => {
      const key = await importSigningKey(alg, toPem(keys[alg].pkcs8));
      const sig = await createWebCryptoSigner(alg, key)(TBS);
      expect(sig.length).toBe(SIG_LENGTH[alg]);
      expect(await backend.verify(alg, keys[alg].spki, TBS, sig)).toBe(true);
    });
  }

  it('imports DER bytes as well as PEM text', async () => {
    const key = await importSigningKey('ES256', keys.ES256.pkcs8);
    const sig = await createWebCryptoSigner('ES256', key)(TBS);
    expect(await backend.verify('ES256', keys.ES256.spki, TBS, sig)).toBe(true);
  });

  it('EdDSA through @noble/curves signs the same bytes as WebCrypto (RFC 8032 is deterministic)', async () => {
    const viaNoble = await importSigningKey('EdDSA', keys.EdDSA.pkcs8, { ed25519: 'noble' });
    const viaWeb = await importSigningKey('EdDSA', keys.EdDSA.pkcs8, { ed25519: 'webcrypto' });
    expect(viaNoble.engine).toBe('noble');
    const a = await createWebCryptoSigner('EdDSA', viaNoble)(TBS);
    const b = await createWebCryptoSigner('EdDSA', viaWeb)(TBS);
    expect(a).toEqual(b);
  });

  it('ES256 signatures are randomised: two signatures of the same bytes differ and both verify', async () => {
    const sign = createWebCryptoSigner('ES256', keys.ES256.privateKey);
    const [a, b] = [await sign(TBS), await sign(TBS)];
    expect(a).not.toEqual(b);
    expect(await backend.verify('ES256', keys.ES256.spki, TBS, b)).toBe(true);
  });

  it('throws when the key is of another type than the algorithm', async () => {
    await expect(importSigningKey('ES256', keys.PS256.pkcs8)).rejects.toThrow(
      /PKCS#8 key for ES256/,
    );
  });

  it('throws when an EC key is on another curve than the algorithm', async () => {
    await expect(importSigningKey('ES384', keys.ES256.pkcs8)).rejects.toThrow(/ES384/);
  });

  it('throws for an RSA key below 2048 bits', async () => {
    const small = await makeKey('PS256', 1024);
    await expect(importSigningKey('PS256', small.pkcs8)).rejects.toThrow(/2048/);
  });

  it('throws for a PEM that is not PKCS#8, naming what it got', async () => {
    const pem = toPem(keys.ES256.pkcs8, 'EC PRIVATE KEY');
    await expect(importSigningKey('ES256', pem)).rejects.toThrow(/EC PRIVATE KEY/);
  });

  it('throws for text that is not PEM', async () => {
    await expect(importSigningKey('ES256', 'hello')).rejects.toThrow(TypeError);
  });

  it('throws when a key imported for one algorithm is used for another', async () => {
    const key = await importSigningKey('PS256', keys.PS256.pkcs8);
    expect(() => createWebCryptoSigner('PS384', key)).toThrow(/PS256, not PS384/);
  });

  it('a signer rejects a to-be-signed value that is not bytes', async () => {
    const sign = createWebCryptoSigner('ES256', keys.ES256.privateKey);
    await expect(sign('text' as unknown as Uint8Array)).rejects.toThrow(TypeError);
  });
});

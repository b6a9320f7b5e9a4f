/**
 * What every CryptoBackend must do, as one suite that the WebCrypto backend (here) and the
 * node:crypto backend (verifier-api) both run. Signatures are made with real keys through the
 * platform's WebCrypto; the hostile cases are the ones issue 2 lists for signature checking.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AlgName, CryptoBackend } from '../src/types';
import type { SignaturePrimitive } from '../src/crypto/algorithms';
import { createWebCryptoSigner } from '../src/crypto/signers';
import {
  addOrderToS,
  makeKey,
  maxSaltLength,
  negateS,
  toDerSignature,
  type TestKey,
} from './crypto-keys';

const ALGS: AlgName[] = ['PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const MESSAGE = new TextEncoder().encode(
  "Sig_structure stand-in: [\"Signature1\", h'a10126', h'', ...]",
);

export function describeBackendBehaviour(
  label: string,
  makeBackend: () => CryptoBackend & SignaturePrimitive,
): void {
  describe(`${label} backend`, () => {
    const backend = makeBackend();
    const keys = {} as Record<AlgName, TestKey>;
    const sigs = {} as Record<AlgName, Uint8Array>;

    beforeAll(async () => {
      for (const alg of ALGS) {
        keys[alg] = await makeKey(alg);
        sigs[alg] = await createWebCryptoSigner(alg, keys[alg].privateKey)(MESSAGE);
      }
    });

    for (const alg of ALGS) {
      it(`${alg}: a signature over the data verifies`, async () => {
        expect(await backend.verify(alg, keys[alg].spki, MESSAGE, sigs[alg])).toBe(true);
      });

      it(`${alg}: the same signature over altered data does not verify`, async () => {
        const altered = MESSAGE.slice();
        altered[altered.length - 1]! ^= 0x01;
        expect(await backend.verify(alg, keys[alg].spki, altered, sigs[alg])).toBe(false);
      });

      it(`${alg}: a signature with one bit flipped does not verify`, async () => {
        const flipped = sigs[alg].slice();
        flipped[5]! ^= 0x10;
        expect(await backend.verify(alg, keys[alg].spki, MESSAGE, flipped)).toBe(false);
      });

      it(`${alg}: a signature one byte longer or shorter does not verify`, async () => {
        const sig = sigs[alg];
        const longer = new Uint8Array([...sig, 0]);
        expect(await backend.verify(alg, keys[alg].spki, MESSAGE, longer)).toBe(false);
        expect(await backend.verify(alg, keys[alg].spki, MESSAGE, sig.subarray(1))).toBe(false);
      });
    }

    it('ES256: s replaced by n − s (high S) still verifies: low S is not required', async () => {
      const highS = negateS(sigs.ES256);
      expect(highS).not.toEqual(sigs.ES256);
      expect(await backend.verify('ES256', keys.ES256.spki, MESSAGE, highS)).toBe(true);
    });

    it('ES256: the same signature DER-encoded does not verify', async () => {
      const der = toDerSignature(sigs.ES256);
      expect(der[0]).toBe(0x30);
      expect(await backend.verify('ES256', keys.ES256.spki, MESSAGE, der)).toBe(false);
    });

    it('PS256: a signature with the maximum salt length does not verify (salt = hash length)', async () => {
      const saltLength = maxSaltLength(2048, 32);
      const sig = new Uint8Array(
        await crypto.subtle.sign({ name: 'RSA-PSS', saltLength }, keys.PS256.privateKey, MESSAGE),
      );
      expect(saltLength).toBe(222);
      expect(await backend.verify('PS256', keys.PS256.spki, MESSAGE, sig)).toBe(false);
    });

    it('PS256: a signature with an empty salt does not verify', async () => {
      const sig = new Uint8Array(
        await crypto.subtle.sign(
          { name: 'RSA-PSS', saltLength: 0 },
          keys.PS256.privateKey,
          MESSAGE,
        ),
      );
      expect(await backend.verify('PS256', keys.PS256.spki, MESSAGE, sig)).toBe(false);
    });

    it('PS256: the primitive with the signing salt length explicitly does verify it', async () => {
      const saltLength = maxSaltLength(2048, 32);
      const sig = new Uint8Array(
        await crypto.subtle.sign({ name: 'RSA-PSS', saltLength }, keys.PS256.privateKey, MESSAGE),
      );
      const params = { kind: 'rsa-pss', hash: 'SHA-256', saltLength } as const;
      expect(await backend.verifyWith(params, keys.PS256.spki, MESSAGE, sig)).toBe(true);
    });

    it('EdDSA: S replaced by S + L does not verify (RFC 8032 §5.1.7)', async () => {
      const malleated = addOrderToS(sigs.EdDSA);
      expect(await backend.verify('EdDSA', keys.EdDSA.spki, MESSAGE, malleated)).toBe(false);
    });

    it('ES512 with a P-256 key does not verify: each ES alg is bound to its curve', async () => {
      const sig = await createWebCryptoSigner('ES512', keys.ES256.privateKey)(MESSAGE);
      const p256sha512 = { kind: 'ecdsa', curve: 'P-256', hash: 'SHA-512' } as const;
      expect(await backend.verifyWith(p256sha512, keys.ES256.spki, MESSAGE, sig)).toBe(true);
      expect(await backend.verify('ES512', keys.ES256.spki, MESSAGE, sig)).toBe(false);
    });

    it('a key of another type does not verify (RSA under ES256, EC under PS256, EC under EdDSA)', async () => {
      expect(await backend.verify('ES256', keys.PS256.spki, MESSAGE, sigs.ES256)).toBe(false);
      expect(await backend.verify('PS256', keys.ES256.spki, MESSAGE, sigs.PS256)).toBe(false);
      expect(await backend.verify('EdDSA', keys.ES256.spki, MESSAGE, sigs.EdDSA)).toBe(false);
    });

    it('PS256 with an RSA key below 2048 bits does not verify (RFC 8230 §5)', async () => {
      const small = await makeKey('PS256', 1024);
      const sig = await createWebCryptoSigner('PS256', small.privateKey)(MESSAGE);
      expect(await backend.verify('PS256', small.spki, MESSAGE, sig)).toBe(false);
    });

    it('bytes that are not an SPKI do not verify', async () => {
      const garbage = keys.ES256.spki.slice(0, 40);
      expect(await backend.verify('ES256', garbage, MESSAGE, sigs.ES256)).toBe(false);
      expect(await backend.verify('ES256', new Uint8Array(0), MESSAGE, sigs.ES256)).toBe(false);
    });

    it('the same key in a fresh array (as from an x5chain header) verifies alike', async () => {
      const copy = keys.ES384.spki.slice();
      expect(await backend.verify('ES384', copy, MESSAGE, sigs.ES384)).toBe(true);
    });

    it('an unknown algorithm name is misuse: it rejects with a TypeError', async () => {
      const alg = 'ES256K' as AlgName;
      await expect(backend.verify(alg, keys.ES256.spki, MESSAGE, sigs.ES256)).rejects.toThrow(
        TypeError,
      );
    });

    it('an argument that is not a Uint8Array is misuse: it rejects with a TypeError', async () => {
      const text = 'not bytes' as unknown as Uint8Array;
      await expect(backend.verify('ES256', keys.ES256.spki, text, sigs.ES256)).rejects.toThrow(
        TypeError,
      );
    });
  });
}

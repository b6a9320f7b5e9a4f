/** Keys and signers made with WebCrypto for the COSE and pipeline tests. */
import { createWebCryptoSigner } from '../src/crypto/signers';
import type { AlgName } from '../src/types';

export interface TestKey {
  alg: AlgName;
  spki: Uint8Array;
  privateKey: CryptoKey;
  sign: (toBeSigned: Uint8Array) => Promise<Uint8Array>;
}

const GEN: Record<AlgName, RsaHashedKeyGenParams | EcKeyGenParams | { name: 'Ed25519' }> = {
  PS256: rsa('SHA-256'),
  PS384: rsa('SHA-384'),
  PS512: rsa('SHA-512'),
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  ES384: { name: 'ECDSA', namedCurve: 'P-384' },
  ES512: { name: 'ECDSA', namedCurve: 'P-521' },
  EdDSA: { name: 'Ed25519' },
};

function rsa(hash: string): RsaHashedKeyGenParams {
  return { name: 'RSA-PSS', modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1), hash };
}

/** A fresh key pair for `alg`, its SPKI DER and a COSE signer. */
export async function makeKey(alg: AlgName): Promise<TestKey> {
  const pair = (await crypto.subtle.generateKey(GEN[alg], true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  return {
    alg,
    spki,
    privateKey: pair.privateKey,
    sign: createWebCryptoSigner(alg, pair.privateKey),
  };
}

export const hex = (s: string): Uint8Array =>
  Uint8Array.from(s.replace(/\s+/g, '').match(/../g) ?? [], (b) => parseInt(b, 16));

export const toHex = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

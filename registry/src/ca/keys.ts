/**
 * Key generation and PEM (PKCS #8) import/export with WebCrypto, for every runtime. The
 * algorithms are the COSE ones the project signs with: PS256 (RSASSA-PSS, SHA-256, RSA-2048 as
 * in the real system) and ES256 (ECDSA P-256).
 *
 * @example
 * const keys = await generateKeys('ES256');
 * const pem = await exportPrivateKeyPem(keys.privateKey);
 */
import 'reflect-metadata';
import { PemConverter } from '@peculiar/x509';

/** The algorithms the CA issues keys for. */
export type CaAlg = 'PS256' | 'ES256';

export const CA_ALGS: readonly CaAlg[] = ['PS256', 'ES256'];

/** WebCrypto parameters for key import/generation of each algorithm. */
export function keyAlgorithm(alg: CaAlg): RsaHashedImportParams | EcKeyImportParams {
  return alg === 'PS256'
    ? { name: 'RSA-PSS', hash: 'SHA-256' }
    : { name: 'ECDSA', namedCurve: 'P-256' };
}

/** WebCrypto parameters for signing with a key of each algorithm (RFC 8230 §2: salt = hash). */
export function signAlgorithm(alg: CaAlg): RsaPssParams | EcdsaParams {
  return alg === 'PS256' ? { name: 'RSA-PSS', saltLength: 32 } : { name: 'ECDSA', hash: 'SHA-256' };
}

/** X.509 signature algorithm of a certificate or CRL signed by a key of `alg`. */
export function x509SigningAlgorithm(alg: CaAlg): Algorithm | EcdsaParams {
  return alg === 'PS256'
    ? ({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as Algorithm)
    : { name: 'ECDSA', hash: 'SHA-256' };
}

export async function generateKeys(alg: CaAlg): Promise<CryptoKeyPair> {
  const params =
    alg === 'PS256'
      ? {
          name: 'RSA-PSS',
          hash: 'SHA-256',
          modulusLength: 2048,
          publicExponent: new Uint8Array([1, 0, 1]),
        }
      : { name: 'ECDSA', namedCurve: 'P-256' };
  return (await crypto.subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair;
}

export async function exportPrivateKeyPem(key: CryptoKey): Promise<string> {
  const der = await crypto.subtle.exportKey('pkcs8', key);
  return PemConverter.encode(der, 'PRIVATE KEY');
}

/** Imports a PKCS #8 PEM private key for signing with `alg`; throws on a malformed key. */
export async function importPrivateKeyPem(pem: string, alg: CaAlg): Promise<CryptoKey> {
  const [der] = PemConverter.decode(pem);
  if (!der) throw new Error('no PEM block in private key text');
  return crypto.subtle.importKey('pkcs8', der, keyAlgorithm(alg), false, ['sign']);
}

/** Which of our algorithms a private key is for, from its WebCrypto algorithm. */
export function algOfKey(key: CryptoKey): CaAlg {
  if (key.algorithm.name === 'RSA-PSS') return 'PS256';
  if (key.algorithm.name === 'ECDSA') return 'ES256';
  throw new Error(`unsupported key algorithm ${key.algorithm.name}`);
}

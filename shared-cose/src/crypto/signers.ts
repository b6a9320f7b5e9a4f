/**
 * The signing side, for our issuer, the registry (status lists) and the verifier (receipts,
 * trust bundle): import a PKCS#8 private key once, then sign COSE to-be-signed bytes with the
 * same algorithm table the verifiers use. ES* signatures come out as raw r‖s (RFC 9053 §2.1),
 * PS* with a salt as long as the hash (RFC 8230 §2).
 */
import type { AlgName } from '../types';
import { MIN_RSA_MODULUS_BITS, signatureParams } from './algorithms';
import { readDer, readDerChildren, toHex } from './der';
import { webCryptoHasEd25519 } from './ed25519-fallback';
import { ed25519 } from '@noble/curves/ed25519.js';

/** A private key ready to sign for one algorithm. */
export type SigningKey =
  | { readonly alg: AlgName; readonly engine: 'subtle'; readonly key: CryptoKey }
  | { readonly alg: 'EdDSA'; readonly engine: 'noble'; readonly seed: Uint8Array };

/** Signs the COSE to-be-signed bytes (Sig_structure, RFC 9052 §4.4) and returns the signature. */
export type Signer = (toBeSigned: Uint8Array) => Promise<Uint8Array>;

export interface SignerOptions {
  subtle?: SubtleCrypto;
  /** As in `createWebCryptoBackend`: where Ed25519 runs (default: WebCrypto when present). */
  ed25519?: 'auto' | 'webcrypto' | 'noble';
}

/**
 * Imports a PKCS#8 private key (PEM text `-----BEGIN PRIVATE KEY-----` or DER bytes) for `alg`.
 * Throws when the key is not PKCS#8, does not match the algorithm (type or curve), or is an RSA
 * key below 2048 bits: all mistakes of configuration, not of input.
 *
 * @example
 * const key = await importSigningKey('PS256', await readFile('pki/signers/D-000001.key.pem', 'utf8'));
 * const sign = createWebCryptoSigner('PS256', key);
 * const signature = await sign(sigStructure);
 */
export async function importSigningKey(
  alg: AlgName,
  pkcs8: string | Uint8Array,
  options: SignerOptions = {},
): Promise<SigningKey> {
  const p = signatureParams(alg);
  const der = typeof pkcs8 === 'string' ? pemToDer(pkcs8) : pkcs8;
  if (!(der instanceof Uint8Array)) throw new TypeError('pkcs8 must be PEM text or DER bytes');
  const subtle = subtleOf(options);
  const data = der as Uint8Array<ArrayBuffer>;

  if (p.kind === 'ed25519' && (await ed25519ViaNoble(subtle, options))) {
    return { alg: 'EdDSA', engine: 'noble', seed: ed25519Seed(der) };
  }

  let key: CryptoKey;
  try {
    const algorithm =
      p.kind === 'ecdsa'
        ? { name: 'ECDSA', namedCurve: p.curve }
        : p.kind === 'rsa-pss'
          ? { name: 'RSA-PSS', hash: p.hash }
          : { name: 'Ed25519' };
    key = await subtle.importKey('pkcs8', data, algorithm, false, ['sign']);
  } catch (e) {
    throw new Error(`the private key is not a PKCS#8 key for ${alg}`, { cause: e });
  }
  const bits = (key.algorithm as Partial<RsaHashedKeyAlgorithm>).modulusLength;
  if (p.kind === 'rsa-pss' && (bits ?? 0) < MIN_RSA_MODULUS_BITS) {
    throw new Error(`RSA keys for ${alg} must have at least ${MIN_RSA_MODULUS_BITS} bits`);
  }
  return { alg, engine: 'subtle', key };
}

/**
 * A signer for `alg` with `key` (from `importSigningKey`, or a WebCrypto private key made
 * elsewhere with the matching algorithm).
 *
 * @example
 * const sign = createWebCryptoSigner('ES256', key);
 * const rs = await sign(toBeSigned); // 64 bytes: r‖s
 */
export function createWebCryptoSigner(
  alg: AlgName,
  key: SigningKey | CryptoKey,
  options: Pick<SignerOptions, 'subtle'> = {},
): Signer {
  const p = signatureParams(alg);
  if ('engine' in key && key.alg !== alg) {
    throw new TypeError(`this key was imported for ${key.alg}, not ${alg}`);
  }
  if ('engine' in key && key.engine === 'noble') {
    const seed = key.seed;
    return async (toBeSigned) => ed25519.sign(bytesArg(toBeSigned), seed);
  }
  const cryptoKey = 'engine' in key ? key.key : key;
  const subtle = subtleOf(options);
  const algorithm =
    p.kind === 'ecdsa'
      ? { name: 'ECDSA', hash: p.hash }
      : p.kind === 'rsa-pss'
        ? { name: 'RSA-PSS', saltLength: p.saltLength }
        : { name: 'Ed25519' };
  return async (toBeSigned) =>
    new Uint8Array(await subtle.sign(algorithm, cryptoKey, bytesArg(toBeSigned)));
}

function subtleOf(options: Pick<SignerOptions, 'subtle'>): SubtleCrypto {
  const subtle = options.subtle ?? globalThis.crypto?.subtle;
  if (!subtle) throw new Error('WebCrypto (crypto.subtle) is not available in this runtime');
  return subtle;
}

async function ed25519ViaNoble(subtle: SubtleCrypto, options: SignerOptions): Promise<boolean> {
  const mode = options.ed25519 ?? 'auto';
  return mode === 'auto' ? !(await webCryptoHasEd25519(subtle)) : mode === 'noble';
}

function bytesArg(value: unknown): Uint8Array<ArrayBuffer> {
  if (!(value instanceof Uint8Array)) throw new TypeError('toBeSigned must be a Uint8Array');
  return value as Uint8Array<ArrayBuffer>;
}

/** PEM (RFC 7468 §10: label PRIVATE KEY) to DER. Other labels are refused by name. */
function pemToDer(pem: string): Uint8Array {
  const m = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(pem);
  if (!m) throw new TypeError('not a PEM private key');
  if (m[1] !== 'PRIVATE KEY') {
    throw new TypeError(
      `expected a PKCS#8 "PRIVATE KEY" PEM, got "${m[1]}" (convert it to PKCS#8)`,
    );
  }
  const text = atob(m[2]!.replace(/\s+/g, ''));
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** RFC 8410 §7: PKCS#8 { version, AlgorithmIdentifier id-Ed25519, OCTET STRING { OCTET STRING seed } }. */
function ed25519Seed(der: Uint8Array): Uint8Array {
  const outer = readDer(der, 0);
  const [, algId, privateKey] = (outer && readDerChildren(outer.content)) ?? [];
  const oid = algId && readDerChildren(algId.content)?.[0];
  const inner = privateKey?.tag === 0x04 ? readDer(privateKey.content, 0) : undefined;
  if (
    !oid ||
    toHex(oid.content) !== '2b6570' ||
    inner?.tag !== 0x04 ||
    inner.content.length !== 32
  ) {
    throw new Error('the private key is not a PKCS#8 key for EdDSA (Ed25519)');
  }
  return inner.content.slice();
}

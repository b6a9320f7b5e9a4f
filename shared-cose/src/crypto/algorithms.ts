/**
 * The COSE signature algorithms this project accepts, and what each one means at the level of
 * a signature primitive. One table, so that every backend (WebCrypto, node:crypto, the
 * @noble/curves fallback) binds the same curve, hash and salt length to the same name.
 *
 * Deliberate choices, stricter than RFC 9053 allows:
 * - ES256/ES384/ES512 are bound to P-256/P-384/P-521 (RFC 9053 §2.1 only suggests it), as in
 *   JOSE (RFC 7518 §3.4). A P-256 key under ES512 is a signature that does not verify.
 * - EdDSA means Ed25519 only (RFC 9053 §2.2 also allows Ed448, which no runtime we target has
 *   in WebCrypto); an Ed448 credential is reported as an unsupported algorithm.
 * - PS* use MGF1 with the same hash and a salt as long as the hash (RFC 8230 §2).
 */
import { ALG_IDS, type AlgName } from '../types';

export type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512';
export type EcCurve = 'P-256' | 'P-384' | 'P-521';

/** What a verifier must do for one signature, independent of COSE. */
export type SignatureParams =
  | { kind: 'ecdsa'; curve: EcCurve; hash: HashName }
  | { kind: 'rsa-pss'; hash: HashName; saltLength: number }
  | { kind: 'ed25519' };

/** Byte length of one field element of each curve; a raw r‖s signature is twice this. */
export const EC_FIELD_BYTES: Record<EcCurve, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };

/** Output length of each hash in bytes, which is also the PSS salt length (RFC 8230 §2). */
export const HASH_BYTES: Record<HashName, number> = { 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

/** RFC 8230 §5: RSA keys shorter than 2048 bits must not be used with these algorithms. */
export const MIN_RSA_MODULUS_BITS = 2048;

const PARAMS: Record<AlgName, SignatureParams> = {
  ES256: { kind: 'ecdsa', curve: 'P-256', hash: 'SHA-256' },
  ES384: { kind: 'ecdsa', curve: 'P-384', hash: 'SHA-384' },
  ES512: { kind: 'ecdsa', curve: 'P-521', hash: 'SHA-512' },
  PS256: { kind: 'rsa-pss', hash: 'SHA-256', saltLength: 32 },
  PS384: { kind: 'rsa-pss', hash: 'SHA-384', saltLength: 48 },
  PS512: { kind: 'rsa-pss', hash: 'SHA-512', saltLength: 64 },
  EdDSA: { kind: 'ed25519' },
};

const BY_ID = new Map<number, AlgName>(
  (Object.keys(ALG_IDS) as AlgName[]).map((name) => [ALG_IDS[name], name]),
);

/**
 * The algorithm name of a COSE `alg` identifier, or undefined when we do not support it
 * (Ed448 has no identifier of its own: it is EdDSA with an Ed448 key, refused by the backends).
 *
 * @example
 * algFromCoseId(-37); // 'PS256'
 * algFromCoseId(-47); // undefined (ES256K is not supported)
 */
export function algFromCoseId(id: number): AlgName | undefined {
  return BY_ID.get(id);
}

/** True when `name` is one of our algorithm names (for checking configuration and input). */
export function isAlgName(name: unknown): name is AlgName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(PARAMS, name);
}

/**
 * The primitive parameters of an algorithm. Throws on an unknown name: callers pass names
 * from our own table, so anything else is a programming error.
 *
 * @example
 * signatureParams('ES384'); // { kind: 'ecdsa', curve: 'P-384', hash: 'SHA-384' }
 */
export function signatureParams(alg: AlgName): SignatureParams {
  if (!isAlgName(alg)) throw new TypeError(`unknown signature algorithm: ${String(alg)}`);
  return PARAMS[alg];
}

/** A short stable key for caches that hold one imported key per SPKI and parameter set. */
export function paramsKey(p: SignatureParams): string {
  switch (p.kind) {
    case 'ecdsa':
      return `ecdsa:${p.curve}`;
    case 'rsa-pss':
      return `rsa-pss:${p.hash}:${p.saltLength}`;
    case 'ed25519':
      return 'ed25519';
  }
}

/**
 * The primitive under a backend: verify with explicit parameters rather than a COSE name. The
 * conformance tests use it for vectors outside the COSE profile (a P-256 key with SHA-512);
 * verification of credentials always goes through `CryptoBackend.verify`, which is strict.
 */
export interface SignaturePrimitive {
  verifyWith(
    params: SignatureParams,
    spki: Uint8Array,
    data: Uint8Array,
    signature: Uint8Array,
  ): Promise<boolean>;
}

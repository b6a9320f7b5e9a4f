/**
 * The Node host's crypto backend: `node:crypto` with cached KeyObjects. It makes the same
 * decisions as shared-cose's WebCrypto backend (same key checks, same signature shape checks,
 * from the same shared-cose helpers) and differs only in the engine call, which here is one
 * synchronous OpenSSL call with no promise or thread-pool hop, several times faster for a
 * single verification.
 */
import {
  createPublicKey,
  constants,
  verify as nodeVerify,
  type KeyObject,
  type VerifyKeyObjectInput,
} from 'node:crypto';
import {
  KeyCache,
  MIN_RSA_MODULUS_BITS,
  assertBytes,
  paramsKey,
  rsaSignatureLengthOk,
  signatureParams,
  signatureShapeOk,
  spkiForParams,
  type AlgName,
  type CryptoBackend,
  type HashName,
  type SignatureParams,
  type SignaturePrimitive,
} from '@dqcv/shared-cose';

/**
 * A KeyObject ready for these parameters, with the input object node:crypto takes, or null when
 * the key cannot serve them.
 */
type Prepared = { input: VerifyKeyObjectInput; modulusBits?: number } | null;

const NODE_HASH: Record<HashName, string> = {
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/**
 * Creates the node:crypto backend. Each SPKI is turned into a KeyObject once.
 *
 * @example
 * const crypto = createNodeCryptoBackend();
 * const ok = await crypto.verify('ES256', signerSpki, sigStructure, signature);
 */
export function createNodeCryptoBackend(
  options: { cacheSize?: number } = {},
): CryptoBackend & SignaturePrimitive {
  const cache = new KeyCache<Prepared>(options.cacheSize);
  // In front of the cache: by the identity of the parameter object (one constant per algorithm)
  // and of the SPKI array (a trust store's long-lived one), so a hit builds no string.
  const hot = new WeakMap<SignatureParams, WeakMap<Uint8Array, Prepared>>();

  // The engine call is synchronous: its answer is wrapped in a settled promise, and a misuse
  // (a non-byte argument, an unknown alg) becomes a rejected one, as from an async function,
  // without an async function's extra promise per layer.
  const answer = (
    p: SignatureParams,
    spki: Uint8Array,
    data: Uint8Array,
    signature: Uint8Array,
  ): boolean => {
    assertBytes('spki', spki);
    assertBytes('data', data);
    assertBytes('signature', signature);
    if (!signatureShapeOk(p, signature)) return false;

    let byKey = hot.get(p);
    if (!byKey) hot.set(p, (byKey = new WeakMap()));
    let prepared = byKey.get(spki);
    if (prepared === undefined) {
      prepared = cache.get(spki, paramsKey(p), () => prepare(p, spki));
      byKey.set(spki, prepared);
    }
    if (!prepared) return false;
    if (prepared.modulusBits && !rsaSignatureLengthOk(prepared.modulusBits, signature))
      return false;

    try {
      return nodeVerify(digestOf(p), data, prepared.input, signature);
    } catch {
      return false;
    }
  };

  const verifyWith = (
    p: SignatureParams,
    spki: Uint8Array,
    data: Uint8Array,
    signature: Uint8Array,
  ): Promise<boolean> => {
    try {
      return answer(p, spki, data, signature) ? TRUE : FALSE;
    } catch (error) {
      return Promise.reject(error);
    }
  };

  return {
    name: 'node-crypto',
    // node:crypto's verify reads the viewed bytes within the call and keeps nothing.
    readsViewedBytesOnly: true,
    verify: (alg: AlgName, spki, data, signature) => {
      let p: SignatureParams;
      try {
        p = signatureParams(alg);
      } catch (error) {
        return Promise.reject(error);
      }
      return verifyWith(p, spki, data, signature);
    },
    verifyWith,
  };
}

/** Settled answers, shared: awaiting a settled promise costs no engine work. */
const TRUE = Promise.resolve(true);
const FALSE = Promise.resolve(false);

function prepare(p: SignatureParams, spki: Uint8Array): Prepared {
  // The shared check refuses wrong key types and curves before OpenSSL sees the key.
  const usable = spkiForParams(spki, p);
  if (!usable) return null;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(usable), format: 'der', type: 'spki' });
  } catch {
    return null;
  }
  if (p.kind !== 'rsa-pss') return { input: input(p, key) };
  const modulusBits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  return modulusBits >= MIN_RSA_MODULUS_BITS ? { input: input(p, key), modulusBits } : null;
}

function digestOf(p: SignatureParams): string | null {
  // Ed25519 hashes internally (RFC 8032 §5.1.6): node:crypto wants no digest name for it.
  return p.kind === 'ed25519' ? null : NODE_HASH[p.hash];
}

function input(p: SignatureParams, key: KeyObject): VerifyKeyObjectInput {
  switch (p.kind) {
    case 'ecdsa':
      // COSE carries r‖s (RFC 9053 §2.1), not the DER that OpenSSL uses by default.
      return { key, dsaEncoding: 'ieee-p1363' };
    case 'rsa-pss':
      // MGF1 uses the signature's hash by default in OpenSSL, as RFC 8230 §2 requires.
      return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: p.saltLength };
    case 'ed25519':
      return { key };
  }
}

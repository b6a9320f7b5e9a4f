/**
 * Verifies the signature on a certificate or a CRL with the issuer's public key, through
 * WebCrypto (with @noble/curves for Ed25519 where a runtime lacks it). Only an allowlist of
 * algorithms is accepted: RSA PKCS #1 v1.5 and RSASSA-PSS with SHA-2 (RFC 4055), ECDSA with
 * SHA-2 on P-256/384/521 (RFC 5758), Ed25519 (RFC 8410). SHA-1, DSA and anything else fail.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesEqual, toHex, type AlgorithmId, type Bytes } from './certificate';

type Hash = 'SHA-256' | 'SHA-384' | 'SHA-512';

const HASH_OIDS: Record<string, Hash> = {
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};
const PKCS1: Record<string, Hash> = {
  '1.2.840.113549.1.1.11': 'SHA-256',
  '1.2.840.113549.1.1.12': 'SHA-384',
  '1.2.840.113549.1.1.13': 'SHA-512',
};
const ECDSA: Record<string, Hash> = {
  '1.2.840.10045.4.3.2': 'SHA-256',
  '1.2.840.10045.4.3.3': 'SHA-384',
  '1.2.840.10045.4.3.4': 'SHA-512',
};
const RSASSA_PSS = '1.2.840.113549.1.1.10';
const ED25519 = '1.3.101.112';

/** Key algorithm OIDs (RFC 3279, RFC 5480, RFC 8410). */
export const KEY_OIDS = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: ED25519,
} as const;

/** Named curves by the hex of their OID's DER encoding (RFC 5480 §2.1.1.1). */
const CURVES: Record<string, { name: 'P-256' | 'P-384' | 'P-521'; size: number }> = {
  '06082a8648ce3d030107': { name: 'P-256', size: 32 },
  '06052b81040022': { name: 'P-384', size: 48 },
  '06052b81040023': { name: 'P-521', size: 66 },
};

/** RSA keys shorter than this are refused (NIST SP 800-131A). */
const MIN_RSA_BITS = 2048;

/** The key we can use, or why not: the same answer for a CA key, a leaf key and an anchor. */
export function describeKey(keyAlgorithm: AlgorithmId): string | undefined {
  if (keyAlgorithm.oid === KEY_OIDS.rsaEncryption || keyAlgorithm.oid === KEY_OIDS.ed25519) {
    return undefined;
  }
  if (keyAlgorithm.oid === KEY_OIDS.ecPublicKey) {
    return keyAlgorithm.params && CURVES[toHex(keyAlgorithm.params)]
      ? undefined
      : 'unsupported EC curve';
  }
  return `unsupported key algorithm ${keyAlgorithm.oid}`;
}

/**
 * Checks `signature` over `data` with the SubjectPublicKeyInfo `spki` (whose AlgorithmIdentifier
 * is `keyAlgorithm`) under the signature algorithm `algorithm`. Returns a reason string when it
 * does not verify or the algorithm is not allowed, undefined when it verifies. Never throws.
 *
 * @example
 * const why = await verifySignedData(ca.spki, ca.keyAlgorithm, leaf.signatureAlgorithm, leaf.tbs, leaf.signature);
 * if (why) refuse(why);
 */
export async function verifySignedData(
  spki: Bytes,
  keyAlgorithm: AlgorithmId,
  algorithm: AlgorithmId,
  data: Bytes,
  signature: Bytes,
): Promise<string | undefined> {
  const plan = planVerification(keyAlgorithm, algorithm, signature);
  if (typeof plan === 'string') return plan;
  try {
    if (plan.params.name === 'Ed25519')
      return (await verifyEd25519(spki, data, plan.signature)) ? undefined : 'bad signature';
    const key = await importKey(spki, plan.params as RsaHashedImportParams | EcKeyImportParams);
    if (plan.minBits && (key.algorithm as RsaHashedKeyAlgorithm).modulusLength < plan.minBits) {
      return `RSA key shorter than ${plan.minBits} bits`;
    }
    const ok = await crypto.subtle.verify(plan.verify, key, plan.signature, data);
    return ok ? undefined : 'bad signature';
  } catch {
    return 'issuer key could not be used';
  }
}

interface Plan {
  params: RsaHashedImportParams | EcKeyImportParams | { name: 'Ed25519' };
  verify: AlgorithmIdentifier | RsaPssParams | EcdsaParams;
  signature: Bytes;
  minBits?: number;
}

function planVerification(key: AlgorithmId, alg: AlgorithmId, signature: Bytes): Plan | string {
  const keyProblem = describeKey(key);
  if (keyProblem) return keyProblem;

  const pkcs1 = PKCS1[alg.oid];
  if (pkcs1) {
    // RFC 4055 §5: the parameters are NULL; absent ones are tolerated as many encoders omit them.
    if (key.oid !== KEY_OIDS.rsaEncryption) return 'key does not match the signature algorithm';
    if (alg.params && !isNull(alg.params)) return 'unexpected RSA signature parameters';
    const params = { name: 'RSASSA-PKCS1-v1_5', hash: pkcs1 };
    return { params, verify: params, signature, minBits: MIN_RSA_BITS };
  }
  if (alg.oid === RSASSA_PSS) {
    const hash = alg.params && pssHash(alg.params);
    if (key.oid !== KEY_OIDS.rsaEncryption) return 'key does not match the signature algorithm';
    if (!hash)
      return 'RSASSA-PSS parameters other than SHA-2, MGF1 with the same hash, salt = hash length';
    return {
      params: { name: 'RSA-PSS', hash },
      verify: { name: 'RSA-PSS', saltLength: Number(hash.slice(4)) / 8 },
      signature,
      minBits: MIN_RSA_BITS,
    };
  }
  const ecdsa = ECDSA[alg.oid];
  if (ecdsa) {
    const curve =
      key.oid === KEY_OIDS.ecPublicKey && key.params ? CURVES[toHex(key.params)] : undefined;
    if (!curve) return 'key does not match the signature algorithm';
    // RFC 5758 §3.2: the parameters field is absent.
    if (alg.params) return 'unexpected ECDSA signature parameters';
    const raw = ecdsaDerToRaw(signature, curve.size);
    if (!raw) return 'malformed ECDSA signature';
    return {
      params: { name: 'ECDSA', namedCurve: curve.name },
      verify: { name: 'ECDSA', hash: ecdsa },
      signature: raw,
    };
  }
  if (alg.oid === ED25519) {
    // RFC 8410 §3: the parameters are absent.
    if (key.oid !== KEY_OIDS.ed25519) return 'key does not match the signature algorithm';
    if (alg.params) return 'unexpected Ed25519 signature parameters';
    return { params: { name: 'Ed25519' }, verify: { name: 'Ed25519' }, signature };
  }
  return `signature algorithm ${alg.oid} not allowed`;
}

const keyCache = new WeakMap<Bytes, Map<string, Promise<CryptoKey>>>();

// Keys are imported once per SPKI array (certificates are cached, so their arrays are stable).
function importKey(
  spki: Bytes,
  params: RsaHashedImportParams | EcKeyImportParams,
): Promise<CryptoKey> {
  let byParams = keyCache.get(spki);
  if (!byParams) keyCache.set(spki, (byParams = new Map()));
  const id = JSON.stringify(params);
  let key = byParams.get(id);
  if (!key) {
    key = crypto.subtle.importKey('spki', spki, params, false, ['verify']);
    byParams.set(id, key);
  }
  return key;
}

async function verifyEd25519(spki: Bytes, data: Bytes, signature: Bytes): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey('spki', spki, { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, data);
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'NotSupportedError') throw error;
    // RFC 8410 §4: a 44-byte SPKI ends with the 32-byte public key.
    if (spki.length !== 44) return false;
    return ed25519.verify(signature, data, spki.subarray(12), { zip215: false });
  }
}

function isNull(params: Uint8Array): boolean {
  return params.length === 2 && params[0] === 0x05 && params[1] === 0x00;
}

/**
 * The hash of RSASSA-PSS-params (RFC 4055 §3.1) when they are the profile we accept: SHA-2
 * hash, MGF1 with the same hash, salt length equal to the hash length, default trailer. The
 * hash AlgorithmIdentifiers may carry NULL parameters or none (both occur, RFC 4055 §2.1).
 */
function pssHash(params: Uint8Array): Hash | undefined {
  for (const [oid, hash] of Object.entries(HASH_OIDS)) {
    for (const withNull of [true, false]) {
      const hashAlg = tlv(0x30, [...oidTlv(oid), ...(withNull ? [0x05, 0x00] : [])]);
      const mgf = tlv(0x30, [...oidTlv('1.2.840.113549.1.1.8'), ...hashAlg]);
      const salt = tlv(0x02, [Number(hash.slice(4)) / 8]);
      const expected = tlv(0x30, [...tlv(0xa0, hashAlg), ...tlv(0xa1, mgf), ...tlv(0xa2, salt)]);
      if (bytesEqual(params, Uint8Array.from(expected))) return hash;
    }
  }
  return undefined;
}

function tlv(tag: number, content: number[]): number[] {
  // Every structure built here is shorter than 128 bytes (X.690 §8.1.3.4, short form).
  return [tag, content.length, ...content];
}

function oidTlv(oid: string): number[] {
  const [a, b, ...rest] = oid.split('.').map(Number) as [number, number, ...number[]];
  const out = [a * 40 + b];
  for (const arc of rest) {
    const bytes = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128))
      bytes.unshift((v & 0x7f) | 0x80);
    out.push(...bytes);
  }
  return tlv(0x06, out);
}

/**
 * Converts an ECDSA-Sig-Value (RFC 3279 §2.2.3: SEQUENCE { r INTEGER, s INTEGER }, strict DER)
 * into the fixed-size r‖s that WebCrypto verifies (IEEE P1363).
 */
export function ecdsaDerToRaw(der: Uint8Array, size: number): Bytes | undefined {
  if (der.length < 8 || der[0] !== 0x30) return undefined;
  let offset = 2;
  let length = der[1]!;
  if (length === 0x81) {
    length = der[2]!;
    offset = 3;
    if (length < 0x80) return undefined;
  } else if (length > 0x7f) return undefined;
  if (offset + length !== der.length) return undefined;

  const out = new Uint8Array(size * 2);
  for (const half of [0, 1]) {
    if (der[offset] !== 0x02) return undefined;
    const len = der[offset + 1]!;
    const start = offset + 2;
    if (len === 0 || len > size + 1 || start + len > der.length) return undefined;
    let value = der.subarray(start, start + len);
    // X.690 §8.3.2: minimal two's complement; a positive value has a 00 only before a high bit.
    if (value[0]! & 0x80) return undefined;
    if (value.length > 1 && value[0] === 0 && !(value[1]! & 0x80)) return undefined;
    if (value[0] === 0) value = value.subarray(1);
    if (value.length > size) return undefined;
    out.set(value, half * size + size - value.length);
    offset = start + len;
  }
  return offset === der.length ? out : undefined;
}

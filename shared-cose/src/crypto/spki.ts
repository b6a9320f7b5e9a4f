/**
 * Looks inside a SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) before any backend imports it, so
 * that every backend refuses the same keys for the same reasons: the key type must match the
 * algorithm (an RSA key under ES256, a P-256 key under ES512, an Ed448 key under EdDSA all give
 * a signature that does not verify), and an RSASSA-PSS key (RFC 4055 §1.2) is accepted only
 * when its parameters allow the COSE profile, then handed on as a plain rsaEncryption key,
 * which every WebCrypto implementation imports.
 */
import type { EcCurve, HashName, SignatureParams } from './algorithms';
import { encodeDer, readDer, readDerChildren, toHex, type DerItem } from './der';

export type SpkiKind = 'rsa' | 'rsa-pss' | 'ec' | 'ed25519' | 'ed448' | 'other';

export interface SpkiInfo {
  kind: SpkiKind;
  /** Named curve of an EC key, when it is one we know. */
  curve?: EcCurve;
  /** The AlgorithmIdentifier parameters, when present. */
  algorithmParams?: DerItem;
  /** The subjectPublicKey BIT STRING content without its unused-bits byte. */
  publicKey: Uint8Array;
}

// OID contents in hex (the bytes after 06 len).
const OID = {
  rsaEncryption: '2a864886f70d010101',
  rsassaPss: '2a864886f70d01010a',
  mgf1: '2a864886f70d010108',
  ecPublicKey: '2a8648ce3d0201',
  ed25519: '2b6570',
  ed448: '2b6571',
} as const;

const CURVES: Record<string, EcCurve> = {
  '2a8648ce3d030107': 'P-256',
  '2b81040022': 'P-384',
  '2b81040023': 'P-521',
};

const HASHES: Record<string, HashName> = {
  '608648016503040201': 'SHA-256',
  '608648016503040202': 'SHA-384',
  '608648016503040203': 'SHA-512',
};

const TAG = { integer: 0x02, bitString: 0x03, null: 0x05, oid: 0x06, sequence: 0x30 } as const;

/**
 * Parses the outer structure of an SPKI. Returns undefined unless it is one strict DER
 * SEQUENCE { AlgorithmIdentifier, BIT STRING } with nothing after it.
 *
 * @example
 * parseSpki(p256Spki)?.curve; // 'P-256'
 */
export function parseSpki(der: Uint8Array): SpkiInfo | undefined {
  const outer = readDer(der, 0);
  if (!outer || outer.tag !== TAG.sequence || outer.encoded.length !== der.length) return undefined;
  const [algId, bits, ...rest] = readDerChildren(outer.content) ?? [];
  if (!algId || !bits || rest.length > 0) return undefined;
  if (algId.tag !== TAG.sequence || bits.tag !== TAG.bitString) return undefined;
  // A key is a whole number of bytes: the unused-bits count must be zero.
  if (bits.content.length < 1 || bits.content[0] !== 0) return undefined;

  const [oid, params, ...more] = readDerChildren(algId.content) ?? [];
  if (!oid || oid.tag !== TAG.oid || more.length > 0) return undefined;
  const info: SpkiInfo = { kind: kindOf(toHex(oid.content)), publicKey: bits.content.subarray(1) };
  if (params) info.algorithmParams = params;
  if (info.kind === 'ec' && params?.tag === TAG.oid) {
    const curve = CURVES[toHex(params.content)];
    if (curve) info.curve = curve;
  }
  return info;
}

function kindOf(oidHex: string): SpkiKind {
  switch (oidHex) {
    case OID.rsaEncryption:
      return 'rsa';
    case OID.rsassaPss:
      return 'rsa-pss';
    case OID.ecPublicKey:
      return 'ec';
    case OID.ed25519:
      return 'ed25519';
    case OID.ed448:
      return 'ed448';
    default:
      return 'other';
  }
}

/**
 * The SPKI a backend should import for these signature parameters, or undefined when the key
 * cannot be used with them (wrong type, wrong curve, restrictive PSS parameters, malformed).
 *
 * @example
 * spkiForParams(rsaPssSpki, { kind: 'rsa-pss', hash: 'SHA-256', saltLength: 32 });
 * // → the same key re-labelled rsaEncryption, or undefined if its parameters say SHA-1
 */
export function spkiForParams(der: Uint8Array, p: SignatureParams): Uint8Array | undefined {
  const info = parseSpki(der);
  if (!info) return undefined;
  switch (p.kind) {
    case 'ecdsa':
      return info.kind === 'ec' && info.curve === p.curve ? der : undefined;
    case 'ed25519':
      // RFC 8410 §3: the parameters are absent and the key is 32 bytes.
      return info.kind === 'ed25519' && !info.algorithmParams && info.publicKey.length === 32
        ? der
        : undefined;
    case 'rsa-pss':
      if (info.kind === 'rsa') return der;
      if (info.kind !== 'rsa-pss') return undefined;
      if (info.algorithmParams && !pssParamsAllow(info.algorithmParams, p.hash, p.saltLength)) {
        return undefined;
      }
      return rsaEncryptionSpki(info.publicKey);
  }
}

/** The raw 32-byte Ed25519 public key of an SPKI (for the @noble/curves fallback). */
export function ed25519RawKey(der: Uint8Array): Uint8Array | undefined {
  const info = parseSpki(der);
  if (!info || info.kind !== 'ed25519' || info.algorithmParams) return undefined;
  return info.publicKey.length === 32 ? info.publicKey : undefined;
}

/**
 * RFC 4055 §3.1: parameters in a key restrict its use. We accept them when the hash and the
 * MGF1 hash are ours, the trailer field is 1, and the minimum salt length is not above ours.
 * Absent members take the RFC's defaults (SHA-1, MGF1-SHA-1, 20, 1), so an empty parameter
 * sequence means SHA-1 and is refused.
 */
function pssParamsAllow(params: DerItem, hash: HashName, saltLength: number): boolean {
  if (params.tag !== TAG.sequence) return false;
  const fields = readDerChildren(params.content);
  if (!fields) return false;

  let keyHash: HashName | undefined;
  let mgfHash: HashName | undefined;
  let minSalt = 20;
  let trailer = 1;
  let lastTag = 0;
  for (const field of fields) {
    // Members are [0]..[3], each at most once, in order.
    if (field.tag <= lastTag || field.tag < 0xa0 || field.tag > 0xa3) return false;
    lastTag = field.tag;
    const inner = readDerChildren(field.content);
    if (!inner || inner.length !== 1) return false;
    const value = inner[0]!;
    if (field.tag === 0xa0) keyHash = hashOfAlgId(value);
    else if (field.tag === 0xa1) mgfHash = mgf1HashOf(value);
    else {
      const n = smallInteger(value);
      if (n === undefined) return false;
      if (field.tag === 0xa2) minSalt = n;
      else trailer = n;
    }
  }
  return keyHash === hash && mgfHash === hash && trailer === 1 && minSalt <= saltLength;
}

function hashOfAlgId(item: DerItem): HashName | undefined {
  if (item.tag !== TAG.sequence) return undefined;
  const [oid, params, ...rest] = readDerChildren(item.content) ?? [];
  if (!oid || oid.tag !== TAG.oid || rest.length > 0) return undefined;
  // Hash parameters are NULL or absent (RFC 5754 §2).
  if (params && (params.tag !== TAG.null || params.content.length !== 0)) return undefined;
  return HASHES[toHex(oid.content)];
}

function mgf1HashOf(item: DerItem): HashName | undefined {
  if (item.tag !== TAG.sequence) return undefined;
  const [oid, params, ...rest] = readDerChildren(item.content) ?? [];
  if (!oid || !params || rest.length > 0) return undefined;
  if (oid.tag !== TAG.oid || toHex(oid.content) !== OID.mgf1) return undefined;
  return hashOfAlgId(params);
}

function smallInteger(item: DerItem): number | undefined {
  const c = item.content;
  if (item.tag !== TAG.integer || c.length === 0 || c.length > 4) return undefined;
  // Negative values or non-minimal encodings are not valid here.
  if (c[0]! & 0x80 || (c.length > 1 && c[0] === 0 && !(c[1]! & 0x80))) return undefined;
  let n = 0;
  for (const b of c) n = n * 256 + b;
  return n;
}

function rsaEncryptionSpki(publicKey: Uint8Array): Uint8Array {
  const oid = encodeDer(TAG.oid, hexBytes(OID.rsaEncryption));
  const algId = encodeDer(TAG.sequence, concat(oid, new Uint8Array([TAG.null, 0])));
  const bits = encodeDer(TAG.bitString, concat(new Uint8Array([0]), publicKey));
  return encodeDer(TAG.sequence, concat(algId, bits));
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

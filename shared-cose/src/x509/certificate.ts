/**
 * Parsed X.509 certificates (RFC 5280 §4), each parsed once and kept by its DER content, so
 * that the trust store, path validation, CRL checks and the crypto backends all share one
 * object per certificate (and one SPKI array, by identity, for backends that cache keys).
 *
 * @peculiar/x509 does the ASN.1 parsing; everything here is copied into plain fields that the
 * rest of `x509/` reads, so nothing downstream walks the library's ASN.1 objects.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { bytesEqual, isSignedFrame, readOidSequence, serialHex, toBase64, toHex } from './bytes';

export { bytesEqual, serialHex, toHex };

/** Extension OIDs that this project understands (RFC 5280 §4.2.1). */
export const EXT = {
  authorityKeyIdentifier: '2.5.29.35',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  nameConstraints: '2.5.29.30',
  certificatePolicies: '2.5.29.32',
  crlDistributionPoints: '2.5.29.31',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;

/** Key usage bits by name (RFC 5280 §4.2.1.3), as @peculiar/x509 numbers them. */
export const KEY_USAGE = {
  digitalSignature: 1,
  nonRepudiation: 2,
  keyEncipherment: 4,
  dataEncipherment: 8,
  keyAgreement: 16,
  keyCertSign: 32,
  cRLSign: 64,
  encipherOnly: 128,
  decipherOnly: 256,
} as const;

export type KeyUsageName = keyof typeof KEY_USAGE;

/** Bytes backed by an ArrayBuffer, as WebCrypto takes them. */
export type Bytes = Uint8Array<ArrayBuffer>;

/** An AlgorithmIdentifier: the OID and the DER of its parameters (absent: undefined). */
export interface AlgorithmId {
  oid: string;
  params?: Uint8Array;
}

/** One certificate, parsed and copied into our own fields. */
export interface ParsedCertificate {
  /** The DER as received; also the cache key. */
  readonly der: Bytes;
  /** 1, 2 or 3 (the X.509 version, not its ASN.1 ordinal). */
  readonly version: number;
  /** Serial number in lower-case hex, leading zero bytes dropped (see `serialHex`). */
  readonly serialNumber: string;
  /** RFC 4514-style display strings. */
  readonly subject: string;
  readonly issuer: string;
  /** The names as DER, for name chaining (RFC 5280 §7.1, compared by encoding). */
  readonly subjectDer: Bytes;
  readonly issuerDer: Bytes;
  /** Comparison keys of the names (see `nameKey`): equal keys are the same name. */
  readonly subjectKey: string;
  readonly issuerKey: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** SubjectPublicKeyInfo DER: one stable array per certificate (backends cache by identity). */
  readonly spki: Bytes;
  /** SHA-256 of `spki`, lower-case hex. */
  readonly spkiSha256: string;
  /** The key's AlgorithmIdentifier inside the SPKI. */
  readonly keyAlgorithm: AlgorithmId;
  /** The signature algorithm in TBSCertificate and in the outer Certificate (RFC 5280 §4.1.1.2). */
  readonly tbsSignatureAlgorithm: AlgorithmId;
  readonly signatureAlgorithm: AlgorithmId;
  /** The exact TBSCertificate bytes that the issuer signed, and the signature value. */
  readonly tbs: Bytes;
  readonly signature: Bytes;
  /** Every extension in order: OID and criticality (duplicates kept, so they can be refused). */
  readonly extensions: readonly { oid: string; critical: boolean }[];
  /** Key usage names when the extension is present, else undefined (any usage, §4.2.1.3). */
  readonly keyUsage?: ReadonlySet<KeyUsageName>;
  readonly basicConstraints?: { ca: boolean; pathLength?: number; critical: boolean };
  /** EKU OIDs when the extension is present (RFC 5280 §4.2.1.12). */
  readonly extendedKeyUsage?: readonly string[];
  readonly subjectKeyId?: string;
  readonly authorityKeyId?: string;
  /** True when subject and issuer are the same name (RFC 5280 §6.1: "self-issued"). */
  readonly selfIssued: boolean;
}

/** Thrown for input that is not a certificate; callers turn it into a verdict or a config error. */
export class CertificateParseError extends Error {
  override readonly name = 'CertificateParseError';
}

// Exposes the parsed ASN.1 Certificate that @peculiar/x509 keeps as a protected member.
class RawCertificate extends x509.X509Certificate {
  get certificateAsn() {
    return this.asn;
  }
}

/** Resource limits for untrusted DER (an x5chain comes from the credential). */
const PARSE_OPTIONS = { berOptions: { maxDepth: 32, maxNodes: 4000, maxContentLength: 65_536 } };
const MAX_CERTIFICATE_BYTES = 16_384;
const CACHE_LIMIT = 512;
const cache = new Map<string, Promise<ParsedCertificate>>();

/**
 * Parses a certificate (PEM text or DER bytes), once: later calls with the same DER content
 * return the same object. Rejects with CertificateParseError when it is not a certificate.
 *
 * @example
 * const cert = await parseCertificate(pemText);
 * cert.subject; // 'CN=Demo Root, O=DQCV, C=JP'
 */
export function parseCertificate(input: string | Uint8Array): Promise<ParsedCertificate> {
  let der: Uint8Array;
  try {
    der = typeof input === 'string' ? pemToDer(input) : input;
  } catch (error) {
    return Promise.reject(error);
  }
  if (!(der instanceof Uint8Array))
    return Promise.reject(new TypeError('a certificate is PEM or DER'));
  if (der.length > MAX_CERTIFICATE_BYTES) {
    return Promise.reject(new CertificateParseError('certificate too large'));
  }
  const key = toBase64(der);
  const known = cache.get(key);
  if (known) {
    // Refresh its place: the cache drops the least recently used entry first.
    cache.delete(key);
    cache.set(key, known);
    return known;
  }

  const parsed = parseDer(der.slice());
  cache.set(key, parsed);
  parsed.catch(() => cache.delete(key));
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return parsed;
}

async function parseDer(der: Bytes): Promise<ParsedCertificate> {
  try {
    return await readCertificate(der);
  } catch (error) {
    // Any failure of the ASN.1 layer on hostile bytes is a parse error, never something else.
    if (error instanceof CertificateParseError) throw error;
    throw new CertificateParseError(`not a certificate: ${describe(error)}`);
  }
}

async function readCertificate(der: Bytes): Promise<ParsedCertificate> {
  if (!isSignedFrame(der)) {
    throw new CertificateParseError('not a DER Certificate (SEQUENCE, SEQUENCE, BIT STRING)');
  }
  let cert: RawCertificate;
  try {
    cert = new RawCertificate(der, PARSE_OPTIONS);
  } catch (error) {
    throw new CertificateParseError(`not a certificate: ${describe(error)}`);
  }

  const asn = cert.certificateAsn;
  const tbs = asn.tbsCertificate;
  if (!asn.tbsCertificateRaw) throw new CertificateParseError('TBSCertificate bytes unavailable');
  const spki = new Uint8Array(cert.publicKey.rawData);
  const subjectDer = new Uint8Array(cert.subjectName.toArrayBuffer());
  const issuerDer = new Uint8Array(cert.issuerName.toArrayBuffer());

  return {
    der,
    version: tbs.version + 1,
    serialNumber: serialHex(new Uint8Array(tbs.serialNumber)),
    subject: cert.subject,
    issuer: cert.issuer,
    subjectDer,
    issuerDer,
    subjectKey: nameKey(subjectDer),
    issuerKey: nameKey(issuerDer),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    spki,
    spkiSha256: toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', spki))),
    keyAlgorithm: algorithmId(tbs.subjectPublicKeyInfo.algorithm),
    tbsSignatureAlgorithm: algorithmId(tbs.signature),
    signatureAlgorithm: algorithmId(asn.signatureAlgorithm),
    tbs: new Uint8Array(asn.tbsCertificateRaw),
    signature: new Uint8Array(asn.signatureValue),
    extensions: cert.extensions.map((e) => ({ oid: e.type, critical: e.critical })),
    ...readExtensions(cert),
    selfIssued: nameKey(subjectDer) === nameKey(issuerDer),
  };
}

function readExtensions(cert: x509.X509Certificate) {
  const ku = cert.getExtension(x509.KeyUsagesExtension);
  const bc = cert.getExtension(x509.BasicConstraintsExtension);
  const ekuExtension = cert.extensions.find((e) => e.type === EXT.extKeyUsage);
  const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension);
  const aki = cert.getExtension(x509.AuthorityKeyIdentifierExtension);

  let keyUsage: Set<KeyUsageName> | undefined;
  if (ku) {
    keyUsage = new Set();
    for (const [name, bit] of Object.entries(KEY_USAGE) as [KeyUsageName, number][]) {
      if (ku.usages & bit) keyUsage.add(name);
    }
  }
  return {
    keyUsage,
    basicConstraints: bc
      ? {
          ca: bc.ca,
          critical: bc.critical,
          ...(bc.pathLength !== undefined && { pathLength: bc.pathLength }),
        }
      : undefined,
    extendedKeyUsage: ekuExtension
      ? readOidSequence(new Uint8Array(ekuExtension.value))
      : undefined,
    subjectKeyId: ski?.keyId.toLowerCase(),
    authorityKeyId: aki?.keyId?.toLowerCase(),
  };
}

function algorithmId(alg: { algorithm: string; parameters?: ArrayBuffer | null }): AlgorithmId {
  return alg.parameters
    ? { oid: alg.algorithm, params: new Uint8Array(alg.parameters) }
    : { oid: alg.algorithm };
}

/**
 * A comparison key for a distinguished name (RFC 5280 §7.1, simplified): the attribute types in
 * order, each value with case folded and white space collapsed, so that the same name written
 * as PrintableString or UTF8String, or in another case, compares equal. Throws
 * CertificateParseError on bytes that are not a Name.
 *
 * @example
 * nameKey(cert.issuerDer) === nameKey(ca.subjectDer); // name chaining
 */
export function nameKey(der: Bytes): string {
  let rdns: Record<string, string[]>[];
  try {
    rdns = new x509.Name(der).toJSON();
  } catch (error) {
    throw new CertificateParseError(`not a distinguished name: ${describe(error)}`);
  }
  const fold = (v: string) => v.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
  return JSON.stringify(
    rdns.map((rdn) =>
      Object.keys(rdn)
        .sort()
        .map((type) => [type, (rdn[type] ?? []).map(fold).sort()]),
    ),
  );
}

/**
 * Decodes one PEM block (RFC 7468) of the given label to DER. Throws CertificateParseError
 * when there is none.
 *
 * @example
 * pemToDer('-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----');
 */
export function pemToDer(pem: string, label = 'CERTIFICATE'): Uint8Array {
  const match = new RegExp(
    `-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`,
  ).exec(pem);
  if (!match) throw new CertificateParseError(`no PEM ${label} block`);
  const binary = atob(match[1]!.replace(/\s+/g, ''));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 120) : 'unknown error';
}

/**
 * A small real PKI for the x509 tests, made with @peculiar/x509 and WebCrypto: CA and leaf
 * certificates with our role EKUs, and CRLs. Every option defaults to the profile of
 * ARCHITECTURE "Roles"; a test changes the one thing it is about.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { ROLE_OIDS, type Role } from '../src/x509/roles';

export type KeyKind = 'ES256' | 'PS256' | 'RS256' | 'Ed25519';

export interface Party {
  name: string;
  cert: x509.X509Certificate;
  der: Uint8Array;
  pem: string;
  keys: CryptoKeyPair;
  kind: KeyKind;
}

const YEAR = 365 * 86_400_000;
export const NOW = new Date('2026-06-01T00:00:00Z');

const KEY_PARAMS: Record<KeyKind, RsaHashedKeyGenParams | EcKeyGenParams | Algorithm> = {
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  PS256: {
    name: 'RSA-PSS',
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  },
  RS256: {
    name: 'RSASSA-PKCS1-v1_5',
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  },
  Ed25519: { name: 'Ed25519' },
};

const SIGNING: Record<KeyKind, Algorithm | EcdsaParams | RsaPssParams> = {
  ES256: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams,
  PS256: { name: 'RSA-PSS', saltLength: 32 } as RsaPssParams,
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  Ed25519: { name: 'Ed25519' },
};

export function generateKeys(kind: KeyKind = 'ES256'): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(KEY_PARAMS[kind], true, [
    'sign',
    'verify',
  ]) as Promise<CryptoKeyPair>;
}

let serial = 0x1000;
function nextSerial(): string {
  serial += 1;
  return `01${serial.toString(16).padStart(6, '0')}`;
}

export interface CertOptions {
  name?: string;
  kind?: KeyKind;
  notBefore?: Date;
  notAfter?: Date;
  /** basicConstraints: undefined → the profile default; null → no extension. */
  basicConstraints?: { ca: boolean; pathLength?: number; critical?: boolean } | null;
  keyUsage?: number | null;
  ekus?: string[] | null;
  extraExtensions?: x509.Extension[];
  /** Sign with this key instead of the issuer's (a forgery under the issuer's name). */
  signingKey?: CryptoKey;
  keys?: CryptoKeyPair;
}

const CA_USAGE = x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign;

/** A CA: self-signed when `issuer` is absent, else issued by it. */
export async function makeCa(issuer?: Party, options: CertOptions = {}): Promise<Party> {
  return issue(issuer, {
    name: issuer
      ? 'CN=DQCV Test Intermediate, O=DQCV Test, C=JP'
      : 'CN=DQCV Test Root, O=DQCV Test, C=JP',
    basicConstraints: { ca: true, critical: true },
    keyUsage: CA_USAGE,
    ekus: null,
    ...options,
  });
}

/** A leaf signer of `role` (default credential signer), issued by `issuer`. */
export async function makeLeaf(
  issuer: Party,
  role: Role = 'credentialSigner',
  options: CertOptions = {},
) {
  return issue(issuer, {
    name: 'CN=DQCV Test Signer, O=DQCV Test, C=JP',
    basicConstraints: { ca: false, critical: true },
    keyUsage: x509.KeyUsageFlags.digitalSignature,
    ekus: [ROLE_OIDS[role]],
    ...options,
  });
}

async function issue(issuer: Party | undefined, options: CertOptions): Promise<Party> {
  const kind = options.kind ?? 'ES256';
  const keys = options.keys ?? (await generateKeys(kind));
  const name = options.name!;
  const extensions: x509.Extension[] = [];
  const bc = options.basicConstraints;
  if (bc)
    extensions.push(new x509.BasicConstraintsExtension(bc.ca, bc.pathLength, bc.critical ?? true));
  if (options.keyUsage != null)
    extensions.push(new x509.KeyUsagesExtension(options.keyUsage, true));
  if (options.ekus) extensions.push(new x509.ExtendedKeyUsageExtension(options.ekus, false));
  extensions.push(await x509.SubjectKeyIdentifierExtension.create(keys.publicKey));
  if (issuer)
    extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey));
  extensions.push(...(options.extraExtensions ?? []));

  const signerKind = issuer?.kind ?? kind;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: nextSerial(),
    subject: name,
    issuer: issuer?.name ?? name,
    notBefore: options.notBefore ?? new Date(NOW.getTime() - YEAR),
    notAfter: options.notAfter ?? new Date(NOW.getTime() + YEAR),
    publicKey: keys.publicKey,
    signingKey: options.signingKey ?? issuer?.keys.privateKey ?? keys.privateKey,
    signingAlgorithm: SIGNING[signerKind],
    extensions,
  });
  return { name, cert, der: new Uint8Array(cert.rawData), pem: cert.toString('pem'), keys, kind };
}

export interface CrlOptions {
  revoked?: Party[];
  thisUpdate?: Date;
  nextUpdate?: Date | null;
  /** Sign with another key (under the CA's name). */
  signingKey?: CryptoKey;
  issuerName?: string;
}

/** A CRL of `ca` (current by default: thisUpdate a day ago, nextUpdate in six days). */
export async function makeCrl(ca: Party, options: CrlOptions = {}): Promise<Uint8Array> {
  const thisUpdate = options.thisUpdate ?? new Date(NOW.getTime() - 86_400_000);
  const nextUpdate =
    options.nextUpdate === null
      ? undefined
      : (options.nextUpdate ?? new Date(NOW.getTime() + 6 * 86_400_000));
  const crl = await x509.X509CrlGenerator.create({
    issuer: options.issuerName ?? ca.name,
    thisUpdate,
    ...(nextUpdate && { nextUpdate }),
    entries: (options.revoked ?? []).map((p) => ({
      serialNumber: p.cert.serialNumber,
      revocationDate: thisUpdate,
      reason: x509.X509CrlReason.keyCompromise,
    })),
    signingKey: options.signingKey ?? ca.keys.privateKey,
    signingAlgorithm: SIGNING[ca.kind],
  });
  return new Uint8Array(crl.rawData);
}

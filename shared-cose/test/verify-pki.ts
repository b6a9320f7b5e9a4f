/**
 * A real little PKI for the pipeline tests: a root CA, credential signers with our role EKU, and
 * CRLs, all made with WebCrypto and @peculiar/x509.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { ROLE_OIDS, type Role } from '../src/x509/roles';
import type { AlgName, CrlFetch, CrlSource } from '../src/types';
import { makeKey, type TestKey } from './cose-helpers';

const EC: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
const DAY = 86_400_000;

export interface TestCa {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
  der: Uint8Array;
}

export interface TestSigner extends TestKey {
  cert: x509.X509Certificate;
  der: Uint8Array;
  serial: string;
}

export async function makeRoot(name = 'CN=Test Root,O=dqcv test,C=JP'): Promise<TestCa> {
  const keys = (await crypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name,
    notBefore: new Date(Date.now() - 365 * DAY),
    notAfter: new Date(Date.now() + 3650 * DAY),
    keys,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys, der: new Uint8Array(cert.rawData) };
}

export interface SignerOptions {
  serial?: string;
  notBefore?: Date;
  notAfter?: Date;
  role?: Role;
}

/** A leaf certificate for a fresh key of `alg`, issued by `ca`. */
export async function makeSigner(
  ca: TestCa,
  alg: AlgName,
  options: SignerOptions = {},
): Promise<TestSigner> {
  const key = await makeKey(alg);
  const publicKey = await crypto.subtle.importKey(
    'spki',
    key.spki as Uint8Array<ArrayBuffer>,
    importParams(alg),
    true,
    ['verify'],
  );
  const serial = options.serial ?? '1001';
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: `CN=Signer ${alg},OU=dqcv test,C=JP`,
    issuer: ca.cert.subject,
    notBefore: options.notBefore ?? new Date(Date.now() - 30 * DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 365 * DAY),
    publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([ROLE_OIDS[options.role ?? 'credentialSigner']], false),
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
    ],
  });
  return { ...key, cert, der: new Uint8Array(cert.rawData), serial };
}

function importParams(alg: AlgName): RsaHashedImportParams | EcKeyImportParams | Algorithm {
  if (alg.startsWith('PS')) return { name: 'RSA-PSS', hash: `SHA-${alg.slice(2)}` };
  if (alg === 'EdDSA') return { name: 'Ed25519' };
  const curve = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' }[alg as 'ES256'];
  return { name: 'ECDSA', namedCurve: curve };
}

export interface CrlOptions {
  revoked?: string[];
  thisUpdate?: Date;
  nextUpdate?: Date;
  /** Sign with this key instead of the CA's (a CRL that must not verify). */
  signingKey?: CryptoKey;
}

export async function makeCrl(ca: TestCa, options: CrlOptions = {}): Promise<Uint8Array> {
  const crl = await x509.X509CrlGenerator.create({
    issuer: ca.cert.subject,
    thisUpdate: options.thisUpdate ?? new Date(Date.now() - 3_600_000),
    nextUpdate: options.nextUpdate ?? new Date(Date.now() + DAY),
    entries: (options.revoked ?? []).map((serialNumber) => ({
      serialNumber,
      revocationDate: new Date(Date.now() - 7_200_000),
    })),
    signingAlgorithm: SIGNING,
    signingKey: options.signingKey ?? ca.keys.privateKey,
  });
  return new Uint8Array(crl.rawData);
}

/** A CRL source serving one DER (or a failure), counting its calls. */
export function crlSource(
  answer: () => Promise<CrlFetch> | CrlFetch,
): CrlSource & { calls: number } {
  const source = {
    calls: 0,
    async getCrl() {
      source.calls++;
      return answer();
    },
  };
  return source;
}

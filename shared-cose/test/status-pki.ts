/**
 * Real certificates for the status-list tests: a root CA and leaves with our role EKUs, made
 * with @peculiar/x509 and WebCrypto (ES256 throughout, for speed).
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createWebCryptoSigner, ROLE_OIDS, type Role, type Signer } from '../src/index';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

export interface TestCa {
  root: x509.X509Certificate;
  rootKeys: CryptoKeyPair;
}

export interface TestLeaf {
  der: Uint8Array;
  sign: Signer;
}

export async function makeCa(name = 'Status Test Root'): Promise<TestCa> {
  const rootKeys = (await crypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${name}`,
    keys: rootKeys,
    signingAlgorithm: SIGN,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 365 * DAY),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
    ],
  });
  return { root, rootKeys };
}

export async function makeLeaf(
  ca: TestCa,
  role: Role,
  validity: { notBefore?: Date; notAfter?: Date } = {},
): Promise<TestLeaf> {
  const keys = (await crypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    subject: `CN=${role} leaf`,
    issuer: ca.root.subject,
    publicKey: keys.publicKey,
    signingKey: ca.rootKeys.privateKey,
    signingAlgorithm: SIGN,
    notBefore: validity.notBefore ?? new Date(Date.now() - DAY),
    notAfter: validity.notAfter ?? new Date(Date.now() + 30 * DAY),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([ROLE_OIDS[role]]),
    ],
  });
  return {
    der: new Uint8Array(cert.rawData),
    sign: createWebCryptoSigner('ES256', keys.privateKey),
  };
}

export function rootDer(ca: TestCa): Uint8Array {
  return new Uint8Array(ca.root.rawData);
}

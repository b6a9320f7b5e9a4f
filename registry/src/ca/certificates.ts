/**
 * Issues the CA's certificates with @peculiar/x509: a self-signed root (keyCertSign + cRLSign,
 * no EKU) and leaf certificates with exactly one role EKU of ours (docs/ARCHITECTURE.md "Roles",
 * shared-cose/src/x509/roles.ts), digitalSignature only, cA=false.
 *
 * @example
 * const root = await createRootCertificate(rootKeys, new Date());
 * const leaf = await issueLeaf(root, rootKeys.privateKey, {
 *   role: 'credentialSigner', commonName: 'D-000001', publicKey, now: new Date(),
 * });
 */
import 'reflect-metadata';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
} from '@peculiar/x509';
import { ROLE_OIDS, type Role } from '@dqcv/shared-cose';
import { algOfKey, x509SigningAlgorithm } from './keys';

/** The demo organisation in every name: clearly not the real national system. */
export const DEMO_ORG = 'O=DQCV Demo (not a government system), C=JP';
export const ROOT_NAME = `CN=DQCV Demo Root CA, ${DEMO_ORG}`;

const DAY_MS = 86_400_000;
const ROOT_VALIDITY_DAYS = 3650;
const LEAF_VALIDITY_DAYS = 1095;
/** Backdating absorbs clock skew between the CA and verifiers. */
const BACKDATE_MS = 3_600_000;

/** A random positive 128-bit serial (RFC 5280 §4.1.2.2: at most 20 octets, positive). */
export function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function createRootCertificate(
  keys: CryptoKeyPair,
  now: Date,
): Promise<X509Certificate> {
  return X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: ROOT_NAME,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + ROOT_VALIDITY_DAYS * DAY_MS),
    keys,
    signingAlgorithm: x509SigningAlgorithm(algOfKey(keys.privateKey)),
    extensions: [
      new BasicConstraintsExtension(true, 0, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
}

export interface LeafRequest {
  role: Role;
  commonName: string;
  publicKey: CryptoKey;
  now: Date;
  validityDays?: number;
}

/** Issues a leaf certificate for one role, signed by the root. */
export async function issueLeaf(
  root: X509Certificate,
  rootKey: CryptoKey,
  request: LeafRequest,
): Promise<X509Certificate> {
  const days = request.validityDays ?? LEAF_VALIDITY_DAYS;
  return X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: `CN=${request.commonName}, ${DEMO_ORG}`,
    issuer: root.subject,
    notBefore: new Date(request.now.getTime() - BACKDATE_MS),
    notAfter: new Date(request.now.getTime() + days * DAY_MS),
    publicKey: request.publicKey,
    signingKey: rootKey,
    signingAlgorithm: x509SigningAlgorithm(algOfKey(rootKey)),
    extensions: [
      new BasicConstraintsExtension(false, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
      new ExtendedKeyUsageExtension([ROLE_OIDS[request.role]], false),
      await SubjectKeyIdentifierExtension.create(request.publicKey),
      await AuthorityKeyIdentifierExtension.create(root),
    ],
  });
}

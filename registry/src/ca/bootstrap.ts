/**
 * The PKI of a fresh deployment: a root CA, the two demo credential signers (`D-000001` PS256
 * RSA-2048 as in the real system, `D-000002` ES256), a status-list signer and the verifier key
 * (receipts, PWA trust bundle), each certificate with its role EKU. Returned as PEM for the
 * host to store (Node: the data directory, keys 0600).
 *
 * @example
 * const pki = await generateInitialPki(new Date());
 */
import { createRootCertificate, issueLeaf } from './certificates';
import { demoKid } from './authority';
import { exportPrivateKeyPem, generateKeys, type CaAlg } from './keys';

export interface PemPair {
  keyPem: string;
  certificatePem: string;
}

export interface InitialPki {
  root: PemPair;
  statusList: PemPair;
  verifier: PemPair;
  signers: (PemPair & { kid: string; alg: CaAlg; serialNumber: string })[];
}

/** The algorithm of the root, status-list and verifier keys (fast to verify everywhere). */
export const INFRASTRUCTURE_ALG: CaAlg = 'ES256';

export async function generateInitialPki(now: Date): Promise<InitialPki> {
  const rootKeys = await generateKeys(INFRASTRUCTURE_ALG);
  const root = await createRootCertificate(rootKeys, now);

  const leaf = async (role: 'statusListSigner' | 'verifier', commonName: string) => {
    const keys = await generateKeys(INFRASTRUCTURE_ALG);
    const certificate = await issueLeaf(root, rootKeys.privateKey, {
      role,
      commonName,
      publicKey: keys.publicKey,
      now,
    });
    return {
      keyPem: await exportPrivateKeyPem(keys.privateKey),
      certificatePem: certificate.toString('pem'),
    };
  };

  const signers: InitialPki['signers'] = [];
  for (const [n, alg] of [
    [1, 'PS256'],
    [2, 'ES256'],
  ] as const) {
    const kid = demoKid(n);
    const keys = await generateKeys(alg);
    const certificate = await issueLeaf(root, rootKeys.privateKey, {
      role: 'credentialSigner',
      commonName: `DQCV Demo Credential Signer ${kid}`,
      publicKey: keys.publicKey,
      now,
    });
    signers.push({
      kid,
      alg,
      serialNumber: certificate.serialNumber,
      keyPem: await exportPrivateKeyPem(keys.privateKey),
      certificatePem: certificate.toString('pem'),
    });
  }

  return {
    root: {
      keyPem: await exportPrivateKeyPem(rootKeys.privateKey),
      certificatePem: root.toString('pem'),
    },
    statusList: await leaf('statusListSigner', 'DQCV Demo Status List Signer'),
    verifier: await leaf('verifier', 'DQCV Demo Verifier Key'),
    signers,
  };
}

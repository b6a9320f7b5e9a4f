/**
 * Key material from PEM text, for hosts that keep it outside files (a Worker's secrets) or
 * read it themselves. Runtime-neutral.
 *
 * @example
 * const material = await materialFromPem({
 *   root: { keyPem: env.ROOT_KEY, certificatePem: env.ROOT_CERT },
 *   statusList: { keyPem: env.STATUS_LIST_KEY, certificatePem: env.STATUS_LIST_CERT },
 *   verifierCertificatePem: env.VERIFIER_CERT,
 *   signers: [{ kid: 'D-000001', alg: 'PS256', keyPem: env.SIGNER_D_000001_KEY }],
 * });
 */
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import type { CaMaterial } from './authority';
import { INFRASTRUCTURE_ALG, type PemPair } from './bootstrap';
import { importPrivateKeyPem, type CaAlg } from './keys';

export interface PemMaterial {
  root: PemPair;
  statusList: PemPair;
  verifierCertificatePem: string;
  /** Private keys of the credential signers (their certificates live in the database). */
  signers: { kid: string; alg: CaAlg; keyPem: string }[];
}

/** Imports every key once; throws on a malformed key or certificate (a deployment error). */
export async function materialFromPem(pem: PemMaterial): Promise<CaMaterial> {
  const pair = async (p: PemPair) => ({
    certificate: new X509Certificate(p.certificatePem),
    privateKey: await importPrivateKeyPem(p.keyPem, INFRASTRUCTURE_ALG),
  });
  const signerKeys = new Map<string, CryptoKey>();
  for (const signer of pem.signers) {
    signerKeys.set(signer.kid, await importPrivateKeyPem(signer.keyPem, signer.alg));
  }
  return {
    root: await pair(pem.root),
    statusList: await pair(pem.statusList),
    verifier: { certificate: new X509Certificate(pem.verifierCertificatePem) },
    signerKeys,
  };
}

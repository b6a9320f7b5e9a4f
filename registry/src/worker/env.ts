/**
 * The registry Worker's bindings (wrangler.toml `[env.registry]`, docs/workers.md) and the CA
 * material read from them. Private keys come from Worker secrets only; certificates may be vars.
 * Each binding holds one PEM, well under the 5 KB limit of a Workers secret.
 */
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import type { CaMaterial } from '../ca/authority';
import { INFRASTRUCTURE_ALG } from '../ca/bootstrap';
import { importPrivateKeyPem, type CaAlg } from '../ca/keys';
import type { D1Like } from '../db/d1';

export interface RegistryWorkerEnv {
  DB: D1Like;
  /** Secret: the admin bearer token. */
  DQCV_ADMIN_TOKEN?: string;
  /** Public base URL of the registry (no `/registry`), e.g. `https://registry.example`. */
  DQCV_BASE_URL?: string;
  /** Base of QR URLs (`<base>/w/?c=`): the verifier's address. Default: DQCV_BASE_URL. */
  DQCV_VERIFY_BASE_URL?: string;
  /** Secret: root CA key (PKCS #8 PEM); its certificate. */
  DQCV_ROOT_KEY?: string;
  DQCV_ROOT_CERT?: string;
  /** Secret: status-list signer key; its certificate. */
  DQCV_STATUS_LIST_KEY?: string;
  DQCV_STATUS_LIST_CERT?: string;
  /** The verifier key's certificate (listed in the trust list; the key is the verifier's). */
  DQCV_VERIFIER_CERT?: string;
  /**
   * Credential signers, one pair per kid with `-` written `_`: `DQCV_SIGNER_D_000001_KEY`
   * (secret) and `DQCV_SIGNER_D_000001_CERT`.
   */
  [binding: string]: unknown;
}

/** A credential signer found in the bindings. */
export interface SignerBinding {
  kid: string;
  alg: CaAlg;
  privateKeyPem: string;
  certificatePem: string;
  serialNumber: string;
}

/** A deployment error: a binding is missing or unusable. The message names bindings only. */
export class RegistryWorkerConfigError extends Error {
  override name = 'RegistryWorkerConfigError';
}

const SIGNER_BINDING = /^DQCV_SIGNER_([A-Z]_[0-9]{6})_KEY$/;

function required(env: RegistryWorkerEnv, name: string): string {
  const value = env[name];
  if (typeof value !== 'string' || value === '') {
    throw new RegistryWorkerConfigError(`${name} is not set`);
  }
  return value;
}

/** COSE algorithm of a signer, read from its certificate's public key. */
function algOf(certificate: X509Certificate, name: string): CaAlg {
  const key = certificate.publicKey.algorithm as { name: string; namedCurve?: string };
  if (key.name === 'ECDSA' && key.namedCurve === 'P-256') return 'ES256';
  if (key.name === 'RSASSA-PKCS1-v1_5' || key.name === 'RSA-PSS') return 'PS256';
  throw new RegistryWorkerConfigError(`${name}: a ${key.name} key is neither PS256 nor ES256`);
}

/**
 * Every `DQCV_SIGNER_<kid>_KEY` with its `_CERT`, sorted by kid.
 *
 * @example
 * signerBindings({ DQCV_SIGNER_D_000001_KEY: keyPem, DQCV_SIGNER_D_000001_CERT: certPem, DB })
 */
export function signerBindings(env: RegistryWorkerEnv): SignerBinding[] {
  const out: SignerBinding[] = [];
  for (const name of Object.keys(env).sort()) {
    const m = SIGNER_BINDING.exec(name);
    if (m === null) continue;
    const id = m[1] as string;
    const certificatePem = required(env, `DQCV_SIGNER_${id}_CERT`);
    const certificate = new X509Certificate(certificatePem);
    out.push({
      kid: id.replace('_', '-'),
      alg: algOf(certificate, `DQCV_SIGNER_${id}_CERT`),
      privateKeyPem: required(env, name),
      certificatePem,
      serialNumber: certificate.serialNumber,
    });
  }
  return out;
}

/**
 * Imports the CA material (root, status-list signer, verifier certificate, signer keys).
 *
 * @example
 * const material = await caMaterial(env, signerBindings(env));
 */
export async function caMaterial(
  env: RegistryWorkerEnv,
  signers: SignerBinding[],
): Promise<CaMaterial> {
  const pair = async (prefix: string) => ({
    certificate: new X509Certificate(required(env, `${prefix}_CERT`)),
    privateKey: await importPrivateKeyPem(required(env, `${prefix}_KEY`), INFRASTRUCTURE_ALG),
  });
  const signerKeys = new Map<string, CryptoKey>();
  for (const s of signers) signerKeys.set(s.kid, await importPrivateKeyPem(s.privateKeyPem, s.alg));
  return {
    root: await pair('DQCV_ROOT'),
    statusList: await pair('DQCV_STATUS_LIST'),
    verifier: { certificate: new X509Certificate(required(env, 'DQCV_VERIFIER_CERT')) },
    signerKeys,
  };
}

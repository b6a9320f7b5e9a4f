/**
 * The secrets and vars of a fresh Workers deployment: a new PKI (root, signers, status-list
 * signer, verifier key; `generateInitialPki`), an admin token, and the verifier's configuration
 * trusting that root. Runtime-neutral; workers-test/tools/provision.ts writes the result as files
 * for `wrangler secret bulk` and for `wrangler dev`.
 *
 * @example
 * const { registry, verifier } = await provisionWorkers({
 *   registryUrl: 'https://registry.example', verifierUrl: 'https://verify.example' });
 */
import { generateInitialPki, type InitialPki } from '../ca/bootstrap';

export interface ProvisionOptions {
  /** Public base of the registry Worker (no `/registry`). */
  registryUrl: string;
  /** Public base of the verifier Worker (QR URLs point there). */
  verifierUrl: string;
  now?: Date;
  /** Use this PKI instead of generating one (tests). */
  pki?: InitialPki;
}

export interface ProvisionedWorkers {
  /** Bindings of the registry Worker (keys and the admin token are secrets). */
  registry: Record<string, string>;
  /** Bindings of the verifier Worker (`DQCV_VERIFIER_KEY` is a secret). */
  verifier: Record<string, string>;
  pki: InitialPki;
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export async function provisionWorkers(opts: ProvisionOptions): Promise<ProvisionedWorkers> {
  const pki = opts.pki ?? (await generateInitialPki(opts.now ?? new Date()));
  const registryUrl = opts.registryUrl.replace(/\/+$/, '');
  const verifierUrl = opts.verifierUrl.replace(/\/+$/, '');

  const registry: Record<string, string> = {
    DQCV_ADMIN_TOKEN: randomToken(),
    DQCV_ROOT_KEY: pki.root.keyPem,
    DQCV_ROOT_CERT: pki.root.certificatePem,
    DQCV_STATUS_LIST_KEY: pki.statusList.keyPem,
    DQCV_STATUS_LIST_CERT: pki.statusList.certificatePem,
    DQCV_VERIFIER_CERT: pki.verifier.certificatePem,
  };
  for (const s of pki.signers) {
    const id = s.kid.replace('-', '_');
    registry[`DQCV_SIGNER_${id}_KEY`] = s.keyPem;
    registry[`DQCV_SIGNER_${id}_CERT`] = s.certificatePem;
  }

  // Signers come from the registry's trust list, each validated to this anchor: the
  // configuration stays under the 5 KB limit of one Workers variable.
  const config = {
    verificationHosts: [verifierUrl],
    trust: {
      anchors: [
        { certificate: pki.root.certificatePem, crlUrl: `${registryUrl}/registry/ca/root.crl` },
      ],
      useRegistryTrustList: true,
    },
    registry: { baseUrl: `${registryUrl}/registry` },
  };
  const verifier: Record<string, string> = {
    DQCV_CONFIG: JSON.stringify(config),
    DQCV_VERIFIER_KEY: pki.verifier.keyPem,
    DQCV_VERIFIER_CERT: pki.verifier.certificatePem,
  };
  return { registry, verifier, pki };
}

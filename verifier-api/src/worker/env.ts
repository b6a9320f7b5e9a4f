/**
 * The verifier Worker's bindings (wrangler.toml, docs/workers.md) and the configuration built
 * from them. Trust material and keys come from vars and secrets only, never from the bundle.
 */
import { ConfigError, parseConfig, type VerifierConfig } from '../config';
import type { ServiceBinding } from './outbound';

export interface VerifierWorkerEnv {
  /**
   * The configuration document of verifier-api/src/config.ts: a JSON text (a var or a secret)
   * or a wrangler.toml table. The `DQCV_*` variables of `ENV_OVERRIDES` override its fields.
   */
  DQCV_CONFIG?: string | Record<string, unknown>;
  /** Secret: the verifier key (PKCS#8 PEM) that signs receipts and the PWA trust bundle. */
  DQCV_VERIFIER_KEY?: string;
  /** Its certificate (PEM, role `verifier`); a var or a secret. */
  DQCV_VERIFIER_CERT?: string;
  /** Service binding to the registry Worker; used for addresses under `registry.baseUrl`. */
  REGISTRY?: ServiceBinding;
  /** Where the scanner PWA is served, linked from the page (default: none). */
  DQCV_APP_HREF?: string;
  [name: string]: unknown;
}

/**
 * Builds the validated configuration from the bindings. Throws `ConfigError` (a deployment
 * error, answered 503 by the entry) when something is missing or invalid.
 *
 * @example
 * const config = workerConfig({ DQCV_CONFIG: '{"registry":{"baseUrl":"https://r.example/registry"}}' });
 */
export function workerConfig(env: VerifierWorkerEnv): VerifierConfig {
  let doc: unknown = env.DQCV_CONFIG ?? {};
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      throw new ConfigError('DQCV_CONFIG: not a JSON text');
    }
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ConfigError('DQCV_CONFIG: expected a JSON object');
  }

  const key = env.DQCV_VERIFIER_KEY;
  const certificate = env.DQCV_VERIFIER_CERT;
  if ((key === undefined) !== (certificate === undefined)) {
    throw new ConfigError('DQCV_VERIFIER_KEY and DQCV_VERIFIER_CERT must be set together');
  }
  if (key !== undefined && certificate !== undefined) {
    doc = { ...doc, verifierKey: { privateKey: key, certificate } };
  }

  const overrides: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('DQCV_') && typeof value === 'string') overrides[name] = value;
  }
  return parseConfig(doc, overrides);
}

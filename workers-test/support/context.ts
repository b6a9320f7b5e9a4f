/**
 * What the global setup hands to the test files (vitest `provide`/`inject`): where the bundles
 * and the migrated D1 state are, and the bindings of a freshly provisioned deployment.
 */
export interface WorkersContext {
  /** Output folders of `wrangler deploy --dry-run --outdir` (each holds index.js). */
  verifierBundle: string;
  registryBundle: string;
  /** `--persist-to` folder in which `wrangler d1 migrations apply --local` created the schema. */
  migratedState: string;
  registryBindings: Record<string, string>;
  verifierBindings: Record<string, string>;
  rootCertificatePem: string;
  signers: { kid: string; certificatePem: string }[];
}

/** The D1 database id of wrangler.toml (a placeholder until `wrangler d1 create`). */
export const D1_DATABASE_ID = '00000000-0000-0000-0000-000000000000';
/** Public addresses the Workers believe they have; the verifier reaches the registry by binding. */
export const REGISTRY_URL = 'http://registry.dqcv.test';
export const VERIFIER_URL = 'http://verify.dqcv.test';
/** Same as wrangler.toml's compatibility_date. */
export const COMPATIBILITY_DATE = '2026-04-01';

declare module 'vitest' {
  export interface ProvidedContext {
    dqcvWorkers: WorkersContext;
  }
}

/**
 * @dqcv/verifier-api: the verifier HTTP app, runtime-neutral (Node and Cloudflare Workers).
 * Node-only parts (file decoding, config files, node:crypto) are in `@dqcv/verifier-api/node`.
 *
 * @example
 * import { createVerifierApp, createVerifier, parseConfig } from '@dqcv/verifier-api';
 * const config = parseConfig(json, env);
 * const app = createVerifierApp({ config, verifier: await createVerifier(config) });
 */
export { createVerifierApp } from './app';
export {
  ConfigError,
  ENV_OVERRIDES,
  parseConfig,
  registryUrls,
  type VerifierConfig,
} from './config';
export type {
  DocsAssets,
  FileDecoder,
  FileKind,
  VerifierAppDeps,
  VerifierCore,
  VerifierKeyService,
  VerifyInput,
} from './deps';
export { jsonLogger, silentLogger, type Logger, type LogLevel } from './http/logger';
export { problem, PROBLEM_BASE, type Problem, type ProblemKind } from './http/problem';
export {
  createKeyService,
  RECEIPT_CONTENT_TYPE,
  TRUST_BUNDLE_CONTENT_TYPE,
  receiptPayload,
  type TrustBundleContents,
} from './keys/key-service';
export { createVerifier, type VerifierRuntime, type VerifierRuntimeOptions } from './verifier';
export { createHttpCrlSource, type CrlAddress, type HttpCrlSource } from './sources/crl-source';
export { createRegistryStatusSource } from './sources/status-source';
export { createStatusListFetcher, isAllowedUri } from './sources/status-list-fetch';
export { boundedFetch, type FetchLike } from './sources/fetch';

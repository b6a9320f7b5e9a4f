/**
 * The runtime-neutral registry (no Node API): build it from storage and key material. A Worker
 * imports `@dqcv/registry/app` and passes `createD1Storage(env.DB)` and keys from its secrets.
 */
export { buildRegistry, type BuildRegistryOptions, type BuiltRegistry } from './build';
export { createRegistryApp } from './http/app';
export type { RegistryAppDeps, RegistryLogger } from './http/deps';
export { PROBLEM_BASE, type ProblemKind } from './http/problem';
export { createD1Storage, type D1Like } from './db/d1';
export type { RegistryStorage } from './db/storage';
export { migrateToLatest, MIGRATIONS } from './db/migrations';
export { RegistryStore, type CertificateStatus } from './db/store';
export type { RegistrationStatus } from './db/schema';
export {
  CertificationAuthority,
  demoKid,
  type CaMaterial,
  type KeyPersistence,
} from './ca/authority';
export { generateInitialPki, type InitialPki, type PemPair } from './ca/bootstrap';
export { materialFromPem, type PemMaterial } from './ca/material';
export { importPrivateKeyPem, generateKeys, type CaAlg } from './ca/keys';
export { createRootCertificate, issueLeaf } from './ca/certificates';
export { createCrl } from './ca/crl';

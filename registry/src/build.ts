/**
 * Builds a registry from storage and key material, whatever the runtime: Node passes SQLite and
 * the data directory's keys (`node/registry.ts`), a Worker passes D1 and keys from its secrets.
 *
 * @example
 * const { app } = await buildRegistry({ storage: createD1Storage(env.DB), material, adminToken,
 *   baseUrl: 'https://registry.example' });
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { CertificationAuthority, type CaMaterial, type KeyPersistence } from './ca/authority';
import { PkiStore } from './db/pki-store';
import type { RegistryStorage } from './db/storage';
import { RegistryStore } from './db/store';
import { createRegistryApp } from './http/app';
import type { RegistryLogger } from './http/deps';
import { CredentialIssuer } from './issue/issuer';
import { StatusListService } from './status/service';

export interface BuildRegistryOptions {
  storage: RegistryStorage;
  material: CaMaterial;
  adminToken: string;
  /** Public base URL of the host (status-list URIs and the CRL address are built from it). */
  baseUrl: string;
  /** Base of the QR URLs (`<verifyBaseUrl>/w/?c=`); default `baseUrl`. */
  verifyBaseUrl?: string;
  persistence?: KeyPersistence;
  now?: () => Date;
  logger?: RegistryLogger;
  statusListTtlSeconds?: number;
  crlValidityMs?: number;
  statusListSize?: number;
}

export interface BuiltRegistry {
  app: OpenAPIHono;
  ca: CertificationAuthority;
  store: RegistryStore;
}

export async function buildRegistry(options: BuildRegistryOptions): Promise<BuiltRegistry> {
  const now = options.now ?? (() => new Date());
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const store = new RegistryStore(options.storage, options.statusListSize);
  const ca = new CertificationAuthority({
    material: options.material,
    store: new PkiStore(options.storage),
    now,
    persistence: options.persistence,
    crlValidityMs: options.crlValidityMs,
  });
  const statusListUri = (listId: number) => `${baseUrl}/registry/v1/status-lists/${listId}`;
  const issuer = new CredentialIssuer({
    store,
    ca,
    now,
    statusListUri,
    verifyBaseUrl: options.verifyBaseUrl ?? baseUrl,
  });
  const statusLists = new StatusListService({
    store,
    signer: options.material.statusList,
    now,
    uriOf: statusListUri,
    ttlSeconds: options.statusListTtlSeconds,
  });
  const app = await createRegistryApp({
    store,
    ca,
    issuer,
    statusLists,
    adminToken: options.adminToken,
    baseUrl,
    now,
    logger: options.logger,
  });
  return { app, ca, store };
}

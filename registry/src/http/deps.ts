/**
 * What the registry app is built from. Runtime-neutral: the Node host (`node/registry.ts`)
 * opens SQLite and the data directory; a Worker passes D1 storage and keys from its secrets.
 */
import type { CertificationAuthority } from '../ca/authority';
import type { RegistryStore } from '../db/store';
import type { CredentialIssuer } from '../issue/issuer';
import type { StatusListService } from '../status/service';

/** One JSON line per event; never credential contents. */
export interface RegistryLogger {
  log(level: 'info' | 'warn' | 'error', event: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: RegistryLogger = { log() {} };

export interface RegistryAppDeps {
  store: RegistryStore;
  ca: CertificationAuthority;
  issuer: CredentialIssuer;
  statusLists: StatusListService;
  /** The admin token (hashed before use; never logged). */
  adminToken: string;
  /** Public base URL of this registry's host, e.g. `http://127.0.0.1:8787` (no `/registry`). */
  baseUrl: string;
  now: () => Date;
  logger?: RegistryLogger;
  /** Largest accepted request body in bytes (default 16 KiB). */
  maxBodyBytes?: number;
}

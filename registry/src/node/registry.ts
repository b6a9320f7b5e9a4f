/**
 * The registry on Node: SQLite in the data directory, keys and certificates there too
 * (generated at first start), the admin token from DQCV_ADMIN_TOKEN or the data directory, and
 * a timer that renews the CRL before its nextUpdate.
 *
 * @example
 * const registry = await createRegistry({ dataDir: '.data', baseUrl: 'http://127.0.0.1:8787' });
 * mainApp.route('/', registry.app); // routes under /registry
 * // … later
 * await registry.close();
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { CaMaterial } from '../ca/authority';
import { generateInitialPki } from '../ca/bootstrap';
import { DEFAULT_CRL_VALIDITY_MS } from '../ca/crl';
import type { CaAlg } from '../ca/keys';
import { materialFromPem } from '../ca/material';
import { buildRegistry } from '../build';
import { migrateToLatest } from '../db/migrations';
import { PkiStore } from '../db/pki-store';
import type { RegistryStorage } from '../db/storage';
import type { RegistryLogger } from '../http/deps';
import { DataDir } from './data-dir';
import { openSqliteStorage } from './sqlite';

export interface CreateRegistryOptions {
  dataDir: string;
  /** Public base URL of the host, e.g. `http://127.0.0.1:8787` (routes live under /registry). */
  baseUrl: string;
  /** Default: DQCV_ADMIN_TOKEN, else the data directory's admin-token (generated if absent). */
  adminToken?: string;
  /** Default: `<dataDir>/registry.sqlite`. */
  dbFile?: string;
  /** Base of QR URLs; default `baseUrl`. */
  verifyBaseUrl?: string;
  now?: () => Date;
  logger?: RegistryLogger;
  crlValidityMs?: number;
  statusListTtlSeconds?: number;
}

export interface NodeRegistry {
  app: OpenAPIHono;
  adminToken: string;
  /** The file holding the token, or null when it came from options or the environment. */
  adminTokenFile: string | null;
  close(): Promise<void>;
}

export async function createRegistry(options: CreateRegistryOptions): Promise<NodeRegistry> {
  const dir = new DataDir(options.dataDir);
  await dir.prepare();
  const storage = openSqliteStorage(options.dbFile ?? dir.path('registry.sqlite'));
  try {
    await migrateToLatest(storage.db as never);
    const now = options.now ?? (() => new Date());
    const material = await loadOrCreatePki(dir, storage, now());

    const fromConfig = options.adminToken ?? process.env.DQCV_ADMIN_TOKEN;
    const adminToken = fromConfig || (await dir.adminToken());
    const adminTokenFile = fromConfig ? null : dir.path('admin-token');

    const crlValidityMs = options.crlValidityMs ?? DEFAULT_CRL_VALIDITY_MS;
    const { app, ca } = await buildRegistry({
      storage,
      material,
      adminToken,
      baseUrl: options.baseUrl,
      verifyBaseUrl: options.verifyBaseUrl,
      persistence: dir.persistence(),
      now,
      logger: options.logger,
      crlValidityMs,
      statusListTtlSeconds: options.statusListTtlSeconds,
    });

    // Publish (or renew) the CRL now, so pki/root.crl exists, then keep it fresh.
    await ca.currentCrl();
    const timer = setInterval(
      () => {
        ca.currentCrl().catch((error: Error) =>
          options.logger?.log('error', 'crl_renewal_failed', { error: error.message }),
        );
      },
      Math.max(1000, Math.floor(crlValidityMs / 8)),
    );
    timer.unref();

    return {
      app,
      adminToken,
      adminTokenFile,
      async close() {
        clearInterval(timer);
        await storage.close();
      },
    };
  } catch (error) {
    await storage.close();
    throw error;
  }
}

/** Reads the PKI from the data directory, generating it on first start. */
async function loadOrCreatePki(
  dir: DataDir,
  storage: RegistryStorage,
  now: Date,
): Promise<CaMaterial> {
  const pkiStore = new PkiStore(storage);
  if ((await dir.read('pki', 'root.key.pem')) === undefined) {
    if ((await pkiStore.signers()).length > 0) {
      throw new Error(
        `${dir.path('pki')} has no root key but the database lists signers: ` +
          'restore the pki folder or start from an empty data directory',
      );
    }
    const pki = await generateInitialPki(now);
    await dir.writeInitialPki(pki);
    for (const signer of pki.signers) {
      await pkiStore.addSigner({
        kid: signer.kid,
        alg: signer.alg,
        certificate_pem: signer.certificatePem,
        serial_number: signer.serialNumber,
        created_at: now.toISOString(),
      });
    }
  }

  const pair = async (name: string) => ({
    keyPem: await required(dir, 'pki', `${name}.key.pem`),
    certificatePem: await required(dir, 'pki', `${name}.cert.pem`),
  });
  // A key whose signer is not registered in this database is never used.
  const algs = new Map((await pkiStore.signers()).map((s) => [s.kid, s.alg as CaAlg]));
  const signers = [];
  for (const kid of await dir.signerKeyFiles()) {
    const alg = algs.get(kid);
    if (alg)
      signers.push({ kid, alg, keyPem: await required(dir, 'pki', 'signers', `${kid}.key.pem`) });
  }
  return materialFromPem({
    root: await pair('root'),
    statusList: await pair('status-list'),
    verifierCertificatePem: await required(dir, 'pki', 'verifier.cert.pem'),
    signers,
  });
}

async function required(dir: DataDir, ...parts: string[]): Promise<string> {
  const text = await dir.read(...parts);
  if (text === undefined) throw new Error(`missing ${dir.path(...parts)}`);
  return text;
}

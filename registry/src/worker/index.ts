/**
 * The registry on Cloudflare Workers: the same app as on Node (`buildRegistry`), on D1, with the
 * CA keys and the admin token from Worker secrets. The schema comes from
 * `wrangler d1 migrations apply` (registry/migrations/*.sql), not from code at run time. A Cron
 * Trigger renews the CRL before its nextUpdate; requests renew it too when it is half-expired.
 *
 * @example
 * // wrangler.toml [env.registry]: main = "registry/src/worker/index.ts"
 * export default registryWorker;
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { buildRegistry, type BuiltRegistry } from '../build';
import { createD1Storage } from '../db/d1';
import { PkiStore } from '../db/pki-store';
import type { RegistryStorage } from '../db/storage';
import type { RegistryLogger } from '../http/deps';
import { PROBLEM_BASE } from '../http/problem';
import {
  caMaterial,
  RegistryWorkerConfigError,
  signerBindings,
  type RegistryWorkerEnv,
  type SignerBinding,
} from './env';

const logger: RegistryLogger = {
  log(level, event, fields = {}) {
    console.log(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }));
  },
};

/** One registry per isolate and bindings object: keys are imported once. */
const registries = new WeakMap<object, Promise<BuiltRegistry>>();

/** Lists the signers of the bindings in D1 the first time (the Node host does it at bootstrap). */
async function registerSigners(storage: RegistryStorage, signers: SignerBinding[]): Promise<void> {
  const store = new PkiStore(storage);
  const known = new Map((await store.signers()).map((s) => [s.kid, s]));
  for (const s of signers) {
    const row = known.get(s.kid);
    if (row === undefined) {
      await store.addSigner({
        kid: s.kid,
        alg: s.alg,
        certificate_pem: s.certificatePem,
        serial_number: s.serialNumber,
        created_at: new Date().toISOString(),
      });
    } else if (row.serial_number !== s.serialNumber) {
      throw new RegistryWorkerConfigError(
        `DQCV_SIGNER_${s.kid.replace('-', '_')}_CERT is not the certificate D1 lists for ${s.kid}`,
      );
    }
  }
}

async function build(env: RegistryWorkerEnv): Promise<BuiltRegistry> {
  const adminToken = env.DQCV_ADMIN_TOKEN;
  if (typeof adminToken !== 'string' || adminToken.length < 16) {
    throw new RegistryWorkerConfigError('DQCV_ADMIN_TOKEN is not set (16 characters or more)');
  }
  if (typeof env.DQCV_BASE_URL !== 'string') {
    throw new RegistryWorkerConfigError('DQCV_BASE_URL is not set');
  }
  const signers = signerBindings(env);
  const material = await caMaterial(env, signers);
  const storage = createD1Storage(env.DB);
  await registerSigners(storage, signers);
  return buildRegistry({
    storage,
    material,
    adminToken,
    baseUrl: env.DQCV_BASE_URL,
    verifyBaseUrl: env.DQCV_VERIFY_BASE_URL,
    logger,
  });
}

function registryFor(env: RegistryWorkerEnv): Promise<BuiltRegistry> {
  let pending = registries.get(env);
  if (pending === undefined) {
    pending = build(env);
    registries.set(env, pending);
    // A failed start is retried by the next request, not cached.
    pending.catch(() => registries.delete(env));
  }
  return pending;
}

function notConfigured(): Response {
  const body = {
    type: `${PROBLEM_BASE}not-configured`,
    title: 'The registry is not configured',
    status: 503,
    detail: 'the deployment configuration is invalid; the error was logged',
  };
  return new Response(JSON.stringify(body), {
    status: 503,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
  });
}

const registryWorker = {
  async fetch(request: Request, env: RegistryWorkerEnv, ctx: unknown): Promise<Response> {
    let app: OpenAPIHono;
    try {
      app = (await registryFor(env)).app;
    } catch (err) {
      logger.log('error', 'registry_start_failed', {
        error: (err as Error).name,
        detail: (err as Error).message,
      });
      return notConfigured();
    }
    return app.fetch(request, env, ctx as never);
  },

  /** Cron Trigger: publish a new CRL when the current one is half-expired. */
  async scheduled(_controller: unknown, env: RegistryWorkerEnv): Promise<void> {
    const { ca } = await registryFor(env);
    await ca.currentCrl();
  },
};

export default registryWorker;

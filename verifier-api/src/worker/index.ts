/**
 * The verifier on Cloudflare Workers: the same app as on Node (`createVerifierApp`), built once
 * per isolate from the Worker's bindings, with WebCrypto, the registry reached through a service
 * binding, and CRLs and status lists kept in the Cache API. No file decoder: `/v1/verify/file`
 * answers 501 here (rendering PDFs and images needs the Node host).
 *
 * @example
 * // wrangler.toml: main = "verifier-api/src/worker/index.ts"
 * export default verifierWorker;
 */
import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createVerifierApp } from '../app';
import { registryUrls } from '../config';
import { jsonLogger } from '../http/logger';
import { PROBLEM_BASE } from '../http/problem';
import { createKeyService } from '../keys/key-service';
import { createVerifier } from '../verifier';
import { edgeCachedFetch, type EdgeCache } from './edge-cache';
import { workerConfig, type VerifierWorkerEnv } from './env';
import { bindingFetch } from './outbound';

const logger = jsonLogger();

/** One app per isolate and bindings object: keys and certificates are parsed once. */
const apps = new WeakMap<object, Promise<OpenAPIHono>>();

async function buildApp(env: VerifierWorkerEnv): Promise<OpenAPIHono> {
  const config = workerConfig(env);
  const urls = registryUrls(config);
  const edge = (globalThis.caches as unknown as { default?: EdgeCache } | undefined)?.default;

  let outbound = bindingFetch(env.REGISTRY, urls?.base, fetch);
  let runtimeConfig = config;
  if (edge !== undefined) {
    outbound = edgeCachedFetch(outbound, {
      cache: edge,
      crlMaxAgeSeconds: config.cache.crlMaxAgeSeconds,
      statusListMaxAgeSeconds: config.cache.statusListMaxAgeSeconds,
    });
    // The edge cache is then the one bound on CRL and status-list age: an isolate's own cache
    // would start a fresh maximum age for an entry that already aged in the edge cache.
    runtimeConfig = {
      ...config,
      cache: { ...config.cache, crlMaxAgeSeconds: 0, statusListMaxAgeSeconds: 0 },
    };
  }

  const verifier = await createVerifier(runtimeConfig, { fetch: outbound, logger });
  const keys = config.verifierKey
    ? await createKeyService({
        privateKeyPem: config.verifierKey.privateKey,
        certificatePem: config.verifierKey.certificate,
        bundleContents: () => verifier.bundleContents(),
      })
    : undefined;
  return createVerifierApp({
    config,
    verifier,
    keys,
    logger,
    clientKey: edgeClient,
    appHref: env.DQCV_APP_HREF,
  });
}

/** Cloudflare sets CF-Connecting-IP itself; a client cannot forge it through the edge. */
function edgeClient(c: Context): string | undefined {
  return c.req.header('cf-connecting-ip') ?? undefined;
}

function notConfigured(): Response {
  const body = {
    type: `${PROBLEM_BASE}not-configured`,
    title: 'The verifier is not configured',
    status: 503,
    detail: 'the deployment configuration is invalid; the error was logged',
  };
  return new Response(JSON.stringify(body), {
    status: 503,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
  });
}

const verifierWorker = {
  async fetch(request: Request, env: VerifierWorkerEnv, ctx: unknown): Promise<Response> {
    let pending = apps.get(env);
    if (pending === undefined) {
      pending = buildApp(env);
      apps.set(env, pending);
    }
    let app: OpenAPIHono;
    try {
      app = await pending;
    } catch (err) {
      // A deployment error, not a request error: logged (no secrets in the message), retried.
      apps.delete(env);
      logger.log('error', 'verifier_config_invalid', { detail: (err as Error).message });
      return notConfigured();
    }
    return app.fetch(request, env, ctx as never);
  },
};

export default verifierWorker;

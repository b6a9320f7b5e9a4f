/**
 * The one-process host of `npm start` (DESIGN §5): the registry (SQLite in the data directory),
 * the verifier pointed at that registry over real HTTP, and the scanner PWA, on one port.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import type { CryptoBackend } from '@dqcv/shared-cose';
import { createRegistry } from '@dqcv/registry';
import { jsonLogger, type Logger } from '@dqcv/verifier-api';
import { createNodeVerifierApp, loadConfigFile } from '@dqcv/verifier-api/node';
import { ensureDemo, type DemoCertificate } from './demo';
import { servePwa } from './pwa';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface StartOptions {
  port: number;
  /** Listen address; 127.0.0.1 unless HOST says otherwise. */
  hostname?: string;
  dataDir: string;
  env?: Record<string, string | undefined>;
  logger?: Logger;
  /** Seed the demo certificates on first start (default true). */
  seedDemo?: boolean;
  /**
   * Adds routes to the verifier app, behind all of its middleware, before the server listens
   * (the benchmark's echo route: bench/http/host.ts).
   */
  extendVerifier?: (app: VerifierApp) => void;
  /** The verifier's signature engine; default node:crypto (the benchmark times it). */
  verifierCrypto?: CryptoBackend;
}

type VerifierApp = Awaited<ReturnType<typeof createNodeVerifierApp>>['app'];

export interface RunningServer {
  baseUrl: string;
  adminToken: string;
  adminTokenFile: string | null;
  demo: DemoCertificate[];
  close(): Promise<void>;
}

/**
 * Starts everything and resolves once /healthz answers 200.
 *
 * @example
 * const server = await startServer({ port: 8787, dataDir: '.data' });
 * console.log(server.demo[0].url);
 */
export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const env = opts.env ?? process.env;
  const hostname = opts.hostname ?? '127.0.0.1';
  const logger = opts.logger ?? jsonLogger();
  const dataDir = resolve(opts.dataDir);
  const baseUrl = `http://${hostname === '0.0.0.0' ? '127.0.0.1' : hostname}:${opts.port}`;
  const publicBase = env.DQCV_PUBLIC_URL?.replace(/\/+$/, '') || baseUrl;

  const registry = await createRegistry({
    dataDir,
    baseUrl: publicBase,
    logger: {
      log: (level, event, fields) => logger.log(level, event, { component: 'registry', ...fields }),
    },
  });
  const pem = (...parts: string[]) => readFile(join(dataDir, 'pki', ...parts), 'utf8');
  const registryBase = `${baseUrl}/registry`;
  const config = loadConfigFile(env, {
    verificationHosts: [...new Set([publicBase, baseUrl, 'https://dqcvs.nqs.go.jp'])],
    trust: {
      anchors: [{ certificate: await pem('root.cert.pem'), crlUrl: `${registryBase}/ca/root.crl` }],
      useRegistryTrustList: true,
    },
    registry: { baseUrl: registryBase, statusLists: [`${registryBase}/v1/status-lists/1`] },
    verifierKey: {
      privateKey: await pem('verifier.key.pem'),
      certificate: await pem('verifier.cert.pem'),
    },
  });

  let ready = false;
  const { app: verifierApp, keys } = await createNodeVerifierApp(config, {
    logger,
    ready: () => ready,
    crypto: opts.verifierCrypto,
  });
  opts.extendVerifier?.(verifierApp);
  const distDir = join(REPO_ROOT, 'scanner-pwa', 'dist');
  const pwaConfig = async () => ({
    verificationHosts: config.verificationHosts,
    apiBase: publicBase,
    bundleKey: keys ? (await keys.publicKeys()).keys[0] : null,
  });

  const route = (request: Request, nodeEnv: object): Response | Promise<Response> => {
    const { pathname } = new URL(request.url);
    if (pathname === '/registry' || pathname.startsWith('/registry/')) {
      return registry.app.fetch(request, nodeEnv);
    }
    if (pathname === '/' || pathname === '/app')
      return Response.redirect(new URL('/app/', request.url), 302);
    if (pathname.startsWith('/app/')) return servePwa(request, { distDir, config: pwaConfig });
    return verifierApp.fetch(request, nodeEnv);
  };
  // The apps answer their own errors; this catches what escapes them, so that nothing ends as
  // a bare 500 without a log line. The path is not logged: it may carry an id.
  const fetch = async (request: Request, nodeEnv: object): Promise<Response> => {
    try {
      return await route(request, nodeEnv);
    } catch (error) {
      logger.log('error', 'unhandled_error', {
        component: 'host',
        method: request.method,
        error: error instanceof Error ? error.name : typeof error,
      });
      return internalError();
    }
  };

  const server: ServerType = await new Promise((ok, fail) => {
    const s = serve({ fetch, port: opts.port, hostname }, () => ok(s));
    s.once('error', fail);
  });

  try {
    const demo =
      opts.seedDemo === false ? [] : await ensureDemo(dataDir, baseUrl, registry.adminToken);
    ready = true;
    return {
      baseUrl: publicBase,
      adminToken: registry.adminToken,
      adminTokenFile: registry.adminTokenFile,
      demo,
      async close() {
        await new Promise<void>((ok) => {
          server.close(() => ok());
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        await registry.close();
      },
    };
  } catch (error) {
    server.close();
    await registry.close();
    throw error;
  }
}

function internalError(): Response {
  const body = {
    type: 'https://dqcv.invalid/problems/internal',
    title: 'Internal error',
    status: 500,
    detail: 'the server could not answer; the error was logged',
  };
  return new Response(JSON.stringify(body), {
    status: 500,
    headers: { 'content-type': 'application/problem+json', 'x-content-type-options': 'nosniff' },
  });
}

/**
 * The verifier on Node: the app with node:crypto, the file decoder (sharp, pdf.js, zxing-wasm),
 * swagger-ui from node_modules, the verifier key, and the client address from the socket.
 */
import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { CryptoBackend } from '@dqcv/shared-cose';
import { createVerifierApp } from '../app';
import type { VerifierConfig } from '../config';
import type { VerifierKeyService } from '../deps';
import type { Logger } from '../http/logger';
import { createKeyService } from '../keys/key-service';
import { createVerifier, type VerifierRuntime } from '../verifier';
import { createNodeCryptoBackend } from './crypto';
import { nodeDocsAssets } from './docs-assets';
import { createFileDecoder } from './file-decoder';

export interface NodeVerifierOptions {
  logger?: Logger;
  ready?: () => boolean;
  appHref?: string;
  now?: () => Date;
  /** The signature engine; default node:crypto with cached KeyObjects (createNodeCryptoBackend). */
  crypto?: CryptoBackend;
}

/**
 * The client address that @hono/node-server hands over in `c.env.incoming`. Forwarding
 * headers are not trusted: behind a proxy, the proxy limits.
 */
export function socketAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

/**
 * Builds the verifier app for a Node host.
 *
 * @example
 * const { app } = await createNodeVerifierApp(loadConfigFile(process.env));
 * serve({ fetch: app.fetch, port: 8787, hostname: '127.0.0.1' });
 */
export async function createNodeVerifierApp(
  config: VerifierConfig,
  opts: NodeVerifierOptions = {},
): Promise<{ app: OpenAPIHono; verifier: VerifierRuntime; keys?: VerifierKeyService }> {
  const verifier = await createVerifier(config, {
    crypto: opts.crypto ?? createNodeCryptoBackend(),
    logger: opts.logger,
    now: opts.now,
  });
  const keys = config.verifierKey
    ? await createKeyService({
        privateKeyPem: config.verifierKey.privateKey,
        certificatePem: config.verifierKey.certificate,
        bundleContents: () => verifier.bundleContents(),
        now: opts.now,
      })
    : undefined;
  const app = createVerifierApp({
    config,
    verifier,
    keys,
    fileDecoder: createFileDecoder(),
    docsAssets: nodeDocsAssets(),
    logger: opts.logger,
    clientKey: socketAddress,
    appHref: opts.appHref,
    ready: opts.ready,
  });
  return { app, verifier, keys };
}

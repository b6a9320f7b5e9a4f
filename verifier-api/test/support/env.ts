/**
 * A verifier app wired to a real (small) registry over HTTP: the openssl CA's CRL and a status
 * per certificate id that the test changes. Everything goes through sockets on 127.0.0.1.
 */
import { parseConfig, type VerifierConfig } from '../../src/config';
import { createNodeVerifierApp } from '../../src/node/host';
import type { Logger } from '../../src/http/logger';
import { serve, type TestServer } from './http';
import { makeOpensslPki, type OpensslPki } from './openssl-pki';

export const BASE = 'https://verify.test';
export const KID = 'X-000001';

export interface Env {
  pki: OpensslPki;
  registry: TestServer;
  statuses: Map<string, string>;
  config: VerifierConfig;
  app: Awaited<ReturnType<typeof createNodeVerifierApp>>['app'];
  logs: string[];
  url(record?: Record<string, string>): string;
  /** Revokes the signer with `openssl ca -revoke` and publishes the new CRL. */
  revokeSigner(): void;
  close(): Promise<void>;
}

export const RECORD = {
  CN: '小型船舶操縦士',
  UN: '試験 花子',
  UB: '1990/04/01',
  RN: '123456',
  // Issued today: the signer certificate (made just now) must be valid at the issue date.
  ID: new Date().toISOString().slice(0, 10).replace(/-/g, '/'),
  IA: '試験交付機関',
  DN: 'C-0001',
};

export async function makeEnv(
  overrides: Record<string, unknown> = {},
  pki = makeOpensslPki(),
): Promise<Env> {
  // The CRL is made once (openssl is slow); `revokeSigner` below publishes a new one.
  let crl = pki.crl();
  const statuses = new Map<string, string>([['C-0001', 'active']]);
  const registry = await serve((req, res) => {
    const path = req.url ?? '';
    if (path === '/registry/ca/root.crl') {
      res.setHeader('content-type', 'application/pkix-crl');
      res.end(crl);
      return;
    }
    const id = /^\/registry\/v1\/certificates\/([^/]+)\/status$/.exec(path)?.[1];
    const status = id === undefined ? undefined : statuses.get(decodeURIComponent(id));
    if (id === undefined || status === undefined) {
      res.writeHead(404, { 'content-type': 'application/problem+json' });
      res.end(
        JSON.stringify({ type: 'https://dqcv.invalid/problems/certificate-unknown', status: 404 }),
      );
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        certificateId: decodeURIComponent(id),
        status,
        updatedAt: new Date().toISOString(),
      }),
    );
  });

  const config = parseConfig({
    verificationHosts: [BASE],
    trust: {
      anchors: [{ certificate: pki.rootPem, crlUrl: `${registry.base}/registry/ca/root.crl` }],
      signers: [{ kid: KID, certificate: pki.signerPem }],
    },
    registry: { baseUrl: `${registry.base}/registry` },
    timeouts: { fetchMs: 2000 },
    cache: {
      crlMaxAgeSeconds: 0,
      statusListMaxAgeSeconds: 0,
      statusAnswerSeconds: 0,
      trustListMaxAgeSeconds: 0,
    },
    rateLimit: { max: 0, windowSeconds: 60 },
    verifierKey: { privateKey: pki.verifierKeyPem, certificate: pki.verifierPem },
    ...overrides,
  });
  const logs: string[] = [];
  const logger: Logger = {
    log: (level, event, fields) => logs.push(JSON.stringify({ level, event, ...fields })),
  };
  const { app } = await createNodeVerifierApp(config, { logger });
  return {
    pki,
    registry,
    statuses,
    config,
    app,
    logs,
    url: (record = RECORD) => pki.credential(BASE, KID, record),
    revokeSigner() {
      pki.revokeSigner();
      crl = pki.crl();
    },
    async close() {
      await registry.close();
      pki.cleanup();
    },
  };
}

/** POSTs JSON to the app. */
export function post(
  app: Env['app'],
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

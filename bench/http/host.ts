/**
 * The bench-only host (server/ has no entry yet): one Node process with the real registry
 * (`createRegistry`, SQLite in a temporary data directory) and the real verifier app
 * (`createNodeVerifierApp`) on one port, as `npm start` composes them, plus three bench routes:
 *
 * - `POST /v1/bench/echo` on the verifier app itself, behind the same middleware (request log,
 *   security headers, CORS, rate limiter): parses the same JSON body and answers a constant — the
 *   HTTP stack's own ceiling;
 * - `POST /bench/raw` `{url, ms}`: raw `node:crypto` verifies per second of that credential's
 *   signature with a cached KeyObject, measured in this process, on this core;
 * - `GET /bench/stats` (`?reset=1` zeroes the counters): registry requests by kind, RSS now and
 *   its peak since the last reset.
 *
 * Run by bench/sections/http.ts as `taskset -c 0 node --import tsx bench/http/host.ts`; prints
 * `ready <json>` on stdout. Environment: BENCH_PORT, BENCH_STATUS_MODE (status_list | registry).
 */
import { constants, createPublicKey, verify as nodeVerify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { decodeSign1, parseQrText, sigStructure1 } from '@dqcv/shared-cose';
import { createRegistry } from '../../registry/src/node/registry';
import { parseConfig } from '../../verifier-api/src/config';
import { createNodeVerifierApp } from '../../verifier-api/src/node/host';

const port = Number(process.env.BENCH_PORT ?? 18788);
const statusMode = process.env.BENCH_STATUS_MODE === 'registry' ? 'registry' : 'status_list';
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'dqcv-bench-host-'));
const adminToken = 'bench-admin-token-not-secret-0123456789';

const registry = await createRegistry({ dataDir, baseUrl: base, adminToken });
const config = parseConfig({
  verificationHosts: [base],
  trust: {
    anchors: [
      {
        certificate: readFileSync(join(dataDir, 'pki', 'root.cert.pem'), 'utf8'),
        crlUrl: `${base}/registry/ca/root.crl`,
      },
    ],
    useRegistryTrustList: true,
  },
  registry: { baseUrl: `${base}/registry`, statusMode },
  rateLimit: { max: 0, windowSeconds: 60 },
  limits: { batchMaxItems: 100 },
});
const { app: verifier } = await createNodeVerifierApp(config);

verifier.post('/v1/bench/echo', async (c) => {
  const body: unknown = await c.req.json();
  return c.json({ ok: typeof body === 'object' && body !== null });
});

// Registry requests, by kind, as the registry sees them (the count issue 7 §3 asks for).
const counts = { status: 0, statusList: 0, crl: 0, trustList: 0, other: 0 };
let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);
sampler.unref();

const main = new Hono();
main.use('/registry/*', async (c, next) => {
  const path = c.req.path;
  if (/\/v1\/certificates\/[^/]+\/status$/.test(path)) counts.status += 1;
  else if (path.includes('/v1/status-lists/')) counts.statusList += 1;
  else if (path.endsWith('.crl')) counts.crl += 1;
  else if (path.endsWith('/v1/trust-list')) counts.trustList += 1;
  else counts.other += 1;
  await next();
});
main.get('/bench/stats', (c) => {
  const rss = process.memoryUsage.rss();
  peakRss = Math.max(peakRss, rss);
  const body = { counts: { ...counts }, rss, peakRss };
  if (c.req.query('reset') === '1') {
    for (const key of Object.keys(counts) as (keyof typeof counts)[]) counts[key] = 0;
    peakRss = rss;
  }
  return c.json(body);
});
main.post('/bench/raw', async (c) => {
  const { url, ms } = (await c.req.json()) as { url: string; ms: number };
  const parsed = parseQrText(url, { verificationHosts: [base] });
  if (!parsed.ok) return c.json({ error: parsed.code }, 400);
  const decoded = decodeSign1(parsed.bytes);
  if (!decoded.ok) return c.json({ error: decoded.detail }, 400);
  const { protectedBytes, payload, signature, protectedHeader } = decoded.sign1;
  const kid = new TextDecoder().decode(decoded.sign1.unprotectedHeader.kid);
  const pem = readFileSync(join(dataDir, 'pki', 'signers', `${kid}.cert.pem`), 'utf8');
  const key = createPublicKey(pem);
  const data = sigStructure1(protectedBytes, payload);
  const input =
    protectedHeader.alg === -37
      ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
      : { key, dsaEncoding: 'ieee-p1363' as const };
  if (!nodeVerify('sha256', data, input, signature)) return c.json({ error: 'bad' }, 400);
  const started = performance.now();
  let n = 0;
  while (performance.now() - started < ms) {
    nodeVerify('sha256', data, input, signature);
    n += 1;
  }
  return c.json({ perSecond: (n * 1000) / (performance.now() - started) });
});
main.route('/', registry.app);
main.route('/', verifier);

const server = serve({ fetch: main.fetch, port, hostname: '127.0.0.1' }, () => {
  console.log(`ready ${JSON.stringify({ base, adminToken, statusMode, pid: process.pid })}`);
});

const stop = async () => {
  server.close();
  await registry.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

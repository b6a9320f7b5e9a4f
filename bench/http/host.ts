/**
 * The bench host: the one-process server of `npm start` (server/src `startServer`: the real
 * registry with SQLite in a temporary data directory, the verifier over real HTTP, its JSON
 * request log, rate limiter and receipt key), plus bench-only routes added to the verifier app:
 *
 * - `POST /v1/bench/echo`, behind exactly the middleware of `POST /v1/verify` (request log,
 *   security headers, CORS, rate limiter, the same body limit): parses the same JSON body and
 *   answers a constant — the HTTP stack's own ceiling;
 * - `POST /v1/bench/echo-verdict`, the same, answering a verdict object set once by
 *   `POST /bench/verdict` (a real one, taken from /v1/verify): what the answer's size costs;
 * - `POST /v1/bench/minimal`, behind the same middleware: the hand-written reference route of
 *   bench/http/minimal.ts (base64url + CBOR + `crypto.verify`, nothing else), `{ valid }`;
 * - `POST /bench/raw` `{url, ms}`: raw `node:crypto` verifies per second of that credential's
 *   signature with a cached KeyObject, measured in this process, on this core, and the CPU time
 *   of one;
 * - `GET /bench/stats` (`?reset=1` zeroes the counters, `?reset=gc` only the GC figures): the
 *   verifier's signature-engine calls and the time spent in them (below), registry requests by kind (counted
 *   from the registry's own request log), RSS now and its peak since the last reset, the
 *   process's CPU time and its main thread's run-queue wait (other processes on this core),
 *   garbage collection pauses and event-loop delay since the last reset, and heap figures.
 *
 * The verifier's engine is node:crypto (createNodeCryptoBackend) behind a timer: that backend
 * answers in the call itself (one synchronous OpenSSL verify, a settled promise back), so the
 * time inside the call is what one signature check costs in a server under load, beside the
 * tight-loop figure of `/bench/raw`.
 *
 * The log lines go through the production JSON logger to /dev/null: the cost of writing them is
 * measured, the bench output stays readable. The rate limiter counts every request (its
 * bookkeeping is measured) under a limit no run reaches.
 *
 * Run by bench/http/harness.ts as `taskset -c 0 node --import tsx bench/http/host.ts`; prints
 * `ready <json>` on stdout. Environment: BENCH_PORT, BENCH_STATUS_MODE (status_list | registry).
 */
import { constants, createPublicKey, verify as nodeVerify } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import {
  decodeSign1,
  parseQrText,
  sigStructure1,
  type CryptoBackend,
  type SignaturePrimitive,
} from '@dqcv/shared-cose';
import { createNodeCryptoBackend } from '../../verifier-api/src/node/crypto';
import { jsonLogger, type Logger } from '../../verifier-api/src/http/logger';
import { bodyLimit } from '../../verifier-api/src/http/body-limit';
import { problemResponse } from '../../verifier-api/src/http/problem';
import { startServer } from '../../server/src/start';
import { minimalVerifier } from './minimal';

const port = Number(process.env.BENCH_PORT ?? 18788);
const statusMode = process.env.BENCH_STATUS_MODE === 'registry' ? 'registry' : 'status_list';
const dataDir = mkdtempSync(join(tmpdir(), 'dqcv-bench-host-'));
/** The verify route's default body limit (config `limits.jsonBytes`). */
const JSON_BYTES = 64 * 1024;

// Registry requests, by kind, as the registry logs them (the count issue 7 §3 asks for). The
// registry logs the route pattern, e.g. /registry/v1/certificates/:certificateId/status.
const counts = { status: 0, statusList: 0, crl: 0, trustList: 0, other: 0 };
function count(path: string): void {
  if (/\/v1\/certificates\/[^/]+\/status$/.test(path)) counts.status += 1;
  else if (path.includes('/v1/status-lists/')) counts.statusList += 1;
  else if (path.endsWith('.crl')) counts.crl += 1;
  else if (path.endsWith('/v1/trust-list')) counts.trustList += 1;
  else counts.other += 1;
}

const devNull = openSync('/dev/null', 'w');
const json = jsonLogger((line) => writeSync(devNull, line + '\n'));
const logger: Logger = {
  log(level, event, fields) {
    if (event === 'request' && fields?.component === 'registry') count(String(fields.path));
    json.log(level, event, fields);
  },
};

/** Signature-engine calls of the verifier and the wall time inside them, µs. */
const engine = { calls: 0, micros: 0 };

function timedEngine(
  inner: CryptoBackend & SignaturePrimitive,
): CryptoBackend & SignaturePrimitive {
  const timed =
    <A extends unknown[]>(call: (...args: A) => Promise<boolean>) =>
    (...args: A): Promise<boolean> => {
      const started = performance.now();
      try {
        return call(...args);
      } finally {
        engine.micros += (performance.now() - started) * 1000;
        engine.calls += 1;
      }
    };
  return {
    name: inner.name,
    readsViewedBytesOnly: inner.readsViewedBytesOnly,
    verify: timed(inner.verify.bind(inner)),
    verifyWith: timed(inner.verifyWith.bind(inner)),
  };
}

// RSS is sampled 5 times a second: reading it costs a system call, and RSS moves slowly.
let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 200);
sampler.unref();

// Garbage collection pauses of the main thread (the tail latency's usual suspect), and how late
// the event loop ran its timers (a pause of any cause: GC, a long task, or the core taken away).
const gc = { count: 0, totalMs: 0, maxMs: 0 };
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();

/** Time the main thread waited for the core while runnable, ms (Linux /proc schedstat). */
function runQueueWaitMs(): number | null {
  try {
    const [, waitNs] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ');
    return Number(waitNs) / 1e6;
  } catch {
    return null;
  }
}
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc.count += 1;
    gc.totalMs += entry.duration;
    gc.maxMs = Math.max(gc.maxMs, entry.duration);
  }
}).observe({ entryTypes: ['gc'] });

/** Raw verifies per second of the credential in `url`: the platform's limit for one core. */
function rawRate(
  url: string,
  base: string,
  ms: number,
): { perSecond: number; cpuMicros: number } | { error: string } {
  const parsed = parseQrText(url, { verificationHosts: [base] });
  if (!parsed.ok) return { error: parsed.code };
  const decoded = decodeSign1(parsed.bytes);
  if (!decoded.ok) return { error: decoded.detail };
  const { protectedBytes, payload, signature, protectedHeader } = decoded.sign1;
  const kid = new TextDecoder().decode(decoded.sign1.unprotectedHeader.kid);
  const pem = readFileSync(join(dataDir, 'pki', 'signers', `${kid}.cert.pem`), 'utf8');
  const key = createPublicKey(pem);
  const data = sigStructure1(protectedBytes, payload);
  const input =
    protectedHeader.alg === -37
      ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
      : { key, dsaEncoding: 'ieee-p1363' as const };
  if (!nodeVerify('sha256', data, input, signature)) return { error: 'bad signature' };
  const started = performance.now();
  const cpu = process.cpuUsage();
  let n = 0;
  while (performance.now() - started < ms) {
    nodeVerify('sha256', data, input, signature);
    n += 1;
  }
  const { user, system } = process.cpuUsage(cpu);
  return { perSecond: (n * 1000) / (performance.now() - started), cpuMicros: (user + system) / n };
}

const server = await startServer({
  port,
  dataDir,
  seedDemo: false,
  logger,
  env: { DQCV_STATUS_MODE: statusMode, DQCV_RATE_LIMIT_MAX: String(1e9) },
  verifierCrypto: timedEngine(createNodeCryptoBackend()),
  extendVerifier(app) {
    app.use(
      '/v1/bench/echo',
      bodyLimit({ maxSize: JSON_BYTES, onError: (c) => problemResponse(c, 'too-large') }),
    );
    app.post('/v1/bench/echo', async (c) => {
      const body: unknown = await c.req.json();
      return c.json({ ok: typeof body === 'object' && body !== null });
    });
    let verdict: unknown = {};
    app.post('/bench/verdict', async (c) => {
      verdict = await c.req.json();
      return c.json({ ok: true });
    });
    app.use(
      '/v1/bench/echo-verdict',
      bodyLimit({ maxSize: JSON_BYTES, onError: (c) => problemResponse(c, 'too-large') }),
    );
    app.post('/v1/bench/echo-verdict', async (c) => {
      const body: unknown = await c.req.json();
      return c.json(typeof body === 'object' && body !== null ? verdict : {});
    });
    const minimal = minimalVerifier((kid) =>
      readFileSync(join(dataDir, 'pki', 'signers', `${kid}.cert.pem`), 'utf8'),
    );
    app.use(
      '/v1/bench/minimal',
      bodyLimit({ maxSize: JSON_BYTES, onError: (c) => problemResponse(c, 'too-large') }),
    );
    app.post('/v1/bench/minimal', async (c) => {
      const body: unknown = await c.req.json();
      const url =
        typeof body === 'object' && body !== null ? (body as { url?: unknown }).url : null;
      return c.json({ valid: typeof url === 'string' && minimal(url) });
    });
    app.get('/bench/stats', (c) => {
      const rss = process.memoryUsage.rss();
      peakRss = Math.max(peakRss, rss);
      // CPU time of the whole process (all threads) in µs: a request's cost on this core, which
      // other processes on the machine do not inflate the way they inflate wall time.
      const { user, system } = process.cpuUsage();
      const body = {
        engine: { ...engine },
        counts: { ...counts },
        rss,
        peakRss,
        cpuMicros: user + system,
        runQueueWaitMs: runQueueWaitMs(),
        gc: { ...gc },
        loopDelay: { p99Ms: loopDelay.percentile(99) / 1e6, maxMs: loopDelay.max / 1e6 },
        heap: process.memoryUsage(),
      };
      const reset = c.req.query('reset');
      if (reset === '1') {
        for (const key of Object.keys(counts) as (keyof typeof counts)[]) counts[key] = 0;
        peakRss = rss;
      }
      if (reset === '1' || reset === 'gc') {
        Object.assign(gc, { count: 0, totalMs: 0, maxMs: 0 });
        loopDelay.reset();
      }
      return c.json(body);
    });
    app.post('/bench/raw', async (c) => {
      const { url, ms } = (await c.req.json()) as { url: string; ms: number };
      const rate = rawRate(url, `http://127.0.0.1:${port}`, ms);
      return c.json(rate, 'error' in rate ? 400 : 200);
    });
  },
});

const base = `http://127.0.0.1:${port}`;
const ready = { base, adminToken: server.adminToken, statusMode, pid: process.pid };
console.log(`ready ${JSON.stringify(ready)}`);

const stop = async () => {
  await server.close();
  closeSync(devNull);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

/**
 * Section `http` (issue 7 §2 and §7): POST /v1/verify on the real registry + verifier host,
 * pinned to core 0, loaded by autocannon on core 1 at a fixed concurrency for a bounded time,
 * beside an echo route of the same app (same middleware, same JSON body, constant answer) and
 * the raw verify rate measured in the host; the ratio to the combined limit
 * 1/(1/raw + 1/echo) (target ≥ 0.75); p99 at half the peak rate (target < 20 ms); the batch
 * endpoint per item; the host's peak RSS during the load and its RSS after.
 */
import { figure, type Figure } from '../lib/figures';
import { autocannon, startHost, type Host } from '../http/harness';

const SECTION = 'http';
const SECONDS = 5;
const CONNECTIONS = 16;
const BATCH = 20;
const MiB = 1024 * 1024;

async function verdictOf(host: Host, url: string): Promise<string> {
  const v = (await host.post('/v1/verify', { url })) as { result: string };
  return v.result;
}

const echo = (host: Host, url: string) =>
  autocannon(host, {
    path: '/v1/bench/echo',
    body: { url },
    seconds: SECONDS,
    connections: CONNECTIONS,
  });

async function algFigures(host: Host, alg: 'PS256' | 'ES256'): Promise<Figure[]> {
  const { url } = await host.issue(alg);
  const result = await verdictOf(host, url);
  if (result !== 'valid') throw new Error(`the issued ${alg} credential verifies as ${result}`);
  const load = { path: '/v1/verify', body: { url }, connections: CONNECTIONS };
  // Warm both routes (JIT, caches) before anything is counted.
  await autocannon(host, { ...load, seconds: 2 });
  await autocannon(host, { ...load, path: '/v1/bench/echo', seconds: 2 });

  // Echo before and after the verify run, raw in between: the three see the same background.
  const echoBefore = await echo(host, url);
  const peak = await autocannon(host, { ...load, seconds: SECONDS });
  const { perSecond: raw } = (await host.post('/bench/raw', { url, ms: 1500 })) as {
    perSecond: number;
  };
  const echoAfter = await echo(host, url);
  const echoRps = (echoBefore.rps + echoAfter.rps) / 2;
  const half = await autocannon(host, {
    path: '/v1/verify',
    body: { url },
    seconds: SECONDS,
    connections: CONNECTIONS,
    rate: peak.rps / 2,
  });
  const batch = await autocannon(host, {
    path: '/v1/verify/batch',
    body: { items: Array.from({ length: BATCH }, () => ({ url })) },
    seconds: SECONDS,
    connections: 4,
  });
  const limit = 1 / (1 / raw + 1 / echoRps);
  const failed = peak.non2xx + peak.errors + half.non2xx + half.errors + batch.non2xx;
  return [
    figure(SECTION, `${alg} echo POST (same app, same JSON)`, echoRps, {
      unit: 'req/s',
      note: `before ${echoBefore.rps.toFixed(0)}, after ${echoAfter.rps.toFixed(0)}; p99 ${echoAfter.p99} ms`,
    }),
    figure(SECTION, `${alg} raw node:crypto verify (host core)`, raw, { unit: '/s' }),
    figure(SECTION, `${alg} POST /v1/verify peak`, peak.rps, {
      unit: 'req/s',
      note: `c=${CONNECTIONS}, ${SECONDS} s, p50 ${peak.p50} ms, p99 ${peak.p99} ms`,
    }),
    figure(SECTION, `${alg} verify / 1/(1/raw + 1/echo)`, peak.rps / limit, {
      unit: 'ratio',
      target: 0.75,
      note: `limit ${limit.toFixed(0)} req/s; hand-written minimal route: ${alg === 'PS256' ? '0.65' : '0.71'}`,
    }),
    figure(SECTION, `${alg} p99 at half the peak rate`, half.p99, {
      unit: 'ms',
      target: 20,
      better: 'lower',
      note: `${half.rps.toFixed(0)} req/s offered ${(peak.rps / 2).toFixed(0)}, p50 ${half.p50} ms`,
    }),
    figure(SECTION, `${alg} batch of ${BATCH}, items per second`, batch.rps * BATCH, {
      unit: 'items/s',
      note: `${((batch.rps * BATCH) / peak.rps).toFixed(2)}× single requests; p50 ${batch.p50} ms per batch`,
    }),
    figure(SECTION, `${alg} failed requests under load`, failed, {
      unit: 'requests',
      target: 0,
      better: 'lower',
    }),
  ];
}

/** Runs the section and returns its figures. */
export async function runHttp(): Promise<Figure[]> {
  const host = await startHost({ statusMode: 'status_list' });
  try {
    const idle = await host.stats(true);
    const figures: Figure[] = [];
    for (const alg of ['PS256', 'ES256'] as const) figures.push(...(await algFigures(host, alg)));

    const during = await host.stats(true);
    await new Promise((r) => setTimeout(r, 3000));
    const after = await host.stats();
    figures.push(
      figure(SECTION, 'host RSS idle, before load', idle.rss / MiB, { unit: 'MiB' }),
      figure(SECTION, 'host peak RSS during load', during.peakRss / MiB, { unit: 'MiB' }),
      figure(SECTION, 'host RSS 3 s after load', after.rss / MiB, {
        unit: 'MiB',
        reference: during.peakRss / MiB,
        note: 'ratio: after / peak during',
      }),
    );
    return figures;
  } finally {
    await host.stop();
  }
}

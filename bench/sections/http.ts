/**
 * Section `http` (issue 7 §2 and §7): POST /v1/verify on the real registry + verifier host,
 * pinned to core 0, loaded by autocannon on core 1 at a fixed concurrency for a bounded time,
 * beside an echo route of the same app (same middleware, same JSON body, constant answer), the
 * raw verify rate measured in the host, and the hand-written minimal route of
 * bench/http/minimal.ts (same middleware, base64url + CBOR + crypto.verify only) loaded the same
 * way; the ratio to the combined limit 1/(1/raw + 1/echo) (target ≥ 0.75), from requests per
 * second and from the host's CPU time per request (which neither other work on the machine nor a
 * saturated load generator distorts), with the minimal route's ratio from the same run beside it;
 * p99 at half the peak rate, offered evenly spaced by bench/http/paced.ts (target ≤ 20 ms);
 * the batch endpoint per item; GC pauses; the host's peak RSS during the load and after.
 */
import { figure, type Figure } from '../lib/figures';
import {
  autocannon,
  paced,
  startHost,
  type Host,
  type HostStats,
  type LoadResult,
} from '../http/harness';

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

const us = (micros: number) => `${micros.toFixed(0)} µs`;
const pct = (share: number) => `${(share * 100).toFixed(0)} %`;
/** What happened in the host during a run: GC, event-loop delay, time without its core. */
const hostNote = (r: LoadResult) =>
  `GC ${r.gc.count} pauses, ${r.gc.totalMs.toFixed(0)} ms in all, longest ${r.gc.maxMs.toFixed(1)} ms; ` +
  `event loop delay p99 ${r.loopDelay.p99Ms.toFixed(1)}, max ${r.loopDelay.maxMs.toFixed(1)} ms` +
  (r.runQueueWaitMs === null ? '' : `; waited ${r.runQueueWaitMs.toFixed(0)} ms for its core`);

/** The same credential with its last byte (the signature's last byte) changed. */
function tampered(url: string): string {
  const parsed = new URL(url);
  const bytes = Buffer.from(parsed.searchParams.get('c') ?? '', 'base64url');
  const last = bytes.length - 1;
  bytes.writeUInt8(bytes.readUInt8(last) ^ 0x01, last);
  parsed.searchParams.set('c', bytes.toString('base64url'));
  return parsed.toString();
}

/** Refuses to count the minimal route unless it accepts the credential and refuses a forgery. */
async function checkMinimal(host: Host, url: string): Promise<void> {
  const good = (await host.post('/v1/bench/minimal', { url })) as { valid: boolean };
  const bad = (await host.post('/v1/bench/minimal', { url: tampered(url) })) as { valid: boolean };
  if (good.valid !== true || bad.valid !== false) {
    throw new Error(`minimal route: genuine ${good.valid}, one byte changed ${bad.valid}`);
  }
}

async function algFigures(host: Host, alg: 'PS256' | 'ES256'): Promise<Figure[]> {
  const { url } = await host.issue(alg);
  const result = await verdictOf(host, url);
  if (result !== 'valid') throw new Error(`the issued ${alg} credential verifies as ${result}`);
  await checkMinimal(host, url);
  const load = { path: '/v1/verify', body: { url }, connections: CONNECTIONS };
  // Warm both routes (JIT, caches) before anything is counted.
  await autocannon(host, { ...load, seconds: 2 });
  await autocannon(host, { ...load, path: '/v1/bench/echo', seconds: 2 });
  await autocannon(host, { ...load, path: '/v1/bench/minimal', seconds: 2 });

  // Echo before and after the verify run, raw in between: the three see the same background.
  const echoBefore = await echo(host, url);
  const peak = await autocannon(host, { ...load, seconds: SECONDS });
  const minimal = await autocannon(host, { ...load, path: '/v1/bench/minimal', seconds: SECONDS });
  const raw = (await host.post('/bench/raw', { url, ms: 1500 })) as {
    perSecond: number;
    cpuMicros: number;
  };
  const echoAfter = await echo(host, url);
  const echoRps = (echoBefore.rps + echoAfter.rps) / 2;
  const echoCpu = (echoBefore.cpuPerRequest + echoAfter.cpuPerRequest) / 2;
  const half = await paced(host, { ...load, seconds: SECONDS, rate: peak.rps / 2 });
  const batch = await autocannon(host, {
    path: '/v1/verify/batch',
    body: { items: Array.from({ length: BATCH }, () => ({ url })) },
    seconds: SECONDS,
    connections: 4,
  });
  const limit = 1 / (1 / raw.perSecond + 1 / echoRps);
  const failed =
    peak.non2xx +
    peak.errors +
    minimal.non2xx +
    minimal.errors +
    half.non2xx +
    half.errors +
    batch.non2xx;
  const minimalRatio = minimal.rps / limit;
  const minimalCpuRatio = (raw.cpuMicros + echoCpu) / minimal.cpuPerRequest;
  const cpuRatio = (raw.cpuMicros + echoCpu) / peak.cpuPerRequest;
  return [
    figure(SECTION, `${alg} echo POST (same app, same JSON)`, echoRps, {
      unit: 'req/s',
      note:
        `before ${echoBefore.rps.toFixed(0)}, after ${echoAfter.rps.toFixed(0)}; p99 ${echoAfter.p99} ms; ` +
        `host CPU ${us(echoCpu)}/request, host busy ${pct(echoBefore.hostBusy)}` +
        (echoBefore.hostBusy < 0.9 ? ' (the load generator is the bottleneck)' : ''),
    }),
    figure(SECTION, `${alg} raw node:crypto verify (host core)`, raw.perSecond, {
      unit: '/s',
      note: `CPU ${us(raw.cpuMicros)} per verify`,
    }),
    figure(SECTION, `${alg} POST /v1/verify peak`, peak.rps, {
      unit: 'req/s',
      note:
        `c=${CONNECTIONS}, ${SECONDS} s, p50 ${peak.p50} ms, p99 ${peak.p99} ms; host CPU ` +
        `${us(peak.cpuPerRequest)}/request, busy ${pct(peak.hostBusy)}; ${hostNote(peak)}`,
    }),
    figure(SECTION, `${alg} verify / 1/(1/raw + 1/echo)`, peak.rps / limit, {
      unit: 'ratio',
      target: 0.75,
      note:
        `limit ${limit.toFixed(0)} req/s; minimal route in this run ${minimalRatio.toFixed(2)} ` +
        `(issue 7 quotes 0.65 PS256 / 0.71 ES256 from another run, with another echo)`,
    }),
    figure(SECTION, `${alg} same ratio from host CPU per request`, cpuRatio, {
      unit: 'ratio',
      target: 0.75,
      note:
        `(raw ${us(raw.cpuMicros)} + echo ${us(echoCpu)}) / verify ${us(peak.cpuPerRequest)}: ` +
        'what a request costs the host, whoever else uses the machine or the generator core',
    }),
    figure(SECTION, `${alg} minimal hand-written route peak`, minimal.rps, {
      unit: 'req/s',
      note:
        `POST /v1/bench/minimal, base64url + CBOR + crypto.verify only, same middleware; ` +
        `c=${CONNECTIONS}, ${SECONDS} s, p50 ${minimal.p50} ms, p99 ${minimal.p99} ms; host CPU ` +
        `${us(minimal.cpuPerRequest)}/request, busy ${pct(minimal.hostBusy)}`,
    }),
    figure(SECTION, `${alg} minimal / 1/(1/raw + 1/echo)`, minimalRatio, {
      unit: 'ratio',
      note: `same limit, same run; from host CPU per request ${minimalCpuRatio.toFixed(2)}`,
    }),
    figure(SECTION, `${alg} verify / minimal route`, peak.rps / minimal.rps, {
      unit: 'ratio',
      note:
        `req/s; from host CPU per request ${(minimal.cpuPerRequest / peak.cpuPerRequest).toFixed(2)} ` +
        `(minimal ${us(minimal.cpuPerRequest)}, verify ${us(peak.cpuPerRequest)}): ` +
        'what every check of the full verifier costs beyond signature alone',
    }),
    figure(SECTION, `${alg} p99 at half the peak rate`, half.p99, {
      unit: 'ms',
      target: 20,
      better: 'lower',
      note:
        `${half.rps.toFixed(0)} req/s, evenly spaced, of ${(peak.rps / 2).toFixed(0)} offered; p50 ${half.p50}, ` +
        `p90 ${half.p90}, max ${half.max} ms; generator late by up to ${half.maxSendLagMs} ms` +
        (half.generatorWaitMs === null
          ? ''
          : `, waited ${half.generatorWaitMs.toFixed(0)} ms for its core`) +
        `; host: ${hostNote(half)}`,
    }),
    figure(SECTION, `${alg} batch of ${BATCH}, items per second`, batch.rps * BATCH, {
      unit: 'items/s',
      note:
        `${((batch.rps * BATCH) / peak.rps).toFixed(2)}× single requests; p50 ${batch.p50} ms per batch; ` +
        `host CPU ${us(batch.cpuPerRequest / BATCH)}/item`,
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
    // RSS against the JavaScript heap: what the program holds (heap used) and what V8 keeps
    // reserved for it (heap total), which a grown heap gives back only slowly.
    const heap = (s: HostStats) =>
      `heap used ${(s.heap.heapUsed / MiB).toFixed(0)} of ${(s.heap.heapTotal / MiB).toFixed(0)} MiB`;
    figures.push(
      figure(SECTION, 'host RSS idle, before load', idle.rss / MiB, {
        unit: 'MiB',
        note: heap(idle),
      }),
      figure(SECTION, 'host peak RSS during load', during.peakRss / MiB, {
        unit: 'MiB',
        note: `at the end: ${heap(during)}`,
      }),
      figure(SECTION, 'host RSS 3 s after load', after.rss / MiB, {
        unit: 'MiB',
        reference: during.peakRss / MiB,
        note: `ratio: after / peak during; ${heap(after)}`,
      }),
    );
    return figures;
  } finally {
    await host.stop();
  }
}

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
 *
 * Echo, verify and the minimal route run in interleaved rounds (the order rotated each round),
 * and each ratio is taken within a round before the median over rounds: on a shared machine two
 * runs a minute apart differ by more than the effects measured here. The raw figure comes from a
 * tight loop on an idle machine; the host also times its signature engine during the verify runs
 * (bench/http/host.ts), which shows what one check costs inside a server under load.
 */
import { figure, type Figure } from '../lib/figures';
import { median } from '../lib/timing';
import {
  autocannon,
  paced,
  startHost,
  type Host,
  type HostStats,
  type LoadResult,
} from '../http/harness';

const SECTION = 'http';
const SECONDS = 3;
const ROUNDS = 3;
const PACED_SECONDS = 5;
const CONNECTIONS = 16;
const BATCH = 20;
const MiB = 1024 * 1024;

/** Verifies `url` and hands the verdict to the echo-verdict route; returns its result. */
async function verdictOf(host: Host, url: string): Promise<string> {
  const v = (await host.post('/v1/verify', { url })) as { result: string };
  await host.post('/bench/verdict', v);
  return v.result;
}

const us = (micros: number) => `${micros.toFixed(0)} µs`;
const pct = (share: number) => `${(share * 100).toFixed(0)} %`;
/** What happened in the host during a run: GC, event-loop delay, time without its core. */
const hostNote = (r: LoadResult) =>
  `GC ${r.gc.count} pauses, ${r.gc.totalMs.toFixed(0)} ms in all, ` +
  `longest ${r.gc.maxMs.toFixed(1)} ms; ` +
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

/** The median of a field over the rounds' results. */
const mid = (runs: readonly LoadResult[], of: (r: LoadResult) => number) => median(runs.map(of));

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

  // Interleaved rounds, the order rotated each round: the three routes see the same background,
  // and each ratio is taken within a round before the median over rounds.
  const routes = [
    '/v1/bench/echo',
    '/v1/verify',
    '/v1/bench/minimal',
    '/v1/bench/echo-verdict',
  ] as const;
  const runs: Record<(typeof routes)[number], LoadResult[]> = {
    '/v1/bench/echo': [],
    '/v1/bench/echo-verdict': [],
    '/v1/verify': [],
    '/v1/bench/minimal': [],
  };
  for (let r = 0; r < ROUNDS; r += 1) {
    for (let i = 0; i < routes.length; i += 1) {
      const path = routes[(i + r) % routes.length]!;
      runs[path].push(await autocannon(host, { ...load, path, seconds: SECONDS }));
    }
  }
  const raw = (await host.post('/bench/raw', { url, ms: 1500 })) as {
    perSecond: number;
    cpuMicros: number;
  };
  const echoes = runs['/v1/bench/echo'];
  const peaks = runs['/v1/verify'];
  const minimals = runs['/v1/bench/minimal'];
  const verdictEchoes = runs['/v1/bench/echo-verdict'];
  const half = await paced(host, {
    ...load,
    seconds: PACED_SECONDS,
    rate: mid(peaks, (p) => p.rps) / 2,
  });
  const batch = await autocannon(host, {
    path: '/v1/verify/batch',
    body: { items: Array.from({ length: BATCH }, () => ({ url })) },
    seconds: PACED_SECONDS,
    connections: 4,
  });

  const rawMicros = 1e6 / raw.perSecond;
  /** Per round: the limit 1/(1/raw + 1/echo) of that round's echo, as a rate and as CPU. */
  const limitRps = (r: number) => 1 / (1 / raw.perSecond + 1 / echoes[r]!.rps);
  const limitCpu = (r: number) => raw.cpuMicros + echoes[r]!.cpuPerRequest;
  const perRound = (f: (r: number) => number) => median(echoes.map((_, r) => f(r)));
  const ratio = perRound((r) => peaks[r]!.rps / limitRps(r));
  const cpuRatio = perRound((r) => limitCpu(r) / peaks[r]!.cpuPerRequest);
  const minimalRatio = perRound((r) => minimals[r]!.rps / limitRps(r));
  const minimalCpuRatio = perRound((r) => limitCpu(r) / minimals[r]!.cpuPerRequest);
  const engineMicros = mid(peaks, (p) => p.enginePerCall ?? NaN);
  // The same limit with the engine's cost as measured inside the server during the verify runs.
  const inServerRatio = perRound(
    (r) => (engineMicros + echoes[r]!.cpuPerRequest) / peaks[r]!.cpuPerRequest,
  );

  const echoRps = mid(echoes, (e) => e.rps);
  const echoCpu = mid(echoes, (e) => e.cpuPerRequest);
  const peakRps = mid(peaks, (p) => p.rps);
  const peakCpu = mid(peaks, (p) => p.cpuPerRequest);
  const minimalRps = mid(minimals, (m) => m.rps);
  const minimalCpu = mid(minimals, (m) => m.cpuPerRequest);
  const verdictEchoCpu = mid(verdictEchoes, (e) => e.cpuPerRequest);
  const last = (runs: LoadResult[]) => runs[runs.length - 1]!;
  const failed =
    [...peaks, ...minimals, ...verdictEchoes].reduce((n, p) => n + p.non2xx + p.errors, 0) +
    half.non2xx +
    half.errors +
    batch.non2xx;
  const rounds =
    `median of ${ROUNDS} interleaved rounds of ${SECONDS} s, ` + 'ratio taken within each round';
  return [
    figure(SECTION, `${alg} echo POST (same app, same JSON)`, echoRps, {
      unit: 'req/s',
      note:
        `rounds ${echoes.map((e) => e.rps.toFixed(0)).join(', ')}; p99 ${last(echoes).p99} ms; ` +
        `host CPU ${us(echoCpu)}/request, host busy ${pct(last(echoes).hostBusy)}` +
        (last(echoes).hostBusy < 0.9 ? ' (the load generator is the bottleneck)' : ''),
    }),
    figure(SECTION, `${alg} raw node:crypto verify (host core)`, raw.perSecond, {
      unit: '/s',
      note: `CPU ${us(raw.cpuMicros)} per verify, in a tight loop with the other core idle`,
    }),
    figure(SECTION, `${alg} POST /v1/verify peak`, peakRps, {
      unit: 'req/s',
      note:
        `c=${CONNECTIONS}, rounds ${peaks.map((p) => p.rps.toFixed(0)).join(', ')}; p50 ` +
        `${last(peaks).p50} ms, p99 ${last(peaks).p99} ms; host CPU ${us(peakCpu)}/request, busy ` +
        `${pct(last(peaks).hostBusy)}; ${hostNote(last(peaks))}`,
    }),
    figure(SECTION, `${alg} verify / 1/(1/raw + 1/echo)`, ratio, {
      unit: 'ratio',
      target: 0.75,
      note:
        `${rounds}; limit ${perRound(limitRps).toFixed(0)} req/s; minimal route ` +
        `${minimalRatio.toFixed(2)} (issue 7 quotes 0.65 PS256 / 0.71 ES256 from another run)`,
    }),
    figure(SECTION, `${alg} same ratio from host CPU per request`, cpuRatio, {
      unit: 'ratio',
      target: 0.75,
      note:
        `(raw ${us(raw.cpuMicros)} + echo ${us(echoCpu)}) / verify ${us(peakCpu)}: what a ` +
        `request costs the host, whoever else uses the machine or the generator core; ${rounds}`,
    }),
    figure(SECTION, `${alg} signature engine inside the server, per call`, engineMicros, {
      unit: 'µs',
      reference: rawMicros,
      note:
        `wall time inside node:crypto's verify during the verify runs, against ${us(rawMicros)} ` +
        'in the tight loop (ratio): the same OpenSSL call, slower between the requests of a ' +
        'busy server',
    }),
    figure(SECTION, `${alg} ratio from CPU, engine as measured in the server`, inServerRatio, {
      unit: 'ratio',
      note:
        `(engine ${us(engineMicros)} + echo ${us(echoCpu)}) / verify ${us(peakCpu)}: the limit ` +
        'with the signature cost the server actually pays; the rest is the pipeline, the verdict ' +
        'JSON and its larger answer',
    }),
    figure(SECTION, `${alg} echo answering a verdict, host CPU per request`, verdictEchoCpu, {
      unit: 'µs',
      reference: echoCpu,
      note:
        `the echo route answering this credential's 1 KB verdict instead of {"ok":true} ` +
        `(ratio to the plain echo): ${us(verdictEchoCpu - echoCpu)} of every verify request is ` +
        'the size of its answer; the rest of verify beyond it is verification',
    }),
    figure(SECTION, `${alg} minimal hand-written route peak`, minimalRps, {
      unit: 'req/s',
      note:
        `POST /v1/bench/minimal, base64url + CBOR + crypto.verify only, same middleware; ` +
        `c=${CONNECTIONS}, rounds ${minimals.map((m) => m.rps.toFixed(0)).join(', ')}; host CPU ` +
        `${us(minimalCpu)}/request`,
    }),
    figure(SECTION, `${alg} minimal / 1/(1/raw + 1/echo)`, minimalRatio, {
      unit: 'ratio',
      note: `same limit, same rounds; from host CPU per request ${minimalCpuRatio.toFixed(2)}`,
    }),
    figure(
      SECTION,
      `${alg} verify / minimal route`,
      perRound((r) => peaks[r]!.rps / minimals[r]!.rps),
      {
        unit: 'ratio',
        note:
          `req/s; from host CPU per request ${(minimalCpu / peakCpu).toFixed(2)} ` +
          `(minimal ${us(minimalCpu)}, verify ${us(peakCpu)}): ` +
          'what every check of the full verifier costs beyond signature alone',
      },
    ),
    figure(SECTION, `${alg} p99 at half the peak rate`, half.p99, {
      unit: 'ms',
      target: 20,
      better: 'lower',
      note:
        `${half.rps.toFixed(0)} req/s, evenly spaced, of ${(peakRps / 2).toFixed(0)} offered; ` +
        `p50 ${half.p50}, ` +
        `p90 ${half.p90}, max ${half.max} ms; generator late by up to ${half.maxSendLagMs} ms` +
        (half.generatorWaitMs === null
          ? ''
          : `, waited ${half.generatorWaitMs.toFixed(0)} ms for its core`) +
        `; host: ${hostNote(half)}`,
    }),
    figure(SECTION, `${alg} batch of ${BATCH}, items per second`, batch.rps * BATCH, {
      unit: 'items/s',
      note:
        `${((batch.rps * BATCH) / peakRps).toFixed(2)}× single requests; ` +
        `p50 ${batch.p50} ms per batch; ` +
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
      `heap used ${(s.heap.heapUsed / MiB).toFixed(0)} of ` +
      `${(s.heap.heapTotal / MiB).toFixed(0)} MiB`;
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

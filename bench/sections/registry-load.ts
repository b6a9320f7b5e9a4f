/**
 * Section `registry` (issue 7 §3): registry requests per 1,000 verifications of 100 distinct
 * certificates, counted at the registry of the bench host, with the signed status list and with
 * per-certificate status, each with the verifier's default cache periods. A second pass of 1,000
 * right after shows the hot path. Target: ≤ 1 request per certificate per cache period; 0 on the
 * hot path with a fresh status list.
 */
import { figure, type Figure } from '../lib/figures';
import { startHost, type Host } from '../http/harness';

const SECTION = 'registry';
const CERTIFICATES = 100;
const VERIFICATIONS = 1000;
const PARALLEL = 8;
/** verifier-api config defaults (config.ts): status answers and status lists. */
const STATUS_ANSWER_SECONDS = 10;
const STATUS_LIST_SECONDS = 60;

async function verifyAll(host: Host, urls: string[]): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < VERIFICATIONS) {
      const url = urls[next % urls.length]!;
      next += 1;
      const v = (await host.post('/v1/verify', { url })) as { result: string };
      if (v.result !== 'valid') throw new Error(`verification gave ${v.result}`);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return (performance.now() - started) / 1000;
}

async function modeFigures(mode: 'status_list' | 'registry'): Promise<Figure[]> {
  const host = await startHost({ statusMode: mode });
  try {
    const urls: string[] = [];
    for (let i = 0; i < CERTIFICATES; i += 1) {
      urls.push((await host.issue(i % 2 ? 'ES256' : 'PS256', i)).url);
    }
    await host.stats(true);
    const firstS = await verifyAll(host, urls);
    const first = await host.stats(true);
    const hotS = await verifyAll(host, urls);
    const hot = await host.stats(true);

    const total = (s: typeof first) =>
      s.counts.status + s.counts.statusList + s.counts.crl + s.counts.trustList + s.counts.other;
    const period = mode === 'registry' ? STATUS_ANSWER_SECONDS : STATUS_LIST_SECONDS;
    // Status requests allowed: one per certificate (or per list) per started cache period.
    const units = mode === 'registry' ? CERTIFICATES : 1;
    const allowed = (seconds: number) => units * Math.ceil(seconds / period);
    const kinds = (s: typeof first) =>
      `status ${s.counts.status}, status-list ${s.counts.statusList}, CRL ${s.counts.crl}, ` +
      `trust list ${s.counts.trustList}`;
    const label = mode === 'registry' ? 'per-certificate status' : 'status list';
    return [
      figure(
        SECTION,
        `${label}: status requests, first 1,000`,
        first.counts.status + first.counts.statusList,
        {
          unit: 'requests',
          target: allowed(firstS),
          better: 'lower',
          note: `${firstS.toFixed(1)} s, cache ${period} s; all: ${total(first)} (${kinds(first)})`,
        },
      ),
      figure(
        SECTION,
        `${label}: status requests, next 1,000 (hot)`,
        hot.counts.status + hot.counts.statusList,
        {
          unit: 'requests',
          target: mode === 'status_list' ? 0 : allowed(firstS + hotS) - allowed(firstS) + units,
          better: 'lower',
          note: `${hotS.toFixed(1)} s; all: ${total(hot)} (${kinds(hot)})`,
        },
      ),
    ];
  } finally {
    await host.stop();
  }
}

/** Runs the section and returns its figures. */
export async function runRegistryLoad(): Promise<Figure[]> {
  return [...(await modeFigures('status_list')), ...(await modeFigures('registry'))];
}

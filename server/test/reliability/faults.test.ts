/**
 * Faults of the registry and the CA, each injected while the verifier is under load. Three
 * processes of the `npm start` host: R serves the registry and the CA; V1 (per-certificate
 * status) and V2 (signed status list) are verifiers whose registry and CRL addresses point at a
 * loopback proxy in front of R that this test controls. Caches are set to 0 so that every
 * request meets the fault; the fetch timeout is 1 s.
 *
 * Each fault must give `indeterminate` with the right reason within the timeout, never `valid`
 * and never a 5xx; when the fault ends the verifier gives the right verdicts again by itself.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check as rightAnswer, mixedWorkload, type WorkItem } from './support/corpus';
import { expiredCrl, expiredStatusList, foreignKeyCrl } from './support/forge';
import { demoUrl, startHost, type Host } from './support/host';
import { describeLoad, runLoad, type LoadFigures } from './support/load';
import { startFaultProxy, type FaultProxy, type FaultRule } from './support/proxy';

const FETCH_MS = 1000;
const FAULT_SECONDS = 3;
/** One request may wait for the CRL and then for the status: two deadlines, plus scheduling. */
const MAX_LATENCY_MS = 2 * FETCH_MS + 2500;

const isCrl = (path: string) => path.endsWith('/ca/root.crl');
const isStatusList = (path: string) => path.includes('/v1/status-lists/');

function verifierConfig(registry: Host, proxy: FaultProxy, statusMode: 'registry' | 'status_list') {
  return {
    verificationHosts: [proxy.base],
    trust: {
      anchors: [
        {
          certificate: { file: join(registry.dataDir, 'pki', 'root.cert.pem') },
          crlUrl: `${proxy.base}/registry/ca/root.crl`,
        },
      ],
      useRegistryTrustList: true,
    },
    registry: { baseUrl: `${proxy.base}/registry`, statusMode },
    timeouts: { fetchMs: FETCH_MS },
    cache: {
      crlMaxAgeSeconds: 0,
      statusListMaxAgeSeconds: 0,
      statusAnswerSeconds: 0,
      trustListMaxAgeSeconds: 300,
    },
    rateLimit: { max: 0 },
  };
}

function registryEnv(proxy: FaultProxy) {
  return { DQCV_RATE_LIMIT_MAX: '0', DQCV_PUBLIC_URL: proxy.base };
}

/** Under a fault: credentials that are valid become indeterminate with `code`; never valid. */
function faultItems(registry: Host): WorkItem[] {
  const post = (name: string, url: string): WorkItem => ({
    name,
    method: 'POST',
    path: '/v1/verify',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url }),
    expect: { status: 200 },
  });
  return [
    post('valid PS256', demoUrl(registry, 'valid (PS256')),
    post('valid ES256', demoUrl(registry, 'valid (ES256')),
  ];
}

function indeterminateWith(code: string) {
  return (item: WorkItem, status: number, body: string): string | undefined => {
    if (status !== 200) return `${item.name}: HTTP ${status}`;
    const doc = JSON.parse(body) as { result: string; reasons: { code: string }[] };
    if (doc.result !== 'indeterminate')
      return `${item.name}: ${doc.result}, expected indeterminate`;
    const codes = doc.reasons.map((r) => r.code);
    return codes.includes(code) ? undefined : `${item.name}: reasons ${codes.join(',')}`;
  };
}

describe('faults of the registry and the CA during load', () => {
  let registry: Host;
  let perCertificate: Host;
  let statusList: Host;
  let proxy: FaultProxy;

  beforeAll(async () => {
    proxy = await startFaultProxy();
    // R names the proxy as its public address, so that the status-list reference in each
    // credential is an address the verifiers are configured with.
    registry = await startHost({ env: registryEnv(proxy) });
    proxy.upstream = registry.base;
    [perCertificate, statusList] = await Promise.all([
      startHost({ config: verifierConfig(registry, proxy, 'registry') }),
      startHost({ config: verifierConfig(registry, proxy, 'status_list') }),
    ]);
    // First use: trust list, CRL and key caches, JIT.
    await untilValid([perCertificate, statusList], 60_000);
  }, 300_000);

  afterAll(async () => {
    await Promise.all([perCertificate?.dispose(), statusList?.dispose()]);
    await registry?.dispose();
    // The restarted registry reused the first one's data directory: remove it here.
    if (registry) await rm(registry.dataDir, { recursive: true, force: true });
    await proxy?.stop();
  });

  /** Load on both verifiers at once; returns their figures. */
  async function loadBoth(
    items: WorkItem[],
    check: (item: WorkItem, status: number, body: string) => string | undefined,
    seconds: number,
    targets: Host[] = [perCertificate, statusList],
  ): Promise<LoadFigures[]> {
    return Promise.all(
      targets.map((v) => runLoad({ base: v.base, items, check, seconds, connections: 4 })),
    );
  }

  /**
   * Resolves with the time until each verifier gives `valid` again for a valid credential. A
   * request that joined a fetch begun during the fault may still fail, within one deadline.
   */
  async function untilValid(targets: Host[], withinMs: number): Promise<number> {
    const started = Date.now();
    const body = JSON.stringify({ url: demoUrl(registry, 'valid (PS256') });
    for (const v of targets) {
      for (;;) {
        const res = await fetch(`${v.base}/v1/verify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(withinMs),
        });
        if (((await res.json()) as { result: string }).result === 'valid') break;
        if (Date.now() - started > withinMs)
          throw new Error(`not valid again within ${withinMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return Date.now() - started;
  }

  async function expectRecovered(
    label: string,
    targets: Host[] = [perCertificate, statusList],
  ): Promise<void> {
    const ms = await untilValid(targets, 3 * FETCH_MS + 5000);
    console.log(`${label}: valid again after ${ms} ms`);
    const figures = await loadBoth(mixedWorkload(registry), rightAnswer, 2, targets);
    for (const f of figures) console.log(describeLoad(`${label}, recovered`, f));
    for (const f of figures) {
      expect(f.wrongExamples).toEqual([]);
      expect(f.status5xx + f.errors + f.timeouts).toBe(0);
    }
  }

  async function expectFault(
    label: string,
    rule: FaultRule,
    code: string,
    targets?: Host[],
  ): Promise<void> {
    proxy.fault = rule;
    let figures: LoadFigures[];
    try {
      figures = await loadBoth(
        faultItems(registry),
        indeterminateWith(code),
        FAULT_SECONDS,
        targets,
      );
    } finally {
      proxy.fault = undefined;
    }
    for (const f of figures) {
      console.log(describeLoad(label, f));
      expect(f.requests).toBeGreaterThan(0);
      expect(f.wrongExamples).toEqual([]);
      expect(f.status5xx + f.errors + f.timeouts).toBe(0);
      expect(f.latencyMax).toBeLessThan(MAX_LATENCY_MS);
    }
    await expectRecovered(label, targets);
  }

  it('gives the right verdicts through the proxy before any fault', async () => {
    await expectRecovered('baseline');
  }, 60_000);

  it('registry process stopped: indeterminate registry_unavailable, then recovers when it is back', async () => {
    await registry.stop();
    const figures = await loadBoth(
      faultItems(registry),
      indeterminateWith('registry_unavailable'),
      FAULT_SECONDS,
    );
    registry = await startHost({
      dataDir: registry.dataDir,
      port: registry.port,
      env: registryEnv(proxy),
    });
    for (const f of figures) {
      console.log(describeLoad('registry stopped', f));
      expect(f.wrongExamples).toEqual([]);
      expect(f.status5xx + f.errors + f.timeouts).toBe(0);
      expect(f.latencyMax).toBeLessThan(MAX_LATENCY_MS);
    }
    await expectRecovered('registry restarted');
  }, 180_000);

  it('registry answering after the deadline: indeterminate registry_unavailable within the timeout', async () => {
    await expectFault(
      'registry slow',
      (path) => (isCrl(path) ? undefined : { delayMs: 3 * FETCH_MS }),
      'registry_unavailable',
    );
  }, 60_000);

  it('CRL address answering 404: indeterminate crl_unavailable', async () => {
    await expectFault(
      'CRL 404',
      (p) => (isCrl(p) ? { status: 404, body: 'gone' } : undefined),
      'crl_unavailable',
    );
  }, 60_000);

  it('CRL address answering garbage: indeterminate crl_unavailable', async () => {
    const garbage = new Uint8Array(Array.from({ length: 512 }, (_, i) => (i * 7919) & 0xff));
    await expectFault(
      'CRL garbage',
      (p) =>
        isCrl(p) ? { status: 200, body: garbage, contentType: 'application/pkix-crl' } : undefined,
      'crl_unavailable',
    );
  }, 60_000);

  it('CRL past its nextUpdate: indeterminate crl_stale', async () => {
    const der = await expiredCrl(registry.dataDir);
    await expectFault(
      'CRL expired',
      (p) =>
        isCrl(p) ? { status: 200, body: der, contentType: 'application/pkix-crl' } : undefined,
      'crl_stale',
    );
  }, 60_000);

  it('CRL with the right issuer name signed by another key: indeterminate crl_unavailable', async () => {
    const der = await foreignKeyCrl(registry.dataDir);
    await expectFault(
      'CRL foreign key',
      (p) =>
        isCrl(p) ? { status: 200, body: der, contentType: 'application/pkix-crl' } : undefined,
      'crl_unavailable',
    );
  }, 60_000);

  it('status list past its exp: indeterminate status_stale', async () => {
    const fresh = await fetch(`${registry.base}/registry/v1/status-lists/1`);
    const token = await expiredStatusList(
      registry.dataDir,
      new Uint8Array(await fresh.arrayBuffer()),
    );
    await expectFault(
      'status list expired',
      (p) =>
        isStatusList(p)
          ? { status: 200, body: token, contentType: 'application/statuslist+cwt' }
          : undefined,
      'status_stale',
      [statusList],
    );
  }, 60_000);
});

/**
 * The verifier Worker's edge cache: CRLs and status lists in `caches.default`, each for no
 * longer than its own expiry and the configured maximum age; nothing cached at maximum age 0.
 * This verifier also takes its signers from the registry's trust list (anchor configured only)
 * and checks status through the signed status list.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REGISTRY_URL } from '../support/context';
import { liveConfig, startDeployment, type Deployment } from '../support/deployment';
import { codes, registryAdmin, verify, type Issued } from '../support/registry-client';

const ctx = inject('dqcvWorkers');
const CRL_URL = `${REGISTRY_URL}/registry/ca/root.crl`;
const CRL_MAX_AGE = 120;
const LIST_MAX_AGE = 60;

function edgeConfig(): Record<string, unknown> {
  const config = liveConfig(ctx);
  return {
    ...config,
    trust: {
      anchors: [{ certificate: ctx.rootCertificatePem, crlUrl: CRL_URL }],
      useRegistryTrustList: true,
    },
    registry: { baseUrl: `${REGISTRY_URL}/registry`, statusMode: 'status_list' },
    cache: {
      crlMaxAgeSeconds: CRL_MAX_AGE,
      statusListMaxAgeSeconds: LIST_MAX_AGE,
      statusAnswerSeconds: 0,
      trustListMaxAgeSeconds: 300,
    },
  };
}

function maxAgeOf(res: Response): number {
  const m = /max-age=(\d+)/.exec(res.headers.get('cache-control') ?? '');
  return m ? Number(m[1]) : NaN;
}

describe('verifier Worker edge cache (Cache API)', () => {
  let d: Deployment;
  let admin: ReturnType<typeof registryAdmin>;
  let issued: Issued;
  let listUri: string;

  beforeAll(async () => {
    d = await startDeployment(ctx, [
      { name: 'verifier', config: liveConfig(ctx) },
      { name: 'verifier-edge', config: edgeConfig() },
    ]);
    admin = registryAdmin(d, ctx);
    issued = await admin.issue();
    const got = await admin.get(`/registry/admin/v1/certificates/${issued.certificateId}`);
    listUri = ((await got.json()) as { record: { statusList: { uri: string } } }).record.statusList
      .uri;
  });

  afterAll(async () => {
    await d?.close();
  });

  /** `caches.default` of the workerd (Miniflare types it with workers-types, not installed). */
  async function edgeCache() {
    return ((await d.mf.getCaches()) as unknown as { default: Cache }).default;
  }

  async function cached(url: string): Promise<Response | undefined> {
    return (await edgeCache()).match(url);
  }

  it('stores nothing when the maximum ages are zero', async () => {
    expect((await verify(d, 'verifier', { url: issued.url })).result).toBe('valid');
    expect(await cached(CRL_URL)).toBeUndefined();
  });

  it('verifies with signers from the trust list and status from the signed list', async () => {
    const v = await verify(d, 'verifier-edge', { url: issued.url });
    expect(v.result).toBe('valid');
    expect(v.checks.map((c) => c.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
  });

  it('keeps the CRL no longer than the configured maximum age', async () => {
    const hit = await cached(CRL_URL);
    expect(hit?.status).toBe(200);
    expect(maxAgeOf(hit!)).toBeGreaterThan(0);
    expect(maxAgeOf(hit!)).toBeLessThanOrEqual(CRL_MAX_AGE);
  });

  it('keeps the status list no longer than its ttl and the configured maximum age', async () => {
    const hit = await cached(listUri);
    expect(hit?.status).toBe(200);
    expect(maxAgeOf(hit!)).toBeGreaterThan(0);
    expect(maxAgeOf(hit!)).toBeLessThanOrEqual(LIST_MAX_AGE);
  });

  it('answers from the cached status list within its age, while a live check sees the change', async () => {
    await admin.setStatus(issued.certificateId, 'suspended');
    expect(codes(await verify(d, 'verifier', { url: issued.url }))).toEqual([
      'qualification_suspended',
    ]);
    expect((await verify(d, 'verifier-edge', { url: issued.url })).result).toBe('valid');
  });

  it('fetches a fresh status list once the cached one is gone', async () => {
    await (await edgeCache()).delete(listUri);
    const v = await verify(d, 'verifier-edge', { url: issued.url });
    expect(codes(v)).toEqual(['qualification_suspended']);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { createTrustStore } from '@dqcv/shared-cose';
import { silentLogger } from '../src/http/logger';
import { ExpiringCache } from '../src/sources/cache';
import { createHttpCrlSource } from '../src/sources/crl-source';
import { createStatusListFetcher } from '../src/sources/status-list-fetch';
import { createTrustListRefresher } from '../src/sources/trust-list';
import { serve, type TestServer } from './support/http';
import { makeRoot } from './support/pki';
import { makeStatusToken } from './support/status-token';

// The verification hot path awaits only what is not known yet: a cached answer comes back as
// a plain value, not a promise.
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const isPromise = (v: unknown) => v instanceof Promise;

describe('ExpiringCache.getOrLoad', () => {
  it('returns a live entry synchronously', async () => {
    const cache = new ExpiringCache<string>(() => 1000);
    await cache.getOrLoad('k', async () => ({ value: 'v', expiresAt: 2000 }));

    const hit = cache.getOrLoad('k', () => Promise.reject(new Error('not called')));

    expect(isPromise(hit)).toBe(false);
    expect(hit).toBe('v');
  });

  it('returns a promise while the entry is missing', async () => {
    const cache = new ExpiringCache<string>(() => 1000);

    const miss = cache.getOrLoad('k', async () => ({ value: 'v', expiresAt: 2000 }));

    expect(isPromise(miss)).toBe(true);
    expect(await miss).toBe('v');
  });

  it('returns a promise again once the entry has expired', async () => {
    let t = 1000;
    const cache = new ExpiringCache<string>(() => t);
    await cache.getOrLoad('k', async () => ({ value: 'old', expiresAt: 2000 }));
    t = 2000;

    const after = cache.getOrLoad('k', async () => ({ value: 'new', expiresAt: 3000 }));

    expect(isPromise(after)).toBe(true);
    expect(await after).toBe('new');
  });
});

describe('HTTP CRL source, cached', () => {
  it('answers a cached CRL without a promise', async () => {
    const root = await makeRoot();
    const der = await root.crl(new Date(Date.now() + 3600_000));
    server = await serve((_req, res) => res.end(der));
    const crls = await createHttpCrlSource({
      addresses: [{ caPem: root.pem, url: `${server.base}/ca/root.crl` }],
      timeoutMs: 2000,
      maxAgeSeconds: 300,
    });
    const cert = new X509Certificate(root.pem);
    const ca = { subject: cert.subject, spkiSha256: 'unused' };
    await crls.getCrl(ca);

    const second = crls.getCrl(ca);

    expect(isPromise(second)).toBe(false);
    expect(second).toMatchObject({ ok: true });
    expect(server.hits).toHaveLength(1);
  });
});

describe('status-list fetcher, cached', () => {
  it('answers a cached token without a promise', async () => {
    const iat = Math.floor(Date.now() / 1000);
    let token: Uint8Array = new Uint8Array(0);
    server = await serve((_req, res) => res.end(token));
    const uri = `${server.base}/registry/v1/status-lists/1`;
    token = await makeStatusToken(uri, { iat, exp: iat + 3600, ttl: 600 });
    const lists = createStatusListFetcher({
      allowed: [`${server.base}/registry/v1/status-lists/`],
      timeoutMs: 2000,
      maxAgeSeconds: 60,
    });
    await lists.fetchList(uri);

    const second = lists.fetchList(uri);

    expect(isPromise(second)).toBe(false);
    expect(second).toMatchObject({ ok: true });
    expect(server.hits).toHaveLength(1);
  });
});

describe('trust-list refresher: due()', () => {
  async function refresher(now: () => number) {
    server = await serve((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ signers: [], crls: [] }));
    });
    const root = await makeRoot();
    return createTrustListRefresher({
      url: `${server.base}/registry/v1/trust-list`,
      registryBase: `${server.base}/registry`,
      trust: await createTrustStore({ anchors: [root.pem] }),
      crls: await createHttpCrlSource({ addresses: [], timeoutMs: 2000, maxAgeSeconds: 60 }),
      timeoutMs: 2000,
      maxAgeSeconds: 300,
      now,
      logger: silentLogger,
    });
  }

  it('is due before the first fetch', async () => {
    const list = await refresher(() => 1_000_000);

    expect(list.due()).toBe(true);
  });

  it('is not due while the list is younger than its maximum age', async () => {
    let t = 1_000_000;
    const list = await refresher(() => t);
    await list.refresh();
    t += 299_000;

    expect(list.due()).toBe(false);
  });

  it('is due again once the list reaches its maximum age', async () => {
    let t = 1_000_000;
    const list = await refresher(() => t);
    await list.refresh();
    t += 300_000;

    expect(list.due()).toBe(true);
  });
});

describe('Age header (RFC 9111 §5.1)', () => {
  it('counts a CRL’s maximum age from its origin fetch', async () => {
    const root = await makeRoot();
    const der = await root.crl(new Date(Date.now() + 3600_000));
    server = await serve((_req, res) => {
      res.setHeader('age', '50');
      res.end(der);
    });
    let t = 1_000_000;
    const crls = await createHttpCrlSource({
      addresses: [{ caPem: root.pem, url: `${server.base}/ca/root.crl` }],
      timeoutMs: 2000,
      maxAgeSeconds: 60,
      now: () => t,
    });
    const ca = { subject: new X509Certificate(root.pem).subject, spkiSha256: 'unused' };

    const first = await crls.getCrl(ca);
    t += 11_000;
    await crls.getCrl(ca);

    expect(first).toMatchObject({ ok: true, fetchedAt: new Date(1_000_000 - 50_000) });
    expect(server.hits).toHaveLength(2);
  });

  it('counts a status list’s ttl from its origin fetch', async () => {
    const iat = Math.floor(Date.now() / 1000);
    let token: Uint8Array = new Uint8Array(0);
    server = await serve((_req, res) => {
      res.setHeader('age', '30');
      res.end(token);
    });
    const uri = `${server.base}/registry/v1/status-lists/1`;
    token = await makeStatusToken(uri, { iat, exp: iat + 3600, ttl: 40 });
    let t = Date.now();
    const start = t;
    const lists = createStatusListFetcher({
      allowed: [`${server.base}/registry/v1/status-lists/`],
      timeoutMs: 2000,
      maxAgeSeconds: 600,
      now: () => t,
    });

    const first = await lists.fetchList(uri);
    t += 11_000;
    await lists.fetchList(uri);

    expect(first).toMatchObject({ ok: true, fetchedAt: new Date(start - 30_000) });
    expect(server.hits).toHaveLength(2);
  });

  it('ignores an Age value that is not delta-seconds', async () => {
    const root = await makeRoot();
    const der = await root.crl(new Date(Date.now() + 3600_000));
    server = await serve((_req, res) => {
      res.setHeader('age', '-5');
      res.end(der);
    });
    const crls = await createHttpCrlSource({
      addresses: [{ caPem: root.pem, url: `${server.base}/ca/root.crl` }],
      timeoutMs: 2000,
      maxAgeSeconds: 60,
      now: () => 1_000_000,
    });
    const ca = { subject: new X509Certificate(root.pem).subject, spkiSha256: 'unused' };

    expect(await crls.getCrl(ca)).toMatchObject({ ok: true, fetchedAt: new Date(1_000_000) });
  });
});

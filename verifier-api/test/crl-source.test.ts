import { afterEach, describe, expect, it } from 'vitest';
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { createHttpCrlSource } from '../src/sources/crl-source';
import { serve, type TestServer } from './support/http';
import { makeRoot } from './support/pki';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function caOf(pem: string) {
  const cert = new X509Certificate(pem);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', cert.publicKey.rawData));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  return { subject: cert.subject, spkiSha256: hex };
}

describe('HTTP CRL source', () => {
  it('fetches the CRL of a CA from its configured address', async () => {
    const root = await makeRoot();
    const der = await root.crl(new Date(Date.now() + 3600_000));
    server = await serve((_req, res) => res.end(der));
    const crls = await createHttpCrlSource({
      addresses: [{ caPem: root.pem, url: `${server.base}/ca/root.crl` }],
      timeoutMs: 2000,
      maxAgeSeconds: 300,
    });
    const got = await crls.getCrl(await caOf(root.pem));
    expect(got.ok && Array.from(got.der)).toEqual(Array.from(der));
  });

  it('reuses a cached CRL within its maximum age', async () => {
    const root = await makeRoot();
    const der = await root.crl(new Date(Date.now() + 3600_000));
    server = await serve((_req, res) => res.end(der));
    let t = 1_000_000;
    const crls = await createHttpCrlSource({
      addresses: [{ caPem: root.pem, url: `${server.base}/ca/root.crl` }],
      timeoutMs: 2000,
      maxAgeSeconds: 60,
      now: () => t,
    });
    const ca = await caOf(root.pem);
    await crls.getCrl(ca);
    t += 59_000;
    await crls.getCrl(ca);
    expect(server.hits).toHaveLength(1);
    t += 2_000;
    await crls.getCrl(ca);
    expect(server.hits).toHaveLength(2);
  });

  it('never keeps a CRL past its own nextUpdate', async () => {
    const root = await makeRoot();
    const der = await root.crl(new Date(Date.now() + 5_000));
    server = await serve((_req, res) => res.end(der));
    let t = Date.now();
    const crls = await createHttpCrlSource({
      addresses: [{ caPem: root.pem, url: `${server.base}/ca/root.crl` }],
      timeoutMs: 2000,
      maxAgeSeconds: 3600,
      now: () => t,
    });
    const ca = await caOf(root.pem);
    await crls.getCrl(ca);
    t += 10_000;
    await crls.getCrl(ca);
    expect(server.hits).toHaveLength(2);
  });

  it('with a maximum age of zero fetches every time', async () => {
    const root = await makeRoot();
    const der = await root.crl(new Date(Date.now() + 3600_000));
    server = await serve((_req, res) => res.end(der));
    const crls = await createHttpCrlSource({
      addresses: [{ caPem: root.pem, url: `${server.base}/ca/root.crl` }],
      timeoutMs: 2000,
      maxAgeSeconds: 0,
    });
    const ca = await caOf(root.pem);
    await crls.getCrl(ca);
    await crls.getCrl(ca);
    expect(server.hits).toHaveLength(2);
  });

  it('answers not ok within the timeout when the CA does not answer', async () => {
    const root = await makeRoot();
    server = await serve(() => undefined);
    const crls = await createHttpCrlSource({
      addresses: [{ caPem: root.pem, url: `${server.base}/ca/root.crl` }],
      timeoutMs: 300,
      maxAgeSeconds: 300,
    });
    const started = Date.now();
    const got = await crls.getCrl(await caOf(root.pem));
    expect(got).toEqual({ ok: false, detail: expect.stringContaining('no answer within 300 ms') });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('does not cache a failed fetch', async () => {
    const root = await makeRoot();
    const der = await root.crl(new Date(Date.now() + 3600_000));
    let up = false;
    server = await serve((_req, res) => {
      if (up) res.end(der);
      else res.writeHead(503).end();
    });
    const crls = await createHttpCrlSource({
      addresses: [{ caPem: root.pem, url: `${server.base}/ca/root.crl` }],
      timeoutMs: 2000,
      maxAgeSeconds: 300,
    });
    const ca = await caOf(root.pem);
    expect((await crls.getCrl(ca)).ok).toBe(false);
    up = true;
    expect((await crls.getCrl(ca)).ok).toBe(true);
  });

  it('has no address for a CA it was not configured with', async () => {
    const root = await makeRoot();
    const other = await makeRoot('CN=Other Root, C=JP');
    const crls = await createHttpCrlSource({
      addresses: [{ caPem: root.pem, url: 'http://127.0.0.1:9/ca/root.crl' }],
      timeoutMs: 300,
      maxAgeSeconds: 300,
    });
    const got = await crls.getCrl(await caOf(other.pem));
    expect(got).toEqual({ ok: false, detail: 'no CRL address is configured for this CA' });
  });
  it('finds an address added after the same CA query object was answered without one', async () => {
    const root = await makeRoot();
    const der = await root.crl(new Date(Date.now() + 3600_000));
    server = await serve((_req, res) => res.end(der));
    const crls = await createHttpCrlSource({ addresses: [], timeoutMs: 2000, maxAgeSeconds: 300 });
    const ca = await caOf(root.pem);
    expect((await crls.getCrl(ca)).ok).toBe(false);
    await crls.addAddress({ caPem: root.pem, url: `${server.base}/ca/root.crl` });
    const got = await crls.getCrl(ca);
    expect(got.ok && Array.from(got.der)).toEqual(Array.from(der));
  });

  it('answers a query object for the CA it names now, not the one it named before', async () => {
    const root = await makeRoot();
    const other = await makeRoot('CN=Other Root, C=JP');
    const crls = await createHttpCrlSource({
      addresses: [{ caPem: root.pem, url: 'http://127.0.0.1:9/ca/root.crl' }],
      timeoutMs: 300,
      maxAgeSeconds: 300,
    });
    const ca = await caOf(other.pem);
    expect(await crls.getCrl(ca)).toEqual({
      ok: false,
      detail: 'no CRL address is configured for this CA',
    });
    Object.assign(ca, await caOf(root.pem));
    const got = await crls.getCrl(ca);
    expect(got).toMatchObject({ ok: false });
    expect(got.ok || got.detail).not.toBe('no CRL address is configured for this CA');
  });

  it('matches a CA by subject name whatever the order and spacing of its RDNs', async () => {
    const root = await makeRoot('CN=Named Root, O=Test, C=JP');
    const der = await root.crl(new Date(Date.now() + 3600_000));
    server = await serve((_req, res) => res.end(der));
    const crls = await createHttpCrlSource({
      addresses: [{ subject: 'C=JP,O=Test ,  CN=Named Root', url: `${server.base}/ca/r.crl` }],
      timeoutMs: 2000,
      maxAgeSeconds: 300,
    });
    const got = await crls.getCrl({ subject: 'CN=Named Root, O=Test, C=JP', spkiSha256: '00' });
    expect(got.ok && Array.from(got.der)).toEqual(Array.from(der));
  });
});

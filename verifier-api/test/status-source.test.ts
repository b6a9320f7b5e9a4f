import { afterEach, describe, expect, it } from 'vitest';
import { createRegistryStatusSource } from '../src/sources/status-source';
import { serve, type TestServer } from './support/http';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function registry(status: string) {
  return serve((req, res) => {
    const id = /\/certificates\/([^/]+)\/status$/.exec(req.url ?? '')?.[1];
    if (id === 'C-UNKNOWN') {
      res.writeHead(404, { 'content-type': 'application/problem+json' });
      res.end(
        JSON.stringify({ type: 'https://dqcv.invalid/problems/certificate-unknown', status: 404 }),
      );
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({ certificateId: decodeURIComponent(id ?? ''), status, updatedAt: 'x' }),
    );
  });
}

const source = (base: string, answerSeconds = 0, timeoutMs = 2000) =>
  createRegistryStatusSource({
    statusUrl: (id) => `${base}/registry/v1/certificates/${encodeURIComponent(id)}/status`,
    timeoutMs,
    answerSeconds,
  });

describe('registry status source', () => {
  it.each([
    ['active', 'valid'],
    ['revoked', 'revoked'],
    ['suspended', 'suspended'],
    ['deleted', 'deleted'],
    ['superseded', 'superseded'],
  ])('maps the registry status %s to %s', async (registryStatus, expected) => {
    server = await registry(registryStatus);
    const got = await source(server.base).getStatus({ certificateId: 'C-1' });
    expect(got).toMatchObject({ ok: true, status: expected, source: 'registry' });
  });

  it('answers certificate_unknown for the registry 404 problem', async () => {
    server = await registry('active');
    const got = await source(server.base).getStatus({ certificateId: 'C-UNKNOWN' });
    expect(got).toEqual({ ok: false, code: 'certificate_unknown' });
  });

  it('answers registry_unavailable within the timeout when the registry is silent', async () => {
    server = await serve(() => undefined);
    const started = Date.now();
    const got = await source(server.base, 0, 300).getStatus({ certificateId: 'C-1' });
    expect(got).toMatchObject({ ok: false, code: 'registry_unavailable' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('answers registry_unavailable when nothing listens', async () => {
    server = await serve(() => undefined);
    const base = server.base;
    await server.close();
    server = undefined;
    const got = await source(base).getStatus({ certificateId: 'C-1' });
    expect(got).toMatchObject({ ok: false, code: 'registry_unavailable' });
  });

  it('answers registry_unavailable for a status it does not know', async () => {
    server = await registry('valid-ish');
    const got = await source(server.base).getStatus({ certificateId: 'C-1' });
    expect(got).toMatchObject({ ok: false, code: 'registry_unavailable' });
  });

  it('answers registry_unavailable for an answer about another certificate', async () => {
    server = await serve((_req, res) =>
      res.end(JSON.stringify({ certificateId: 'C-OTHER', status: 'active' })),
    );
    const got = await source(server.base).getStatus({ certificateId: 'C-1' });
    expect(got).toMatchObject({ ok: false, code: 'registry_unavailable' });
  });

  it('asks every time when the answer time is zero', async () => {
    server = await registry('active');
    const s = source(server.base, 0);
    await s.getStatus({ certificateId: 'C-1' });
    await s.getStatus({ certificateId: 'C-1' });
    expect(server.hits).toHaveLength(2);
  });

  it('reuses an answer for the configured time', async () => {
    server = await registry('active');
    const s = source(server.base, 60);
    await s.getStatus({ certificateId: 'C-1' });
    await s.getStatus({ certificateId: 'C-1' });
    expect(server.hits).toHaveLength(1);
  });

  it('answers certificate_unknown for a record without a certificate id, asking nobody', async () => {
    server = await registry('active');
    const got = await source(server.base).getStatus({});
    expect(got).toEqual({ ok: false, code: 'certificate_unknown' });
    expect(server.hits).toHaveLength(0);
  });
});

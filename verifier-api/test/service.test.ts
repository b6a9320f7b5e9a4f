/** Receipts, keys, the trust bundle, OpenAPI, /docs, headers, CORS, rate limit and logs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWebCryptoBackend,
  decodeCbor,
  decodeSign1,
  sign1Algorithm,
  verifySign1,
} from '@dqcv/shared-cose';
import { RECORD, makeEnv, post, type Env } from './support/env';

let env: Env;
beforeAll(async () => {
  env = await makeEnv({ cors: { origins: ['https://hr.example'] } });
});
afterAll(async () => env?.close());

/** Opens a COSE_Sign1 of the verifier with the JWK published at /v1/keys. */
async function openWithPublishedKey(bytes: Uint8Array) {
  const { keys } = await (await env.app.request('/v1/keys')).json();
  const { kty, crv, x, y } = keys[0];
  const key = await crypto.subtle.importKey(
    'jwk',
    { kty, crv, x, y },
    { name: 'ECDSA', namedCurve: 'P-256' },
    true,
    ['verify'],
  );
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', key));
  const decoded = decodeSign1(bytes);
  if (!decoded.ok) throw new Error(decoded.detail);
  const alg = sign1Algorithm(decoded.sign1, { allowedAlgorithms: ['ES256'] });
  if (!alg.ok) throw new Error(alg.detail);
  const good = await verifySign1(decoded.sign1, {
    alg: alg.alg,
    spki,
    crypto: createWebCryptoBackend(),
  });
  const payload = decodeCbor(decoded.sign1.payload);
  return {
    good: good.ok,
    sign1: decoded.sign1,
    payload: payload.ok ? (payload.value as Map<string, unknown>) : undefined,
  };
}

describe('receipts', () => {
  it('comes with the verdict when asked, signed by the published verifier key', async () => {
    const v = await (await post(env.app, '/v1/verify', { url: env.url(), receipt: true })).json();
    const opened = await openWithPublishedKey(Buffer.from(v.receipt, 'base64url'));
    expect(opened.good).toBe(true);
    expect(opened.sign1.protectedHeader.contentType).toBe('application/dqcv-receipt+cbor');
    expect(opened.payload?.get('certificateId')).toBe('C-0001');
    expect(opened.payload?.get('result')).toBe('valid');
    expect(opened.payload?.get('checkedAt')).toBe(v.checkedAt);
  });

  it('carries no personal data beyond the certificate id', async () => {
    const v = await (await post(env.app, '/v1/verify?receipt=1', { url: env.url() })).json();
    const raw = Buffer.from(v.receipt, 'base64url').toString('latin1');
    for (const value of [RECORD.UN, RECORD.UB, RECORD.RN, RECORD.CN]) {
      expect(raw).not.toContain(Buffer.from(value).toString('latin1'));
    }
  });

  it('is absent unless asked for', async () => {
    const v = await (await post(env.app, '/v1/verify', { url: env.url() })).json();
    expect(v.receipt).toBeUndefined();
  });
});

describe('keys and trust bundle', () => {
  it('publishes the verifier key as a JWK set and a PEM certificate', async () => {
    const body = await (await env.app.request('/v1/keys')).json();
    expect(body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(body.keys[0].d).toBeUndefined();
    expect(body.certificate).toContain('-----BEGIN CERTIFICATE-----');
  });

  it('serves a trust bundle signed by the verifier key with anchors, signers and CRLs', async () => {
    const res = await env.app.request('/v1/trust-bundle');
    expect(res.headers.get('content-type')).toContain('application/cose');
    const opened = await openWithPublishedKey(new Uint8Array(await res.arrayBuffer()));
    expect(opened.good).toBe(true);
    expect(opened.sign1.protectedHeader.contentType).toBe('application/dqcv-trust-bundle+cbor');
    const p = opened.payload!;
    expect(p.get('v')).toBe(1);
    expect((p.get('anchors') as unknown[]).length).toBe(1);
    expect((p.get('signers') as Map<string, unknown>[])[0]?.get('kid')).toBe('X-000001');
    const crls = p.get('crls') as Map<string, unknown>[];
    expect(crls[0]?.get('crl')).toBeInstanceOf(Uint8Array);
    expect(typeof crls[0]?.get('fetchedAt')).toBe('number');
  });
});

describe('OpenAPI and reference page', () => {
  it('publishes an OpenAPI 3.1 document of the routes', async () => {
    const doc = await (await env.app.request('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/verify',
        '/v1/verify/batch',
        '/v1/verify/file',
        '/v1/keys',
        '/v1/trust-bundle',
        '/healthz',
      ]),
    );
    expect(doc.components.schemas.Verdict).toBeDefined();
  });

  it('serves the reference page with scripts only from our origin', async () => {
    const res = await env.app.request('/docs');
    const html = await res.text();
    expect(html).toContain('<script src="/docs/swagger-ui-bundle.js">');
    expect(html).not.toMatch(/src="https?:/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const js = await env.app.request('/docs/swagger-ui-bundle.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('text/javascript');
  });
});

describe('HTTP behaviour', () => {
  it('answers /healthz', async () => {
    expect((await env.app.request('/healthz')).status).toBe(200);
  });

  it('answers an unknown path with a 404 problem document', async () => {
    const res = await env.app.request('/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('allows a configured origin by CORS', async () => {
    const res = await env.app.request('/v1/verify', {
      method: 'OPTIONS',
      headers: { origin: 'https://hr.example', 'access-control-request-method': 'POST' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://hr.example');
  });

  it('does not allow an origin that is not configured', async () => {
    const res = await post(
      env.app,
      '/v1/verify',
      { c: 'AAAA' },
      { origin: 'https://evil.example' },
    );
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('limits each client and says when to retry', async () => {
    const limited = await makeEnv({ rateLimit: { max: 2, windowSeconds: 60 } }, env.pki);
    try {
      const call = () => post(limited.app, '/v1/verify', { c: 'AAAA' });
      expect((await call()).status).toBe(200);
      expect((await call()).status).toBe(200);
      const res = await call();
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await res.json()).type).toBe('https://dqcv.invalid/problems/rate-limited');
    } finally {
      await limited.registry.close();
    }
  });

  it('logs requests as JSON lines without credential contents or query strings', async () => {
    const url = env.url();
    const c = new URL(url).searchParams.get('c')!;
    await post(env.app, '/v1/verify', { url });
    await env.app.request(`/w/?c=${c}`);
    const lines = env.logs.map((l) => JSON.parse(l));
    expect(lines.some((l) => l.event === 'request' && l.path === '/w/')).toBe(true);
    const all = env.logs.join('\n');
    for (const secret of [c.slice(0, 40), RECORD.UN, RECORD.UB, RECORD.RN]) {
      expect(all).not.toContain(secret);
    }
  });
});

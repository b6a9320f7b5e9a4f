/**
 * Hostile HTTP input against the `npm start` host. First a fuzz (fast-check) over every
 * operation of the two OpenAPI documents the host serves (/openapi.json, /registry/openapi.json)
 * with bodies shaped like their schemas and bodies of any JSON; then what no schema describes:
 * wrong media types, bodies past the limit (declared and chunked), deep JSON, huge strings,
 * bytes that are not UTF-8, duplicate members, a batch past its limit, a stalled client.
 * Every answer must come within the deadline, never be a 5xx, and every 4xx must be an RFC 9457
 * problem document. Each request comes from its own loopback address, so that the rate limit
 * (on, at its default) never hides an answer.
 */
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, demoUrl, startHost, type Host } from '../reliability/support/host';
import { anyJson, operations, pathParam, shapedLike, type Operation } from './support/openapi';
import { freshClient, isProblem, send, type Sent } from './support/send';

const RUNS_PER_OPERATION = 25;
const JSON_LIMIT = 64 * 1024;

let host: Host;
let docs: { verifier: Record<string, unknown>; registry: Record<string, unknown> };

beforeAll(async () => {
  host = await startHost();
  const get = async (path: string) =>
    (await (await fetch(`${host.base}${path}`)).json()) as Record<string, unknown>;
  docs = { verifier: await get('/openapi.json'), registry: await get('/registry/openapi.json') };
}, 180_000);

afterAll(async () => {
  await host?.dispose();
});

/** The answer is within the deadline (send rejects otherwise), not 5xx, and a 4xx is a problem. */
function expectSafe(r: Sent, what: string): void {
  expect(r.status, `${what}: HTTP ${r.status} ${r.text.slice(0, 200)}`).toBeLessThan(500);
  if (r.status >= 400 && r.status !== 404 && r.status !== 431) {
    expect(isProblem(r), `${what}: not a problem document: ${r.text.slice(0, 200)}`).toBe(true);
  }
}

function post(path: string, body: string | Uint8Array, headers: Record<string, string> = {}) {
  return send(host.base, {
    method: 'POST',
    path,
    body,
    headers: { 'content-type': 'application/json', ...headers },
    localAddress: freshClient(),
  });
}

function fillPath(op: Operation, values: string[]): string {
  let i = 0;
  return op.path.replace(/\{[^}]+\}/g, () => values[i++] ?? 'x');
}

describe('fuzz over the OpenAPI documents', () => {
  it('finds operations in both documents', () => {
    const all = [...operations(docs.verifier), ...operations(docs.registry)];
    expect(all.some((o) => o.path === '/v1/verify')).toBe(true);
    expect(all.some((o) => o.path.startsWith('/registry/admin/'))).toBe(true);
  });

  for (const which of ['verifier', 'registry'] as const) {
    it(`answers every ${which} operation with schema-shaped and arbitrary bodies without a 5xx`, async () => {
      const doc = docs[which];
      for (const op of operations(doc)) {
        const auth: Record<string, string> = op.secured
          ? { authorization: `Bearer ${ADMIN_TOKEN}` }
          : {};
        const jsonSchema = op.body['application/json'];
        const body =
          jsonSchema === undefined
            ? fc.constant(undefined)
            : fc.oneof(shapedLike(doc, jsonSchema), anyJson);
        await fc.assert(
          fc.asyncProperty(
            fc.array(pathParam, { minLength: op.params.length, maxLength: op.params.length }),
            body,
            async (params, value) => {
              const r = await send(host.base, {
                method: op.method,
                path: fillPath(op, params),
                headers: { 'content-type': 'application/json', ...auth },
                body: value === undefined ? undefined : JSON.stringify(value),
                localAddress: freshClient(),
              });
              expectSafe(r, `${op.method} ${op.path}`);
            },
          ),
          { numRuns: RUNS_PER_OPERATION, endOnFailure: true },
        );
      }
    }, 180_000);
  }

  it('answers uploads of arbitrary bytes without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        const form = new FormData();
        form.append('file', new Blob([bytes]), 'upload.png');
        const encoded = new Response(form);
        const r = await send(host.base, {
          method: 'POST',
          path: '/v1/verify/file',
          headers: { 'content-type': encoded.headers.get('content-type') ?? '' },
          body: new Uint8Array(await encoded.arrayBuffer()),
          localAddress: freshClient(),
        });
        expectSafe(r, 'upload');
      }),
      { numRuns: 20, endOnFailure: true },
    );
  }, 120_000);
});

describe('hostile input beyond the schemas', () => {
  it.each([
    ['text/plain'],
    ['application/x-www-form-urlencoded'],
    ['multipart/form-data; boundary=x'],
    ['application/xml'],
  ])('refuses a verify body sent as %s with a 4xx problem', async (type) => {
    const r = await post('/v1/verify', JSON.stringify({ url: demoUrl(host, 'valid (PS256') }), {
      'content-type': type,
    });
    expectSafe(r, type);
    expect(r.status).toBeGreaterThanOrEqual(400);
  });

  it('refuses a verify body without a content type with a 4xx problem', async () => {
    const r = await send(host.base, {
      method: 'POST',
      path: '/v1/verify',
      body: '{"c":"AAAA"}',
      localAddress: freshClient(),
    });
    expectSafe(r, 'no content type');
    expect(r.status).toBeGreaterThanOrEqual(400);
  });

  it('refuses a body one byte past the limit with 413 too-large', async () => {
    const r = await post('/v1/verify', JSON.stringify({ c: 'A'.repeat(JSON_LIMIT) }));
    expect(r.status).toBe(413);
    expect(isProblem(r)).toBe(true);
    expect(JSON.parse(r.text).type).toMatch(/\/too-large$/);
  });

  it('refuses a chunked body past the limit (no Content-Length) with 413', async () => {
    const r = await send(host.base, {
      method: 'POST',
      // /v1/verify has the plain JSON limit; the batch route allows batchMaxItems QR texts.
      path: '/v1/verify',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ c: 'A'.repeat(4 * JSON_LIMIT) }),
      chunked: true,
      localAddress: freshClient(),
    });
    expect(r.status).toBe(413);
    expect(isProblem(r)).toBe(true);
  });

  it('refuses a chunked batch body past the batch limit with 413', async () => {
    const r = await send(host.base, {
      method: 'POST',
      path: '/v1/verify/batch',
      headers: { 'content-type': 'application/json' },
      // Past batchMaxItems × (8,192 + 64) bytes at the default of 100 items.
      body: JSON.stringify({ items: [{ c: 'A'.repeat(1024 * 1024) }] }),
      chunked: true,
      localAddress: freshClient(),
    });
    expect(r.status).toBe(413);
    expect(isProblem(r)).toBe(true);
  });

  it('refuses an admin body past the registry limit with 413', async () => {
    const r = await post(
      '/registry/admin/v1/issue',
      JSON.stringify({ holderName: 'x'.repeat(32 * 1024) }),
      { authorization: `Bearer ${ADMIN_TOKEN}` },
    );
    expect(r.status).toBe(413);
    expect(isProblem(r)).toBe(true);
  });

  it('answers deeply nested JSON with a 4xx problem, not a stack overflow', async () => {
    const depth = 20_000;
    for (const [path, headers] of [
      ['/v1/verify', {}],
      ['/v1/verify/batch', {}],
      ['/registry/admin/v1/issue', { authorization: `Bearer ${ADMIN_TOKEN}` }],
    ] as const) {
      const limit = path.startsWith('/registry') ? 7000 : depth;
      const r = await post(path, `{"url":${'['.repeat(limit)}${']'.repeat(limit)}}`, headers);
      expectSafe(r, `deep JSON to ${path}`);
      expect(r.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('answers a huge QR text inside the body limit with a problem or an invalid verdict', async () => {
    const url = `${host.base}/w/?c=${'A'.repeat(60_000)}`;
    const r = await post('/v1/verify', JSON.stringify({ url }));
    expectSafe(r, 'huge QR text');
    if (r.status === 200) {
      expect(JSON.parse(r.text)).toMatchObject({
        result: 'invalid',
        reasons: [{ code: 'malformed' }],
      });
    } else {
      expect(JSON.parse(r.text).type).toMatch(/\/invalid-request$/);
    }
  });

  it('answers a JSON body declared as UTF-16 without a 5xx', async () => {
    const r = await post('/v1/verify', JSON.stringify({ c: 'AAAA' }), {
      'content-type': 'application/json; charset=utf-16',
    });
    expectSafe(r, 'charset=utf-16');
    if (r.status === 200) expect(JSON.parse(r.text).result).toBe('invalid');
  });

  it('answers bytes that are not UTF-8 without a 5xx, and never valid', async () => {
    const c = new URL(demoUrl(host, 'valid (PS256')).searchParams.get('c') ?? '';
    const bytes = Buffer.concat([
      Buffer.from(`{"c":"${c.slice(0, 40)}`),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}'),
    ]);
    const r = await post('/v1/verify', bytes);
    expectSafe(r, 'invalid UTF-8');
    if (r.status === 200) expect(JSON.parse(r.text).result).not.toBe('valid');
  });

  it('answers duplicate members and prototype keys without a 5xx', async () => {
    const valid = demoUrl(host, 'valid (PS256');
    for (const body of [
      `{"url":"garbage","url":${JSON.stringify(valid)}}`,
      `{"url":${JSON.stringify(valid)},"c":"AAAA"}`,
      `{"__proto__":{"url":${JSON.stringify(valid)}}}`,
      `{"constructor":{"prototype":{"result":"valid"}},"c":"AAAA"}`,
      `{"items":[{"c":"AAAA"}],"items":"x"}`,
    ]) {
      const r = await post(body.includes('items') ? '/v1/verify/batch' : '/v1/verify', body);
      expectSafe(r, body.slice(0, 40));
    }
  });

  it('refuses a batch past its limit with a 4xx batch-too-long problem', async () => {
    const items = Array.from({ length: 101 }, () => ({ c: 'AAAA' }));
    const r = await post('/v1/verify/batch', JSON.stringify({ items }));
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(JSON.parse(r.text).type).toMatch(/\/batch-too-long$/);
  });

  it('answers other clients while one client stalls in the middle of its request', async () => {
    const stalled = connect(host.port, '127.0.0.1');
    await new Promise<void>((ok) => stalled.once('connect', () => ok()));
    stalled.write(
      'POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"c":',
    );
    try {
      const r = await post('/v1/verify', JSON.stringify({ url: demoUrl(host, 'valid (ES256') }));
      expect(r.status).toBe(200);
      expect(r.ms).toBeLessThan(5000);
    } finally {
      stalled.destroy();
    }
  });

  it.each([
    ['a page with bad percent-encoding', '/w/?c=%ff%fe'],
    ['a page with a long c', `/w/?c=${'A'.repeat(6000)}`],
    ['a certificate id with bad percent-encoding', '/registry/v1/certificates/%ff/status'],
    ['a status list id past 2^64', '/registry/v1/status-lists/99999999999999999999'],
    ['a dot-dot path into the admin API', '/v1/../registry/admin/v1/issue'],
    ['an encoded dot-dot path', '/%2e%2e/%2e%2e/etc/passwd'],
  ])('answers GET of %s without a 5xx', async (_name, path) => {
    const r = await send(host.base, { path, localAddress: freshClient() });
    expect(r.status).toBeLessThan(500);
  });
});

/**
 * Access control of the `npm start` host: the admin token on every admin route, the rate limit,
 * the security headers of the page and the API, CORS only for the configured origin, and no
 * outbound request to any address the host was not configured with (SSRF), whatever a
 * credential or a certificate says. The host checks status with the signed status list, so that
 * a credential's own status-list reference is the thing an attacker controls.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, demoUrl, startHost, type Host } from '../reliability/support/host';
import { certificateLure, statusListLure } from './support/lure';
import { operations } from './support/openapi';
import { freshClient, isProblem, send } from './support/send';

const RATE_LIMIT = 20;
const ALLOWED_ORIGIN = 'https://hr.example';

let host: Host;
let canary: Server;
let canaryBase: string;
const canaryHits: string[] = [];

beforeAll(async () => {
  canary = createServer((req, res) => {
    canaryHits.push(`${req.method} ${req.url}`);
    res.writeHead(200).end();
  });
  await new Promise<void>((ok) => canary.listen(0, '127.0.0.1', ok));
  canaryBase = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
  host = await startHost({
    env: {
      DQCV_STATUS_MODE: 'status_list',
      DQCV_RATE_LIMIT_MAX: String(RATE_LIMIT),
      DQCV_RATE_LIMIT_WINDOW_SECONDS: '60',
      DQCV_CORS_ORIGINS: ALLOWED_ORIGIN,
    },
  });
}, 180_000);

afterAll(async () => {
  await host?.dispose();
  canary?.closeAllConnections();
  await new Promise<void>((ok) => (canary ? canary.close(() => ok()) : ok()));
});

function verify(body: unknown, headers: Record<string, string> = {}) {
  return send(host.base, {
    method: 'POST',
    path: '/v1/verify',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    localAddress: freshClient(),
  });
}

describe('admin token', () => {
  const wrong: [string, (token: string) => Record<string, string>][] = [
    ['no Authorization header', () => ({})],
    ['a wrong token', () => ({ authorization: 'Bearer not-the-token' })],
    ['the token with one more character', (t) => ({ authorization: `Bearer ${t}x` })],
    [
      'the token without its last character',
      (t) => ({ authorization: `Bearer ${t.slice(0, -1)}` }),
    ],
    ['the token under the Basic scheme', (t) => ({ authorization: `Basic ${btoa(`admin:${t}`)}` })],
    ['an empty Bearer', () => ({ authorization: 'Bearer ' })],
  ];

  it.each(wrong)('refuses every admin route with %s (401 problem)', async (_name, header) => {
    const doc = (await (await fetch(`${host.base}/registry/openapi.json`)).json()) as Record<
      string,
      unknown
    >;
    const admin = operations(doc).filter((o) => o.path.startsWith('/registry/admin/'));
    expect(admin.length).toBeGreaterThanOrEqual(7);
    for (const op of admin) {
      const path = op.path
        .replace('{registrationId}', '00000000-0000-4000-8000-000000000000')
        .replace('{certificateId}', '1000000000000001')
        .replace('{kid}', 'D-000001');
      const r = await send(host.base, {
        method: op.method,
        path,
        headers: { 'content-type': 'application/json', ...header(ADMIN_TOKEN) },
        body: op.method === 'GET' ? undefined : '{"status":"revoked","alg":"ES256"}',
        localAddress: freshClient(),
      });
      expect(r.status, `${op.method} ${op.path}`).toBe(401);
      expect(isProblem(r)).toBe(true);
    }
  });

  it('does not take the token from the query string', async () => {
    const r = await send(host.base, {
      path: `/registry/admin/v1/certificates/1000000000000001?access_token=${ADMIN_TOKEN}`,
      localAddress: freshClient(),
    });
    expect(r.status).toBe(401);
  });

  it('refuses a status change without the token and leaves the status as it was', async () => {
    const url = demoUrl(host, 'valid (PS256');
    const before = JSON.parse((await verify({ url })).text);
    expect(before.result).toBe('valid');
    const id = before.credential.certificateId as string;
    const r = await send(host.base, {
      method: 'POST',
      path: `/registry/admin/v1/certificates/${id}/status`,
      headers: { 'content-type': 'application/json' },
      body: '{"status":"revoked"}',
      localAddress: freshClient(),
    });
    expect(r.status).toBe(401);
    expect(JSON.parse((await verify({ url })).text).result).toBe('valid');
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once a client used up its window, and only that client', async () => {
    const client = '127.0.0.2';
    const body = JSON.stringify({ c: 'AAAA' });
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT; i++) {
      const r = await send(host.base, {
        method: 'POST',
        path: '/v1/verify',
        headers: { 'content-type': 'application/json' },
        body,
        localAddress: client,
      });
      statuses.push(r.status);
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    const limited = await send(host.base, {
      method: 'POST',
      path: '/v1/verify',
      headers: { 'content-type': 'application/json' },
      body,
      localAddress: client,
    });
    expect(limited.status).toBe(429);
    expect(isProblem(limited)).toBe(true);
    expect(JSON.parse(limited.text).type).toMatch(/\/rate-limited$/);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);

    const other = await send(host.base, {
      method: 'POST',
      path: '/v1/verify',
      headers: { 'content-type': 'application/json' },
      body,
      localAddress: freshClient(),
    });
    expect(other.status).toBe(200);
  });

  it('limits the human page /w/ as well', async () => {
    const client = '127.0.0.3';
    const path =
      new URL(demoUrl(host, 'valid (ES256')).pathname +
      new URL(demoUrl(host, 'valid (ES256')).search;
    for (let i = 0; i < RATE_LIMIT; i++) await send(host.base, { path, localAddress: client });
    const limited = await send(host.base, { path, localAddress: client });
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
  });
});

describe('security headers', () => {
  function directives(csp: string | undefined): Map<string, string> {
    return new Map(
      (csp ?? '')
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => [d.split(/\s+/)[0] as string, d.slice(d.indexOf(' ') + 1)]),
    );
  }

  it.each([
    ['a valid certificate', () => demoUrl(host, 'valid (PS256')],
    ['a garbage c', () => `${host.base}/w/?c=%3Cscript%3E`],
  ])('sends the page of %s with a strict CSP and the usual headers', async (_name, url) => {
    const u = new URL(url());
    const r = await send(host.base, { path: u.pathname + u.search, localAddress: freshClient() });
    expect(r.status).toBe(200);
    const csp = directives(r.headers['content-security-policy'] as string);
    expect(csp.get('default-src')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    // No script may run on the page: no script-src at all, so default-src 'none' applies.
    expect(csp.has('script-src')).toBe(false);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.text).not.toContain('<script>');
  });

  it('sends API answers with default-src none, nosniff and no-store', async () => {
    const r = await verify({ c: 'AAAA' });
    expect(directives(r.headers['content-security-policy'] as string).get('default-src')).toBe(
      "'none'",
    );
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('lets /docs run only scripts from its own origin', async () => {
    const r = await send(host.base, { path: '/docs', localAddress: freshClient() });
    const scripts =
      directives(r.headers['content-security-policy'] as string).get('script-src') ?? '';
    expect(scripts).toBe("'self'");
  });
});

describe('CORS', () => {
  function preflight(origin: string, path = '/v1/verify') {
    return send(host.base, {
      method: 'OPTIONS',
      path,
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
      localAddress: freshClient(),
    });
  }

  it('allows the configured origin', async () => {
    const r = await preflight(ALLOWED_ORIGIN);
    expect(r.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
  });

  it('allows no other origin, in a preflight or an actual request', async () => {
    expect(
      (await preflight('https://evil.example')).headers['access-control-allow-origin'],
    ).toBeUndefined();
    const r = await verify({ c: 'AAAA' }, { origin: 'https://evil.example' });
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('opens no admin route to another origin', async () => {
    const r = await preflight(ALLOWED_ORIGIN, '/registry/admin/v1/issue');
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(r.headers['access-control-allow-credentials']).toBeUndefined();
  });
});

describe('outbound requests (SSRF)', () => {
  it('never fetches a status list from the address a credential names', async () => {
    const url = await statusListLure(host.dataDir, host.base, `${canaryBase}/status-lists/1`);
    const verdict = JSON.parse((await verify({ url })).text);
    expect(verdict.result).toBe('indeterminate');
    expect(verdict.reasons.map((r: { code: string }) => r.code)).toContain('registry_unavailable');
    const u = new URL(url);
    await send(host.base, { path: u.pathname + u.search, localAddress: freshClient() });
    await verifyBatch([{ url }, { url }]);
    expect(canaryHits).toEqual([]);
  });

  it("never fetches the CRL or issuer named in a signer certificate's extensions", async () => {
    const statusUri = `${host.base}/registry/v1/status-lists/1`;
    const url = await certificateLure(host.dataDir, host.base, canaryBase, statusUri);
    const verdict = JSON.parse((await verify({ url })).text) as {
      checks: { name: string; status: string }[];
    };
    // The lure reached the revocation check: the signer chained to the root, and its
    // revocation was decided from the configured CRL address alone.
    const status = (name: string) => verdict.checks.find((c) => c.name === name)?.status;
    expect(status('signer_certificate')).toBe('pass');
    expect(status('signer_revocation')).toBe('pass');
    expect(canaryHits).toEqual([]);
  });

  it('never fetches a credential URL of another host', async () => {
    const c = new URL(demoUrl(host, 'valid (PS256')).searchParams.get('c');
    const verdict = JSON.parse((await verify({ url: `${canaryBase}/w/?c=${c}` })).text);
    expect(verdict.reasons[0].code).toBe('not_a_credential_url');
    expect(canaryHits).toEqual([]);
  });
});

async function verifyBatch(items: unknown[]) {
  return send(host.base, {
    method: 'POST',
    path: '/v1/verify/batch',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ items }),
    localAddress: freshClient(),
  });
}

/**
 * The scanner app under /app/ sends a strict CSP and the usual security headers, and a path with
 * bad percent-encoding is a 4xx, not a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type Host } from '../reliability/support/host';
import { freshClient, send } from './support/send';

let host: Host;

beforeAll(async () => {
  host = await startHost();
}, 180_000);

afterAll(async () => {
  await host?.dispose();
});

describe('scanner app /app/', () => {
  it.each([['/app/'], ['/app/index.html'], ['/app/config.json'], ['/app/sw.js']])(
    'sends %s with a CSP that allows no inline or foreign script, and the usual headers',
    async (path) => {
      const r = await send(host.base, { path, localAddress: freshClient() });
      const csp = String(r.headers['content-security-policy'] ?? '');
      expect(csp).toMatch(/default-src 'self'|default-src 'none'/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*/);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
    },
  );

  it('lets only its own origin use the camera, and no page frame it', async () => {
    const r = await send(host.base, { path: '/app/', localAddress: freshClient() });
    expect(r.headers['permissions-policy']).toMatch(/camera=\(self\)/);
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(String(r.headers['content-security-policy'])).toMatch(
      /script-src 'self' 'wasm-unsafe-eval'/,
    );
  });

  it('sends the same headers with a 404', async () => {
    const r = await send(host.base, { path: '/app/no-such.js', localAddress: freshClient() });
    expect(r.status).toBe(404);
    expect(String(r.headers['content-security-policy'])).toMatch(/frame-ancestors 'none'/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers a path with bad percent-encoding with a 4xx, not a 500', async () => {
    const r = await send(host.base, { path: '/app/%ff', localAddress: freshClient() });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
  });
});

describe('registry answers', () => {
  it('carry nosniff like the verifier answers', async () => {
    const r = await send(host.base, {
      path: '/registry/v1/trust-list',
      localAddress: freshClient(),
    });
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });
});

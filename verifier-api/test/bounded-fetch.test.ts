import { afterEach, describe, expect, it } from 'vitest';
import { boundedFetch } from '../src/sources/fetch';
import { serve, type TestServer } from './support/http';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('boundedFetch: redirects', () => {
  it.each([301, 302, 303, 307, 308])('refuses an HTTP %i and never follows it', async (code) => {
    server = await serve((req, res) => {
      if (req.url === '/elsewhere') return void res.end('followed');
      res.writeHead(code, { location: '/elsewhere' });
      res.end();
    });

    const r = await boundedFetch(`${server.base}/ca/root.crl`, { timeoutMs: 2000 });

    expect(r).toEqual({ ok: false, detail: `redirect refused (HTTP ${code})` });
    expect(server.hits).toEqual(['/ca/root.crl']);
  });

  it('asks the runtime not to follow (manual), which workerd also accepts', async () => {
    let seen: RequestInit | undefined;
    const spy = async (_url: string, init?: RequestInit) => {
      seen = init;
      return new Response('ok');
    };

    const r = await boundedFetch('http://127.0.0.1:1/x', { timeoutMs: 2000, fetch: spy });

    expect(r.ok).toBe(true);
    expect(seen?.redirect).toBe('manual');
  });
});

/**
 * The verifier app behind @hono/node-server on a real socket, as the Node host serves it: body
 * limits with and without Content-Length, CORS on answers and preflights, and JSON answers
 * written whole with their length (never re-wrapped as a stream by a middleware).
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP } from '../src/http/security';
import { makeEnv, type Env } from './support/env';

const ORIGIN = 'https://hr.example';

let env: Env;
let server: ServerType;
let port: number;
beforeAll(async () => {
  env = await makeEnv({ cors: { origins: [ORIGIN] } });
  server = await new Promise<ServerType>((ok) => {
    const s = serve({ fetch: env.app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((ok) => server?.close(ok));
  await env?.close();
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Sends a request; a body given as chunks goes out with Transfer-Encoding: chunked and no
 * Content-Length, a string with its Content-Length.
 */
function send(
  method: string,
  path: string,
  body: string | string[] | undefined,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const length =
      typeof body === 'string' ? { 'content-length': String(Buffer.byteLength(body)) } : {};
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: { ...length, ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
      },
    );
    req.on('error', reject);
    for (const chunk of typeof body === 'string' ? [body] : (body ?? [])) req.write(chunk);
    req.end();
  });
}

const json = { 'content-type': 'application/json' };

function expectProblem(answer: Answer, status: number, kind: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toContain('application/problem+json');
  expect(JSON.parse(answer.body).type).toBe(`https://dqcv.invalid/problems/${kind}`);
}

describe('body limit on a socket', () => {
  it('refuses a declared Content-Length over the limit with 413 too-large', async () => {
    const body = JSON.stringify({ c: 'A'.repeat(env.config.limits.jsonBytes) });
    expectProblem(await send('POST', '/v1/verify', body, json), 413, 'too-large');
  });

  it('refuses a chunked body over the limit with 413 too-large', async () => {
    const chunk = 'A'.repeat(16 * 1024);
    const chunks = ['{"c":"', ...Array.from({ length: 5 }, () => chunk), '"}'];
    const answer = await send('POST', '/v1/verify', chunks, json);
    expectProblem(answer, 413, 'too-large');
  });

  it('verifies a chunked body under the limit', async () => {
    const body = JSON.stringify({ url: env.url() });
    const chunks = [body.slice(0, 10), body.slice(10, 200), body.slice(200)];
    const answer = await send('POST', '/v1/verify', chunks, json);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).result).toBe('valid');
  });

  it('answers a body that is not JSON with 400 not-json', async () => {
    expectProblem(await send('POST', '/v1/verify', '{"url": ', json), 400, 'not-json');
  });
});

describe('answers on a socket', () => {
  it('writes a verdict whole, with Content-Length and not chunked', async () => {
    const answer = await send('POST', '/v1/verify', JSON.stringify({ url: env.url() }), {
      ...json,
      origin: ORIGIN,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['transfer-encoding']).toBeUndefined();
    expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
  });

  it('carries the security headers and the API CSP', async () => {
    const answer = await send('POST', '/v1/verify', JSON.stringify({ c: 'AAAA' }), json);
    expect(answer.headers['content-security-policy']).toBe(CSP.api);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
    expect(answer.headers['cache-control']).toBe('no-store');
  });
});

describe('CORS on a socket', () => {
  it('lets a configured origin read an answer, varying by Origin', async () => {
    const answer = await send('POST', '/v1/verify', JSON.stringify({ c: 'AAAA' }), {
      ...json,
      origin: ORIGIN,
    });
    expect(answer.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(answer.headers['vary']).toBe('Origin');
  });

  it('gives another origin no Access-Control-Allow-Origin, still varying by Origin', async () => {
    const answer = await send('POST', '/v1/verify', JSON.stringify({ c: 'AAAA' }), {
      ...json,
      origin: 'https://evil.example',
    });
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    expect(answer.headers['vary']).toBe('Origin');
  });

  it('lets a configured origin read a problem document', async () => {
    const answer = await send('POST', '/v1/verify', '{"url": ', { ...json, origin: ORIGIN });
    expectProblem(answer, 400, 'not-json');
    expect(answer.headers['access-control-allow-origin']).toBe(ORIGIN);
  });

  it('answers a preflight of a configured origin with the allowed methods and headers', async () => {
    const answer = await send('OPTIONS', '/v1/verify', undefined, {
      origin: ORIGIN,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    });
    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(answer.headers['access-control-allow-methods']).toBe('GET,POST');
    expect(answer.headers['access-control-allow-headers']).toBe('Content-Type,Accept-Language');
    expect(answer.headers['access-control-max-age']).toBe('600');
  });

  it('answers a preflight of another origin without Access-Control-Allow-Origin', async () => {
    const answer = await send('OPTIONS', '/v1/verify', undefined, {
      origin: 'https://evil.example',
      'access-control-request-method': 'POST',
    });
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });
});

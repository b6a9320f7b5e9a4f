/**
 * Raw HTTP requests with node:http, for what fetch will not send: bytes that are not UTF-8,
 * chosen Content-Length or chunked bodies, and a chosen source address on the loopback network
 * (each 127.x.y.z is its own client for the rate limit).
 */
import { request, type IncomingHttpHeaders } from 'node:http';

export interface SendOptions {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Send the body in chunks without a Content-Length (Transfer-Encoding: chunked). */
  chunked?: boolean;
  localAddress?: string;
  timeoutMs?: number;
}

export interface Sent {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  ms: number;
}

/**
 * Sends one request and reads the whole answer; rejects when none comes within the deadline
 * (a hang is a failure, never a wait).
 *
 * @example
 * const r = await send(base, { method: 'POST', path: '/v1/verify', body: '{}' });
 */
export function send(base: string, opts: SendOptions): Promise<Sent> {
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return new Promise((ok, fail) => {
    const headers: Record<string, string> = { ...opts.headers };
    const body = typeof opts.body === 'string' ? Buffer.from(opts.body) : opts.body;
    if (body !== undefined && !opts.chunked) headers['content-length'] = String(body.length);
    const req = request(new URL(opts.path, base), {
      method: opts.method ?? 'GET',
      headers,
      localAddress: opts.localAddress,
      timeout: timeoutMs,
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', fail);
      res.on('end', () =>
        ok({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
          ms: Date.now() - started,
        }),
      );
    });
    if (body !== undefined && opts.chunked) {
      for (let at = 0; at < body.length; at += 8192) req.write(body.subarray(at, at + 8192));
    } else if (body !== undefined) {
      req.write(body);
    }
    req.end();
  });
}

let next = 0;

/** A loopback source address used by no other request of this process (127.77.x.y). */
export function freshClient(): string {
  next += 1;
  return `127.77.${(next >> 8) & 255}.${next & 255 || 1}`;
}

/** Whether an answer is an RFC 9457 problem document whose status matches the HTTP status. */
export function isProblem(r: Sent): boolean {
  if (!String(r.headers['content-type']).startsWith('application/problem+json')) return false;
  try {
    const doc = JSON.parse(r.text) as { type?: unknown; title?: unknown; status?: unknown };
    return typeof doc.type === 'string' && typeof doc.title === 'string' && doc.status === r.status;
  } catch {
    return false;
  }
}

/**
 * A request body limit that costs nothing when the client declares the length. Hono's
 * `bodyLimit` first reads `c.req.raw.body`; on @hono/node-server that one property turns the
 * lightweight request into a full WHATWG Request with a web stream over the socket (about a
 * third of a small POST's cost), and `c.req.json()` then reads through that stream instead of
 * straight from the socket. A declared Content-Length without Transfer-Encoding is the length
 * of the body (RFC 9112 §6.3: Node's parser reads exactly that many bytes and refuses a message
 * with both), so it is checked from the header alone; anything else, chunked bodies included,
 * goes through Hono's `bodyLimit`, which counts the bytes as they arrive.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';

export interface BodyLimitOptions {
  /** Largest accepted body, in bytes. */
  maxSize: number;
  /** The answer for a body over the limit (a 413 problem document). */
  onError: (c: Context) => Response | Promise<Response>;
}

const DIGITS = /^\d+$/;

/**
 * Refuses a request body over `maxSize` bytes with `onError`.
 *
 * @example
 * app.use('/v1/verify', bodyLimit({ maxSize: 65536, onError: (c) => problemResponse(c, 'too-large') }));
 */
export function bodyLimit(opts: BodyLimitOptions): MiddlewareHandler {
  const streamed = honoBodyLimit(opts);
  return async function bodyLimit(c, next) {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const declared = c.req.header('content-length');
    if (declared !== undefined && DIGITS.test(declared) && !c.req.header('transfer-encoding')) {
      return Number(declared) > opts.maxSize ? opts.onError(c) : next();
    }
    return streamed(c, next);
  };
}

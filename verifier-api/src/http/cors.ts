/**
 * CORS for the API. Preflights (OPTIONS) are answered by Hono's `cors`. On the actual request
 * Hono's `cors` appends `Vary: Origin` with `c.header()` after the handler has answered, and on
 * a finished answer `c.header()` rebuilds the Response around its body as a stream: on
 * @hono/node-server that turns every API answer from a string written at once into a web
 * stream piped to the socket. Here the same two headers (Fetch standard §3.2.3, "CORS
 * protocol") are set on the finished answer's own Headers instead.
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

export interface CorsOptions {
  /** Origins allowed to read answers; any other origin gets no Access-Control-Allow-Origin. */
  origins: readonly string[];
  allowMethods: string[];
  allowHeaders: string[];
  /** How long a browser may cache a preflight answer, in seconds. */
  maxAge: number;
}

/**
 * CORS headers for the configured origins.
 *
 * @example
 * app.use('/v1/*', corsHeaders({
 *   origins: ['https://hr.example'], allowMethods: ['POST'], allowHeaders: ['Content-Type'],
 *   maxAge: 600,
 * }));
 */
export function corsHeaders(opts: CorsOptions): MiddlewareHandler {
  const allowed = new Set(opts.origins);
  const preflight = cors({
    origin: [...opts.origins],
    allowMethods: opts.allowMethods,
    allowHeaders: opts.allowHeaders,
    maxAge: opts.maxAge,
  });
  return async function corsHeaders(c, next) {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    await next();
    const h = c.res.headers;
    const origin = c.req.header('origin');
    if (origin !== undefined && allowed.has(origin)) h.set('Access-Control-Allow-Origin', origin);
    // The answer differs by Origin, so a shared cache must key on it.
    h.append('Vary', 'Origin');
  };
}

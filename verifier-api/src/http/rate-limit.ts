/**
 * A fixed-window rate limit per client, kept in memory. One process (or one Worker isolate)
 * counts its own clients; a deployment across many instances adds its platform's limiter.
 */
import type { MiddlewareHandler } from 'hono';
import { problemResponse } from './problem';

export interface RateLimitOptions {
  /** Requests per window per client; 0 disables the limit. */
  max: number;
  windowSeconds: number;
  /** The client key (an address); requests without one share a bucket. */
  clientKey: (c: Parameters<MiddlewareHandler>[0]) => string | undefined;
  now?: () => number;
}

/**
 * Answers 429 with Retry-After (RFC 9110 §10.2.3) once a client used up its window.
 *
 * @example
 * app.use('/v1/*', rateLimit({ max: 120, windowSeconds: 60, clientKey: (c) => c.req.header('x-client') }));
 */
export function rateLimit(opts: RateLimitOptions): MiddlewareHandler {
  const now = opts.now ?? Date.now;
  const windowMs = opts.windowSeconds * 1000;
  const buckets = new Map<string, { start: number; count: number }>();

  return async (c, next) => {
    if (opts.max === 0) return next();
    const t = now();
    const key = opts.clientKey(c) ?? 'unknown';
    let bucket = buckets.get(key);
    if (bucket === undefined || t - bucket.start >= windowMs) {
      if (buckets.size > 10_000) {
        for (const [k, b] of buckets) if (t - b.start >= windowMs) buckets.delete(k);
      }
      bucket = { start: t, count: 0 };
      buckets.set(key, bucket);
    }
    bucket.count += 1;
    if (bucket.count > opts.max) {
      const retryAfter = Math.max(1, Math.ceil((bucket.start + windowMs - t) / 1000));
      c.header('Retry-After', String(retryAfter));
      return problemResponse(
        c,
        'rate-limited',
        `at most ${opts.max} requests per ${opts.windowSeconds} s`,
      );
    }
    return next();
  };
}

/**
 * A fast path in front of a route's schema validators, for the request an API client sends
 * nearly every time: `Content-Type: application/json` and a body that is exactly the documented
 * shape. @hono/zod-openapi checks a JSON body in three middleware layers (media-type gate,
 * Hono's validator, the zod validator), each an async step of its own; for a well-formed body
 * this one step reads it, checks it with a plain type guard and calls the handler. Any other
 * request (another media type, no body, a body that is not JSON, a missing, extra or mistyped
 * member) goes on to the validators, which answer it exactly as before: the problem documents
 * do not depend on this path. The body is read once either way (Hono caches it).
 */
import type { Context, MiddlewareHandler } from 'hono';

/** Media types this path takes; anything else (`+json`, parameters) goes to the validators. */
const PLAIN_JSON = /^application\/json(?:;\s*charset=utf-8)?$/i;

/**
 * Answers with `handler(c, body)` when `accept` takes the JSON body, else calls `next()`.
 * Registered for the same method and path before the OpenAPI route, whose handler calls the
 * same `handler` with the validated body.
 *
 * @example
 * app.post('/v1/verify', fastJsonBody(isVerifyRequest, answer));
 * app.openapi(verifyRoute, (c) => answer(c, c.req.valid('json')));
 */
export function fastJsonBody<T>(
  accept: (body: unknown) => body is T,
  handler: (c: Context, body: T) => Response | Promise<Response>,
): MiddlewareHandler {
  return async function fastJsonBody(c, next) {
    const type = c.req.header('content-type');
    if (type === undefined || !PLAIN_JSON.test(type)) return next();
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return next();
    }
    if (!accept(body)) return next();
    return handler(c, body);
  };
}

/** A JSON object (not null, not an array) whose own keys are all in `allowed`. */
function objectWithOnly(
  value: unknown,
  allowed: readonly string[],
): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const key of Object.keys(value)) if (!allowed.includes(key)) return false;
  return true;
}

const VERIFY_KEYS = ['url', 'c', 'receipt'] as const;
const BATCH_KEYS = ['items', 'receipt'] as const;

/**
 * The common `POST /v1/verify` body: exactly one of `url` or `c` as a string, `receipt` absent
 * or a boolean, nothing else (the same as `VerifyRequestSchema`, which strips unknown members;
 * those bodies take the schema's path).
 *
 * @example
 * isVerifyRequest({ url: 'http://127.0.0.1:8787/w/?c=…' }) // true
 */
export function isVerifyRequest(
  body: unknown,
): body is { url?: string; c?: string; receipt?: boolean } {
  if (!objectWithOnly(body, VERIFY_KEYS)) return false;
  const { url, c, receipt } = body;
  if (receipt !== undefined && typeof receipt !== 'boolean') return false;
  return url === undefined ? typeof c === 'string' : typeof url === 'string' && c === undefined;
}

/**
 * The common `POST /v1/verify/batch` body: a non-empty `items` array, `receipt` absent or a
 * boolean, nothing else (the items are checked one by one by the route, as before).
 *
 * @example
 * isBatchRequest({ items: [{ url: '…' }] }) // true
 */
export function isBatchRequest(body: unknown): body is { items: unknown[]; receipt?: boolean } {
  if (!objectWithOnly(body, BATCH_KEYS)) return false;
  const { items, receipt } = body;
  if (receipt !== undefined && typeof receipt !== 'boolean') return false;
  return Array.isArray(items) && items.length > 0;
}

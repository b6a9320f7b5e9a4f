/**
 * The admin bearer token (RFC 6750 §2.1): compared in constant time, and recorded in the
 * history only as a short hash (the "actor"), never in full.
 *
 * @example
 * app.use('/registry/admin/*', adminAuth(await digestToken(token)));
 */
import type { MiddlewareHandler } from 'hono';
import { problemResponse } from './problem';

export interface AdminTokenDigest {
  digest: Uint8Array;
  /** The first 12 hex digits of SHA-256(token): who made a change, without the token. */
  actor: string;
}

export async function digestToken(token: string): Promise<AdminTokenDigest> {
  const digest = await sha256(token);
  return { digest, actor: `admin:${hex(digest).slice(0, 12)}` };
}

/**
 * Refuses every request without the right token with a 401 problem. Both sides are hashed
 * first, so the comparison takes the same time whatever the length or content of the guess.
 */
export function adminAuth(expected: AdminTokenDigest): MiddlewareHandler<{
  Variables: { actor: string };
}> {
  return async (c, next) => {
    const header = c.req.header('Authorization') ?? '';
    // The scheme name is case-insensitive (RFC 9110 §11.1): "bearer" is "Bearer".
    const match = /^Bearer ([\x21-\x7e]+)$/i.exec(header);
    const presented = await sha256(match?.[1] ?? '');
    if (!match || !constantTimeEqual(presented, expected.digest)) {
      return problemResponse(c, 'unauthorized');
    }
    c.set('actor', expected.actor);
    await next();
  };
}

/** Compares equal-length digests without an early exit. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

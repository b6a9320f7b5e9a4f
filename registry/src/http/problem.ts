/**
 * RFC 9457 problem documents for the registry: the one place where a request that is wrong
 * becomes an HTTP status and a body (`application/problem+json`, RFC 9457 §3). The `type` is
 * `https://dqcv.invalid/problems/<kind>`, as in the verifier.
 *
 * @example
 * return problemResponse(c, 'certificate-unknown');
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

const KINDS = {
  'not-json': [400, 'The request body is not JSON'],
  'invalid-request': [400, 'The request does not match the schema'],
  'too-large': [413, 'The request body is too large'],
  unauthorized: [401, 'A valid admin bearer token is required'],
  'certificate-unknown': [404, 'The registry has no such certificate'],
  'registration-unknown': [404, 'The registry has no such registration'],
  'signer-unknown': [404, 'No such signer, or it is already revoked'],
  'status-list-unknown': [404, 'No such status list'],
  'not-found': [404, 'Not found'],
  'registration-not-active': [409, 'The registration is not active'],
  'registration-deleted': [409, 'The registration is deleted (削除); its status is final'],
  'no-signer': [409, 'No active signer with a key on this host for that algorithm'],
  'not-implemented': [501, 'Not available on this host'],
  internal: [500, 'Internal error'],
} as const satisfies Record<string, readonly [ContentfulStatusCode, string]>;

export type ProblemKind = keyof typeof KINDS;

export const PROBLEM_BASE = 'https://dqcv.invalid/problems/';

/** The problem body of a kind, with an optional detail (never credential contents). */
export function problem(kind: ProblemKind, detail?: string) {
  const [status, title] = KINDS[kind];
  return {
    type: PROBLEM_BASE + kind,
    title,
    status,
    ...(detail === undefined ? {} : { detail }),
  };
}

export function problemResponse(c: Context, kind: ProblemKind, detail?: string): Response {
  const body = problem(kind, detail);
  const headers: Record<string, string> = {
    'Content-Type': 'application/problem+json; charset=utf-8',
  };
  // RFC 6750 §3: a 401 names the scheme the client should use.
  if (kind === 'unauthorized') headers['WWW-Authenticate'] = 'Bearer realm="dqcv-registry"';
  return c.body(JSON.stringify(body), body.status, headers);
}

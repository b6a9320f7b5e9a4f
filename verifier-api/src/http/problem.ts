/**
 * RFC 9457 problem documents: the one place where a request that is wrong (as opposed to a
 * credential that is bad) becomes an HTTP status and a body.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Problem types of this API; `type` is `https://dqcv.invalid/problems/<kind>`. */
export type ProblemKind =
  | 'not-json'
  | 'too-large'
  | 'invalid-request'
  | 'batch-too-long'
  | 'unsupported-media-type'
  | 'not-found'
  | 'rate-limited'
  | 'not-implemented'
  | 'receipts-unavailable'
  | 'internal';

const STATUS: Record<ProblemKind, ContentfulStatusCode> = {
  'not-json': 400,
  'too-large': 413,
  'invalid-request': 400,
  'batch-too-long': 400,
  'unsupported-media-type': 415,
  'not-found': 404,
  'rate-limited': 429,
  'not-implemented': 501,
  'receipts-unavailable': 503,
  internal: 500,
};

const TITLE: Record<ProblemKind, string> = {
  'not-json': 'The request body is not JSON',
  'too-large': 'The request body is too large',
  'invalid-request': 'The request does not match the schema',
  'batch-too-long': 'The batch has too many items',
  'unsupported-media-type': 'The media type of the request or file is not supported',
  'not-found': 'Not found',
  'rate-limited': 'Too many requests',
  'not-implemented': 'Not available on this host',
  'receipts-unavailable': 'This verifier has no receipt key',
  internal: 'Internal error',
};

export const PROBLEM_BASE = 'https://dqcv.invalid/problems/';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

/** Builds a problem document of the given kind. */
export function problem(
  kind: ProblemKind,
  detail?: string,
  extra?: Record<string, unknown>,
): Problem {
  return {
    type: PROBLEM_BASE + kind,
    title: TITLE[kind],
    status: STATUS[kind],
    ...(detail === undefined ? {} : { detail }),
    ...extra,
  };
}

/**
 * Answers with a problem document (`application/problem+json`, RFC 9457 §3).
 *
 * @example
 * return problemResponse(c, 'batch-too-long', 'at most 100 items');
 */
export function problemResponse(
  c: Context,
  kind: ProblemKind,
  detail?: string,
  extra?: Record<string, unknown>,
): Response {
  const body = problem(kind, detail, extra);
  return c.body(JSON.stringify(body), STATUS[kind], {
    'Content-Type': 'application/problem+json; charset=utf-8',
  });
}

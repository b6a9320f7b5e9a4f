/**
 * Fetches Token Status List tokens over HTTP for shared-cose's status-list StatusSource: only
 * from configured prefixes, within the timeout, cached until the earliest of the token's `exp`,
 * its `ttl` and the configured maximum age. The source authenticates every token itself.
 */
import {
  decodeStatusListToken,
  isAllowedStatusListUri,
  type StatusListFetch,
} from '@dqcv/shared-cose';
import { ExpiringCache } from './cache';
import { ageMs, boundedFetch, type FetchLike } from './fetch';

export interface StatusListFetcherOptions {
  /** Exact URIs or prefixes ending in `/` that may be fetched. */
  allowed: readonly string[];
  timeoutMs: number;
  maxAgeSeconds: number;
  fetch?: FetchLike;
  now?: () => number;
}

export interface StatusListFetcher {
  /** A cached token is answered synchronously, anything else through a promise. */
  fetchList(uri: string): StatusListFetch | Promise<StatusListFetch>;
  /** The tokens currently cached (for the PWA trust bundle). */
  cached(): { uri: string; token: Uint8Array; fetchedAt: Date }[];
}

/**
 * Whether `uri` is one of the allowed addresses (exact, or one unreserved path segment under a
 * prefix ending in `/`): shared-cose's rule, the same the status source applies.
 */
export const isAllowedUri = isAllowedStatusListUri;

/**
 * Builds the fetcher.
 *
 * @example
 * const lists = createStatusListFetcher({
 *   allowed: ['http://127.0.0.1:8787/registry/v1/status-lists/'],
 *   timeoutMs: 3000,
 *   maxAgeSeconds: 60,
 * });
 */
export function createStatusListFetcher(opts: StatusListFetcherOptions): StatusListFetcher {
  const now = opts.now ?? Date.now;
  const cache = new ExpiringCache<StatusListFetch>(now, 100);
  const seen = new Map<string, { token: Uint8Array; fetchedAt: Date; expiresAt: number }>();

  async function load(uri: string) {
    const r = await boundedFetch(uri, {
      timeoutMs: opts.timeoutMs,
      fetch: opts.fetch,
      maxBytes: 2 * 1024 * 1024,
      accept: 'application/statuslist+cwt',
    });
    if (!r.ok) return { value: fail(`status list: ${r.detail}`), expiresAt: 0 };
    if (r.status !== 200) return { value: fail(`status list: HTTP ${r.status}`), expiresAt: 0 };
    // An answer that aged in a cache in between counts from its origin fetch (RFC 9111 §5.1).
    const fetchedAt = now() - ageMs(r.headers);
    let expiresAt = fetchedAt + opts.maxAgeSeconds * 1000;
    const decoded = decodeStatusListToken(r.body);
    if (decoded.ok) {
      if (decoded.token.exp !== undefined)
        expiresAt = Math.min(expiresAt, decoded.token.exp * 1000);
      if (decoded.token.ttl !== undefined) {
        expiresAt = Math.min(expiresAt, fetchedAt + decoded.token.ttl * 1000);
      }
    } else {
      expiresAt = 0;
    }
    const value: StatusListFetch = { ok: true, bytes: r.body, fetchedAt: new Date(fetchedAt) };
    if (decoded.ok) seen.set(uri, { token: r.body, fetchedAt: value.fetchedAt, expiresAt });
    return { value, expiresAt };
  }

  return {
    fetchList(uri) {
      if (!isAllowedUri(uri, opts.allowed)) return fail('status list address is not configured');
      return cache.getOrLoad(uri, () => load(uri));
    },
    cached() {
      const t = now();
      return [...seen.entries()]
        .filter(([, e]) => e.expiresAt > t)
        .map(([uri, e]) => ({ uri, token: e.token, fetchedAt: e.fetchedAt }));
    },
  };
}

function fail(detail: string): StatusListFetch {
  return { ok: false, detail };
}

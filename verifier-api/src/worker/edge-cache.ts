/**
 * CRLs and status lists in the Workers Cache API (`caches.default`), shared by every isolate of
 * a Cloudflare location. An entry lives no longer than its own expiry (a CRL's nextUpdate;
 * a status list token's `exp` and `ttl`, draft-ietf-oauth-status-list §6.2) and the configured
 * maximum age, counted from the moment it was fetched from the registry. Everything else
 * (per-certificate status answers, the trust list) passes through untouched.
 */
import 'reflect-metadata';
import { X509Crl } from '@peculiar/x509';
import { decodeStatusListToken } from '@dqcv/shared-cose';
import type { FetchLike } from '../sources/fetch';

/** The part of the Cache API the verifier uses (`caches.default` on Workers). */
export interface EdgeCache {
  match(request: Request): Promise<Response | undefined>;
  put(request: Request, response: Response): Promise<void>;
  delete(request: Request): Promise<boolean>;
}

export interface EdgeCacheOptions {
  cache: EdgeCache;
  crlMaxAgeSeconds: number;
  statusListMaxAgeSeconds: number;
  now?: () => number;
}

/** Media types the shared sources ask for (their `Accept` header), and what they mean here. */
const KINDS = {
  'application/pkix-crl': 'crl',
  'application/statuslist+cwt': 'statusList',
} as const;

type Kind = (typeof KINDS)[keyof typeof KINDS];

/** Our own header on stored entries: when the entry stops being served (epoch ms). */
const EXPIRES_HEADER = 'x-dqcv-edge-expires';
const MAX_CACHED_BYTES = 2 * 1024 * 1024;

/**
 * Wraps a fetch so that CRL and status-list GETs are answered from the edge cache while fresh.
 *
 * @example
 * const f = edgeCachedFetch(fetch, { cache: caches.default, crlMaxAgeSeconds: 300,
 *   statusListMaxAgeSeconds: 60 });
 */
export function edgeCachedFetch(inner: FetchLike, opts: EdgeCacheOptions): FetchLike {
  const now = opts.now ?? Date.now;
  const maxAge: Record<Kind, number> = {
    crl: opts.crlMaxAgeSeconds,
    statusList: opts.statusListMaxAgeSeconds,
  };

  return async (input, init) => {
    const kind = kindOf(init);
    if (kind === undefined || (init?.method ?? 'GET') !== 'GET' || maxAge[kind] <= 0) {
      return inner(input, init);
    }
    const key = new Request(input);

    const hit = await opts.cache.match(key);
    if (hit !== undefined) {
      if (Number(hit.headers.get(EXPIRES_HEADER)) > now()) return hit;
      await hit.body?.cancel();
      await opts.cache.delete(key);
    }

    const res = await inner(input, init);
    if (res.status !== 200) return res;
    const body = await readCapped(res);
    const fetchedAt = now();
    const expiresAt = Math.min(fetchedAt + maxAge[kind] * 1000, ownExpiry(kind, body, fetchedAt));
    const seconds = Math.floor((expiresAt - fetchedAt) / 1000);
    if (seconds >= 1) {
      const headers = new Headers({
        'content-type': res.headers.get('content-type') ?? 'application/octet-stream',
        'cache-control': `max-age=${seconds}`,
        [EXPIRES_HEADER]: String(expiresAt),
      });
      await opts.cache.put(key, new Response(body, { status: 200, headers }));
    }
    return new Response(body, { status: 200, headers: res.headers });
  };
}

/**
 * The whole body, or a TypeError past the cap: the shared sources refuse larger CRLs and status
 * lists anyway, so the answer is the same as theirs.
 */
async function readCapped(res: Response): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (res.body !== null) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_CACHED_BYTES) {
        await reader.cancel();
        throw new TypeError(`response larger than ${MAX_CACHED_BYTES} bytes`);
      }
      chunks.push(value);
    }
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

function kindOf(init: RequestInit | undefined): Kind | undefined {
  const accept = new Headers(init?.headers).get('accept') ?? '';
  return Object.hasOwn(KINDS, accept) ? KINDS[accept as keyof typeof KINDS] : undefined;
}

/** The entry's own end of life; 0 (never cache) when the bytes cannot be read. */
function ownExpiry(kind: Kind, body: Uint8Array<ArrayBuffer>, fetchedAt: number): number {
  if (kind === 'crl') {
    try {
      return new X509Crl(body).nextUpdate?.getTime() ?? Infinity;
    } catch {
      return 0;
    }
  }
  const decoded = decodeStatusListToken(body);
  if (!decoded.ok) return 0;
  let end = Infinity;
  if (decoded.token.exp !== undefined) end = Math.min(end, decoded.token.exp * 1000);
  if (decoded.token.ttl !== undefined) end = Math.min(end, fetchedAt + decoded.token.ttl * 1000);
  return end;
}

/**
 * A `StatusSource` backed by signed status lists (DESIGN §4): the verifier learns a
 * certificate's status without telling the registry which certificate it checks, and offline
 * from a cached token. Never answers `valid` when unsure: every failure to fetch, decode,
 * authenticate or date the list is `registry_unavailable` or `status_stale`.
 *
 * Order of checks: the reference in the credential → the URI is allowed → fetch → decode →
 * `sub` is that URI → signer chains to an anchor with the status-list role → signature →
 * freshness (exp, ttl, maximum age) → the entry.
 *
 * @example
 * const source = createStatusListSource({
 *   fetchList: (uri) => cache.get(uri),
 *   trust: await createTrustStore({ anchors: [rootPem] }),
 *   crypto: createWebCryptoBackend(),
 *   now: () => new Date(),
 *   maxAgeSeconds: 86_400,
 *   allowedUris: ['http://127.0.0.1:8787/registry/v1/status-lists/'],
 * });
 */
import { isAllowedStatusListUri } from './address';
import type { CredentialRecord, CryptoBackend, StatusAnswer, StatusSource } from '../types';
import type { MaybePromise } from '../memo';
import { validateSignerNow, type PathResult } from '../x509/path';
import type { ResolvedSigner } from '../x509/signer';
import type { TrustStore } from '../x509/trust-store';
import { readStatusBits } from './bits';
import { decodeStatusListToken, type StatusListToken } from './token';
import { statusOfValue } from './values';

const ROLE = 'statusListSigner';

export type StatusListFetch =
  { ok: true; bytes: Uint8Array; fetchedAt: Date } | { ok: false; detail: string };

export interface StatusListSourceOptions {
  /**
   * Gets the token bytes for a URI (the host fetches and caches; offline, from its cache); a
   * cached token may be returned directly rather than as a promise.
   */
  fetchList(uri: string): StatusListFetch | Promise<StatusListFetch>;
  /**
   * Anchors the list's signer: its x5chain must reach one of the store's anchors, every
   * certificate valid now, the leaf with the status-list role (never a credential signer's).
   */
  trust: TrustStore;
  crypto: CryptoBackend;
  now: () => Date;
  /** The oldest fetch that may still be used, whatever the token's own ttl says. */
  maxAgeSeconds: number;
  /**
   * Addresses that may be fetched: an exact URI, or a prefix ending in `/`. An address in a
   * credential outside these is never contacted.
   */
  allowedUris: readonly string[];
  /** Tolerated clock difference for `iat` in the future (default 300 s). */
  clockSkewSeconds?: number;
}

/** Creates the source; throws on a misconfiguration (no allowed URIs, bad max age). */
export function createStatusListSource(options: StatusListSourceOptions): StatusSource {
  if (!Array.isArray(options.allowedUris) || options.allowedUris.length === 0) {
    throw new TypeError('allowedUris must list at least one URI or prefix');
  }
  if (!(options.maxAgeSeconds > 0)) throw new TypeError('maxAgeSeconds must be positive');
  const skew = options.clockSkewSeconds ?? 300;
  // Decoded tokens whose signature verified, by the identity of the bytes the host handed us;
  // the signer's path (validity in time included) is still checked on every call.
  const verified = new WeakMap<Uint8Array, { token: StatusListToken; signer: ResolvedSigner }>();

  // First sight of a token: decode, find its signer and verify the signature (asynchronous).
  const firstSight = async (bytes: Uint8Array): Promise<string | undefined> => {
    const decoded = decodeStatusListToken(bytes);
    if (!decoded.ok) return `status list malformed: ${decoded.detail}`;
    const token = decoded.token;
    const found = await options.trust.resolveSigner({ x5chain: token.x5chain, role: ROLE });
    if (!found.ok) return `status list signer not trusted: ${found.detail}`;
    const spki = found.signer.spki;
    const good = await options.crypto.verify(token.alg, spki, token.toBeSigned, token.signature);
    if (!good) return 'status list signature invalid';
    verified.set(bytes, { token, signer: found.signer });
    return undefined;
  };

  // A token seen before is answered synchronously: its signer's path is still checked at `at`.
  const authenticated = (
    bytes: Uint8Array,
    uri: string,
    at: Date,
  ): MaybePromise<StatusListToken | string> => {
    const entry = verified.get(bytes);
    if (!entry) {
      return firstSight(bytes).then((problem) => problem ?? authenticated(bytes, uri, at));
    }
    if (entry.token.uri !== uri) return 'status list sub does not match its address';
    const path = validateSignerNow(entry.signer, { now: at, role: ROLE, clockSkewSeconds: skew });
    if (path instanceof Promise) return path.then((p) => trustedToken(p, entry.token));
    return trustedToken(path, entry.token);
  };

  const answer = (
    ref: { idx: number; uri: string },
    fetched: StatusListFetch,
    now: Date,
  ): MaybePromise<StatusAnswer> => {
    if (!fetched.ok) return unavailable(`status list unavailable: ${fetched.detail}`);
    const token = authenticated(fetched.bytes, ref.uri, now);
    if (token instanceof Promise) return token.then((t) => entryOf(t, ref, fetched, now));
    return entryOf(token, ref, fetched, now);
  };

  // The entry of an authenticated token, if the token may still be relied on now.
  const entryOf = (
    token: StatusListToken | string,
    ref: { idx: number; uri: string },
    fetched: { fetchedAt: Date },
    now: Date,
  ): StatusAnswer => {
    if (typeof token === 'string') return unavailable(token);
    const nowSeconds = Math.floor(now.getTime() / 1000);
    if (token.iat > nowSeconds + skew) return unavailable('status list issued in the future');
    const stale = staleness(token, fetched.fetchedAt, now, options.maxAgeSeconds);
    if (stale) return { ok: false, code: 'status_stale', detail: stale };

    const value = readStatusBits(token.list, ref.idx, token.bits);
    if (value === undefined) return unavailable(`index ${ref.idx} is beyond the status list`);
    const status = statusOfValue(value);
    if (!status) return unavailable(`malformed status list entry (value ${value})`);
    return { ok: true, status, source: 'status_list', fetchedAt: fetched.fetchedAt };
  };

  return {
    getStatus(credential: CredentialRecord): MaybePromise<StatusAnswer> {
      const ref = credential.statusList;
      if (!ref) return unavailable('the credential has no status-list reference');
      if (!isAllowedStatusListUri(ref.uri, options.allowedUris)) {
        return unavailable('the status list address is not a configured one');
      }

      const now = options.now();
      let fetched: MaybePromise<StatusListFetch>;
      try {
        fetched = options.fetchList(ref.uri);
      } catch {
        fetched = fetchFailed();
      }
      if (fetched instanceof Promise) {
        return fetched.then(
          (f) => answer(ref, f, now),
          () => answer(ref, fetchFailed(), now),
        );
      }
      return answer(ref, fetched, now);
    },
  };
}

function fetchFailed(): StatusListFetch {
  return { ok: false, detail: 'fetch failed' };
}

function trustedToken(path: PathResult, token: StatusListToken): StatusListToken | string {
  return path.ok ? token : `status list signer not valid: ${path.detail}`;
}

/** Why a token may no longer be relied on, or null while it may. */
function staleness(
  token: StatusListToken,
  fetchedAt: Date,
  now: Date,
  maxAgeSeconds: number,
): string | null {
  const nowSeconds = now.getTime() / 1000;
  const ageSeconds = (now.getTime() - fetchedAt.getTime()) / 1000;
  if (token.exp !== undefined && nowSeconds > token.exp) {
    return `status list expired at ${new Date(token.exp * 1000).toISOString()}`;
  }
  if (token.ttl !== undefined && ageSeconds > token.ttl) {
    return `status list fetched ${Math.round(ageSeconds)} s ago, beyond its ttl of ${token.ttl} s`;
  }
  if (ageSeconds > maxAgeSeconds) {
    return `status list fetched ${Math.round(ageSeconds)} s ago, beyond the allowed ${maxAgeSeconds} s`;
  }
  return null;
}

function unavailable(detail: string): StatusAnswer {
  return { ok: false, code: 'registry_unavailable', detail };
}

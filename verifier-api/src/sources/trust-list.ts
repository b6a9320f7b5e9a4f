/**
 * Optional: signers from the registry's trust list (`GET /registry/v1/trust-list`,
 * docs/ARCHITECTURE.md). Anchors are never taken from it: each listed signer must chain to a
 * configured anchor (the trust store refuses it otherwise), and CRL addresses are accepted
 * only under the configured registry address. A failed refresh keeps the signers already known.
 */
import type { TrustStore } from '@dqcv/shared-cose';
import type { Logger } from '../http/logger';
import { pemToDer } from '../keys/encoding';
import type { HttpCrlSource } from './crl-source';
import { boundedFetch, type FetchLike } from './fetch';

export interface TrustListOptions {
  url: string;
  registryBase: string;
  trust: TrustStore;
  crls: HttpCrlSource;
  timeoutMs: number;
  maxAgeSeconds: number;
  fetch?: FetchLike;
  now?: () => number;
  logger: Logger;
}

interface ListedSigner {
  kid: string;
  certificate: string;
}

/**
 * Builds the refresher; `refresh()` is cheap while the list is younger than its maximum age,
 * and `due()` tells synchronously whether it would fetch, so a hot path can skip the await.
 *
 * @example
 * const list = createTrustListRefresher({
 *   url, registryBase, trust, crls, timeoutMs: 3000, maxAgeSeconds: 300, logger,
 * });
 * if (list.due()) await list.refresh();
 */
export function createTrustListRefresher(opts: TrustListOptions) {
  const now = opts.now ?? Date.now;
  let fetchedAt = -Infinity;
  let inflight: Promise<boolean> | undefined;
  const accepted = new Map<string, Uint8Array>();

  async function load(): Promise<boolean> {
    const r = await boundedFetch(opts.url, {
      timeoutMs: opts.timeoutMs,
      fetch: opts.fetch,
      accept: 'application/json',
    });
    if (!r.ok || r.status !== 200) {
      opts.logger.log('warn', 'trust_list_unavailable', {
        detail: r.ok ? `HTTP ${r.status}` : r.detail,
      });
      return false;
    }
    const doc = parse(r.body);
    if (doc === undefined) {
      opts.logger.log('warn', 'trust_list_malformed', {});
      return false;
    }
    for (const s of doc.signers) {
      try {
        await opts.trust.addSigner({ kid: s.kid, certificate: s.certificate });
        accepted.set(s.kid, pemToDer(s.certificate));
      } catch (err) {
        opts.logger.log('warn', 'trust_list_signer_refused', {
          kid: s.kid,
          detail: (err as Error).message,
        });
      }
    }
    for (const c of doc.crls) {
      if (c.url.startsWith(`${opts.registryBase}/`))
        await opts.crls.addAddress({ subject: c.issuer, url: c.url });
    }
    fetchedAt = now();
    return true;
  }

  /** Whether the list is older than its maximum age (or never fetched), synchronously. */
  const due = (): boolean => now() - fetchedAt >= opts.maxAgeSeconds * 1000;

  return {
    due,
    async refresh(): Promise<void> {
      if (!due()) return;
      inflight ??= load().finally(() => (inflight = undefined));
      await inflight;
    },
    /**
     * Reads the list now whatever its age (sharing a read already under way); true when it was
     * read. For a kid we do not know, which may be a signer added since the last read.
     */
    reload(): Promise<boolean> {
      inflight ??= load().finally(() => (inflight = undefined));
      return inflight;
    },
    /** The signers accepted from the list, for the trust bundle. */
    signers() {
      return [...accepted].map(([kid, certificate]) => ({ kid, certificate, pinned: false }));
    },
  };
}

/** Reads the members we use, each type-checked; anything else in the document is ignored. */
function parse(
  body: Uint8Array,
): { signers: ListedSigner[]; crls: { issuer: string; url: string }[] } | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null) return undefined;
  const { signers, crls } = doc as { signers?: unknown; crls?: unknown };
  if (!Array.isArray(signers)) return undefined;
  const out: ListedSigner[] = [];
  for (const s of signers) {
    const { kid, certificate } = (s ?? {}) as { kid?: unknown; certificate?: unknown };
    if (typeof kid === 'string' && typeof certificate === 'string') out.push({ kid, certificate });
  }
  const crlList: { issuer: string; url: string }[] = [];
  for (const c of Array.isArray(crls) ? crls : []) {
    const { issuer, url } = (c ?? {}) as { issuer?: unknown; url?: unknown };
    if (typeof issuer === 'string' && typeof url === 'string') crlList.push({ issuer, url });
  }
  return { signers: out, crls: crlList };
}

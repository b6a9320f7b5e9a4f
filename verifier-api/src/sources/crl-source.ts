/**
 * The HTTP-backed CrlSource (DESIGN §4): a CA's CRL comes only from the address configured for
 * that CA, never from one named in a certificate. A CRL is cached until the earlier of its own
 * nextUpdate and the configured maximum age; the library then checks signature, issuer and
 * freshness itself.
 */
import 'reflect-metadata';
import { X509Certificate, X509Crl } from '@peculiar/x509';
import type { CrlFetch, CrlSource } from '@dqcv/shared-cose';
import { ExpiringCache } from './cache';
import { ageMs, boundedFetch, type FetchLike } from './fetch';

/** One configured CRL address: for the CA given as a certificate, or by subject name only. */
export type CrlAddress = { url: string } & ({ caPem: string } | { subject: string });

export interface HttpCrlSourceOptions {
  addresses: CrlAddress[];
  timeoutMs: number;
  maxAgeSeconds: number;
  fetch?: FetchLike;
  now?: () => number;
}

export interface HttpCrlSource extends CrlSource {
  /** Adds an address (e.g. from the registry trust list); the caller checks it is allowed. */
  addAddress(a: CrlAddress): Promise<void>;
  /** The current CRL of every configured address that answers (for the PWA trust bundle). */
  current(): Promise<{ url: string; crl: Uint8Array; fetchedAt: Date }[]>;
}

interface Target {
  url: string;
  /** The subject name normalised once (see normName). */
  subject: string;
  spki?: { hex: string; b64url: string };
}

type CaQuery = { subject: string; spkiSha256: string };

/** A remembered answer for one query object, valid while its fields and the targets match. */
interface Remembered {
  subject: string;
  spkiSha256: string;
  generation: number;
  target: Target | undefined;
}

/**
 * Builds a CrlSource that fetches over HTTP from the configured addresses.
 *
 * @example
 * const crls = await createHttpCrlSource({
 *   addresses: [{ caPem: rootPem, url: 'http://127.0.0.1:8787/registry/ca/root.crl' }],
 *   timeoutMs: 3000,
 *   maxAgeSeconds: 300,
 * });
 */
export async function createHttpCrlSource(opts: HttpCrlSourceOptions): Promise<HttpCrlSource> {
  const now = opts.now ?? Date.now;
  const cache = new ExpiringCache<CrlFetch>(now);
  const targets: Target[] = [];
  // The library hands the same query object for a CA on every verification, so the answer is
  // remembered per object; a changed field or a new address makes the entry stale.
  const remembered = new WeakMap<CaQuery, Remembered>();
  let generation = 0;

  async function addAddress(a: CrlAddress): Promise<void> {
    if (targets.some((t) => t.url === a.url)) return;
    if ('caPem' in a) {
      const cert = new X509Certificate(a.caPem);
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', cert.publicKey.rawData));
      targets.push({ url: a.url, subject: normName(cert.subject), spki: encodings(digest) });
    } else {
      targets.push({ url: a.url, subject: normName(a.subject) });
    }
    generation++;
  }

  function targetFor(ca: CaQuery): Target | undefined {
    const known = remembered.get(ca);
    if (
      known !== undefined &&
      known.generation === generation &&
      known.subject === ca.subject &&
      known.spkiSha256 === ca.spkiSha256
    ) {
      return known.target;
    }
    const target = findTarget(targets, ca);
    const entry = { subject: ca.subject, spkiSha256: ca.spkiSha256, generation, target };
    remembered.set(ca, entry);
    return target;
  }
  for (const a of opts.addresses) await addAddress(a);

  async function load(url: string) {
    const r = await boundedFetch(url, {
      timeoutMs: opts.timeoutMs,
      fetch: opts.fetch,
      accept: 'application/pkix-crl',
    });
    if (!r.ok) return failure(`CRL ${url}: ${r.detail}`);
    if (r.status !== 200) return failure(`CRL ${url}: HTTP ${r.status}`);
    // An answer that aged in a cache in between counts from its origin fetch (RFC 9111 §5.1).
    const fetchedAt = now() - ageMs(r.headers);
    let expiresAt = fetchedAt + opts.maxAgeSeconds * 1000;
    try {
      const nextUpdate = new X509Crl(r.body).nextUpdate;
      if (nextUpdate !== undefined) expiresAt = Math.min(expiresAt, nextUpdate.getTime());
    } catch {
      // Not parseable here: hand it on uncached, the library reports it as unusable.
      expiresAt = 0;
    }
    const value: CrlFetch = { ok: true, der: r.body, fetchedAt: new Date(fetchedAt) };
    return { value, expiresAt };
  }

  return {
    addAddress,
    async current() {
      const urls = [...new Set(targets.map((t) => t.url))];
      const out: { url: string; crl: Uint8Array; fetchedAt: Date }[] = [];
      for (const url of urls) {
        const r = await cache.getOrLoad(url, () => load(url));
        if (r.ok) out.push({ url, crl: r.der, fetchedAt: r.fetchedAt });
      }
      return out;
    },
    // Not async: a cached CRL is answered without a promise (CrlSource allows either).
    getCrl(ca) {
      const target = targetFor(ca);
      if (target === undefined) {
        return { ok: false, detail: 'no CRL address is configured for this CA' };
      }
      return cache.getOrLoad(target.url, () => load(target.url));
    },
  };
}

function failure(detail: string) {
  return { value: { ok: false, detail } as CrlFetch, expiresAt: 0 };
}

function findTarget(targets: Target[], ca: CaQuery): Target | undefined {
  const digest = ca.spkiSha256.replace(/[:\s]/g, '');
  const hex = digest.toLowerCase();
  const bySpki = targets.find(
    (t) => t.spki !== undefined && (t.spki.hex === hex || t.spki.b64url === digest),
  );
  if (bySpki) return bySpki;
  const subject = normName(ca.subject);
  return targets.find((t) => t.subject === subject);
}

/** A distinguished name with its RDNs trimmed and sorted, so order and spacing do not matter. */
function normName(name: string): string {
  return name
    .split(/\s*,\s*/)
    .map((p) => p.trim())
    .sort()
    .join(',');
}

function encodings(bytes: Uint8Array) {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  const b64 = btoa(String.fromCharCode(...bytes));
  return { hex, b64url: b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') };
}

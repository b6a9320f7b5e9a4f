/**
 * Verification entirely on the device, from the signed trust bundle it keeps: the same
 * `verifyCredential` of shared-cose that the server runs, with the bundle's anchors and signers,
 * its CRLs, and its status lists. Freshness is judged against the trusted clock (never earlier
 * than the newest signed time seen), so status data past its allowed age gives `status_stale`,
 * never `valid`.
 */
import 'reflect-metadata';
import { X509Crl } from '@peculiar/x509';
import {
  createStatusListSource,
  createTrustStore,
  createWebCryptoBackend,
  defaultPolicy,
  verifyCredential,
  type CrlSource,
  type VerifyContext,
} from '@dqcv/shared-cose';
import { loadStoredBundle } from '../trust/bundle-store';
import { openBundle, type TrustBundle } from '../trust/bundle';
import type { Outcome } from '../ui/result';
import type { FlowContext } from './flow';

/** Why the device cannot verify at all (no verdict): the app lacks trust data, not the credential. */
export interface DeviceUnavailable {
  unavailable: 'no_bundle_key' | 'no_bundle' | 'bundle_invalid';
}

interface Prepared {
  key: string;
  bundle: TrustBundle;
  context: Omit<VerifyContext, 'now' | 'lang'>;
}

// The bundle is parsed and its certificates loaded once per stored bundle, not per scan.
let prepared: Prepared | null = null;

/**
 * Verifies QR text on the device.
 *
 * @example
 * const outcome = await verifyOnDevice(text, { config, clock, lang: 'ja' });
 */
export async function verifyOnDevice(
  text: string,
  ctx: FlowContext,
): Promise<Outcome | DeviceUnavailable> {
  if (!ctx.config.bundleKey) return { unavailable: 'no_bundle_key' };
  const stored = await loadStoredBundle().catch(() => null);
  if (!stored) return { unavailable: 'no_bundle' };

  const cacheKey = `${stored.issuedAt}|${stored.bytes.length}|${ctx.config.maxStatusAgeHours}`;
  if (prepared?.key !== cacheKey) {
    const opened = await openBundle(stored.bytes, ctx.config.bundleKey);
    if (!opened.ok) return { unavailable: 'bundle_invalid' };
    prepared = await prepare(cacheKey, opened.bundle, ctx);
  }
  ctx.clock.observe(prepared.bundle.issuedAt);

  const now = ctx.clock.now();
  const verdict = await verifyCredential(text, {
    ...prepared.context,
    now: () => now,
    lang: ctx.lang,
  });
  // The time of this check joins the times seen: turning the clock back after a check cannot
  // make the same status data look younger than it already was.
  ctx.clock.observe(now);
  const statusFetchedAt = verdict.status
    ? new Date(verdict.status.fetchedAt)
    : oldestList(prepared.bundle);
  return { verdict, via: 'device', now, ...(statusFetchedAt && { statusFetchedAt }) };
}

async function prepare(key: string, bundle: TrustBundle, ctx: FlowContext): Promise<Prepared> {
  const crypto = createWebCryptoBackend();
  const trust = await createTrustStore({
    anchors: bundle.anchors,
    signers: bundle.signers.map((s) => ({
      kid: s.kid,
      certificate: s.certificate,
      pinned: s.pinned,
    })),
  });

  const lists = new Map(bundle.statusLists.map((l) => [l.uri, l]));
  const status = createStatusListSource({
    fetchList: async (uri) => {
      const list = lists.get(uri);
      return list
        ? { ok: true, bytes: list.token, fetchedAt: list.fetchedAt }
        : { ok: false, detail: 'this status list is not in the trust bundle' };
    },
    trust,
    crypto,
    now: () => ctx.clock.now(),
    maxAgeSeconds: Math.round(ctx.config.maxStatusAgeHours * 3600),
    allowedUris:
      bundle.statusListPrefixes.length > 0 ? bundle.statusListPrefixes : [...lists.keys()],
  });

  return {
    key,
    bundle,
    context: {
      policy: {
        ...defaultPolicy,
        // Hosts from both the deployment and the signed bundle count as verification hosts.
        verificationHosts: [
          ...new Set([...ctx.config.verificationHosts, ...bundle.verificationHosts]),
        ],
        allowedAlgorithms:
          bundle.algorithms.length > 0 ? bundle.algorithms : defaultPolicy.allowedAlgorithms,
      },
      trust,
      crypto,
      crls: bundleCrls(bundle),
      status,
    },
  };
}

/**
 * CRLs from the bundle, found by issuer name. The library still checks that the CRL is issued
 * and signed by the CA; a CRL that cannot be parsed here is simply not offered.
 */
function bundleCrls(bundle: TrustBundle): CrlSource {
  const byIssuer = bundle.crls.flatMap((c) => {
    try {
      return [{ issuer: normName(new X509Crl(c.crl as Uint8Array<ArrayBuffer>).issuer), ...c }];
    } catch {
      return [];
    }
  });
  return {
    async getCrl(ca) {
      const found = byIssuer.find((c) => c.issuer === normName(ca.subject));
      return found
        ? { ok: true, der: found.crl, fetchedAt: found.fetchedAt }
        : { ok: false, detail: 'no CRL for this CA in the trust bundle' };
    },
  };
}

function normName(name: string): string {
  return name
    .split(/\s*,\s*/)
    .map((p) => p.trim())
    .sort()
    .join(',');
}

/** The fetch time of the oldest status list, for "how old" when no status was obtained. */
function oldestList(bundle: TrustBundle): Date | undefined {
  const times = bundle.statusLists.map((l) => l.fetchedAt.getTime());
  return times.length > 0 ? new Date(Math.min(...times)) : undefined;
}

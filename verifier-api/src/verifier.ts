/**
 * Puts the verifier together from its configuration: the trust store (anchors and signers from
 * config, optionally the registry's trust list), the HTTP CRL and status sources, the policy,
 * and shared-cose's `verifyCredential`. Runtime-neutral; the host passes its crypto backend.
 */
import {
  createStatusListSource,
  createTrustStore,
  createWebCryptoBackend,
  defaultPolicy,
  verifyCredential,
  type CryptoBackend,
  type Lang,
  type StatusSource,
  type TrustStore,
  type Verdict,
  type VerifyContext,
  type VerifyPolicy,
} from '@dqcv/shared-cose';
import { registryUrls, type VerifierConfig } from './config';
import type { VerifierCore, VerifyInput } from './deps';
import type { Logger } from './http/logger';
import { silentLogger } from './http/logger';
import { pemToDer } from './keys/encoding';
import type { TrustBundleContents } from './keys/key-service';
import { createHttpCrlSource, type CrlAddress } from './sources/crl-source';
import type { FetchLike } from './sources/fetch';
import { createStatusListFetcher } from './sources/status-list-fetch';
import { createRegistryStatusSource } from './sources/status-source';
import { createTrustListRefresher } from './sources/trust-list';
import {
  createUnknownSignerRetry,
  hasUnknownSigner,
  unknownSignerUnavailable,
} from './signer-rotation';

export interface VerifierRuntimeOptions {
  crypto?: CryptoBackend;
  fetch?: FetchLike;
  now?: () => Date;
  logger?: Logger;
}

export interface VerifierRuntime extends VerifierCore {
  readonly policy: VerifyPolicy;
  readonly trust: TrustStore;
  /** The current trust material, for the PWA bundle. */
  bundleContents(): Promise<TrustBundleContents>;
}

/**
 * Builds the verifier. Throws (a configuration error) when an anchor or signer cannot be
 * trusted; never for a credential.
 *
 * @example
 * const verifier = await createVerifier(config, { crypto: createNodeCryptoBackend() });
 * const verdict = await verifier.verify({ url: qrText }, 'ja');
 */
export async function createVerifier(
  config: VerifierConfig,
  opts: VerifierRuntimeOptions = {},
): Promise<VerifierRuntime> {
  const logger = opts.logger ?? silentLogger;
  const now = opts.now ?? (() => new Date());
  // The sources' clock in epoch ms: without an injected clock, Date.now (no Date per call).
  const clock = opts.now;
  const nowMs = clock ? () => clock().getTime() : Date.now;
  const crypto = opts.crypto ?? createWebCryptoBackend();
  const urls = registryUrls(config);

  const trust = await createTrustStore({
    anchors: config.trust.anchors.map((a) => a.certificate),
    signers: config.trust.signers.map((s) => ({
      kid: s.kid,
      certificate: s.certificate,
      pinned: s.pinned,
    })),
  });

  const addresses: CrlAddress[] = [
    ...config.trust.anchors.flatMap((a) =>
      a.crlUrl ? [{ caPem: a.certificate, url: a.crlUrl }] : [],
    ),
    ...config.trust.crls.map((c) => ({ caPem: c.ca, url: c.url })),
  ];
  const crls = await createHttpCrlSource({
    addresses,
    timeoutMs: config.timeouts.fetchMs,
    maxAgeSeconds: config.cache.crlMaxAgeSeconds,
    fetch: opts.fetch,
    now: nowMs,
  });

  const lists = createStatusListFetcher({
    allowed: urls ? [urls.statusListPrefix] : [],
    timeoutMs: config.timeouts.fetchMs,
    maxAgeSeconds: config.cache.statusListMaxAgeSeconds,
    fetch: opts.fetch,
    now: nowMs,
  });
  const status = statusSource(config, { crypto, trust, lists, now, fetch: opts.fetch });

  const trustList =
    urls && config.trust.useRegistryTrustList
      ? createTrustListRefresher({
          url: urls.trustList,
          registryBase: urls.base,
          trust,
          crls,
          timeoutMs: config.timeouts.fetchMs,
          maxAgeSeconds: config.cache.trustListMaxAgeSeconds,
          fetch: opts.fetch,
          now: nowMs,
          logger,
        })
      : undefined;

  const rotation = trustList ? createUnknownSignerRetry(trustList, { now: nowMs }) : undefined;

  const policy: VerifyPolicy = {
    ...defaultPolicy,
    verificationHosts: config.verificationHosts,
    allowedAlgorithms: config.algorithms,
  };

  // One context per language, made once: a verification allocates none of its own.
  const contexts = new Map<Lang, VerifyContext>();
  const contextFor = (lang: Lang): VerifyContext => {
    let ctx = contexts.get(lang);
    if (!ctx) contexts.set(lang, (ctx = { policy, trust, crypto, crls, status, now, lang }));
    return ctx;
  };
  const verifyOnce = (text: string, lang: Lang): Promise<Verdict> => {
    const verdict = verifyCredential(text, contextFor(lang));
    if (rotation === undefined) return verdict;
    return verdict.then(async (first) => {
      if (!hasUnknownSigner(first)) return first;
      // The kid may belong to a signer added since our last read of the trust list.
      const outcome = await rotation.afterUnknownSigner();
      if (outcome === 'reloaded') return verifyCredential(text, contextFor(lang));
      return outcome === 'unavailable' ? unknownSignerUnavailable(first, lang) : first;
    });
  };

  return {
    policy,
    trust,
    verify(input: VerifyInput, lang: Lang): Promise<Verdict> {
      try {
        const text = 'url' in input ? input.url : input.c;
        // Without a registry trust list, or while it is fresh, there is nothing to refresh: no
        // await on the hot path, and the verification's own promise is the answer.
        if (trustList?.due()) return trustList.refresh().then(() => verifyOnce(text, lang));
        return verifyOnce(text, lang);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    async bundleContents() {
      await trustList?.refresh();
      const fetched = await crls.current();
      // The configured lists, fetched now (cached or not), then any other list still cached.
      const statusLists: { uri: string; token: Uint8Array; fetchedAt: Date }[] = [];
      for (const uri of config.registry.statusLists) {
        const r = await lists.fetchList(uri);
        if (r.ok) statusLists.push({ uri, token: r.bytes, fetchedAt: r.fetchedAt });
      }
      for (const cached of lists.cached()) {
        if (!statusLists.some((l) => l.uri === cached.uri)) statusLists.push(cached);
      }
      return {
        verificationHosts: [...config.verificationHosts],
        algorithms: [...config.algorithms],
        anchors: config.trust.anchors.map((a) => pemToDer(a.certificate)),
        signers:
          trustList?.signers() ??
          config.trust.signers.map((s) => ({
            kid: s.kid,
            certificate: pemToDer(s.certificate),
            pinned: s.pinned,
          })),
        crls: fetched,
        statusLists,
        statusListPrefixes: urls ? [urls.statusListPrefix] : [],
      };
    },
  };
}

function statusSource(
  config: VerifierConfig,
  deps: {
    crypto: CryptoBackend;
    trust: TrustStore;
    lists: ReturnType<typeof createStatusListFetcher>;
    now: () => Date;
    fetch?: FetchLike;
  },
): StatusSource {
  const urls = registryUrls(config);
  if (urls === undefined) {
    return {
      async getStatus() {
        return { ok: false, code: 'registry_unavailable', detail: 'no registry is configured' };
      },
    };
  }
  if (config.registry.statusMode === 'status_list') {
    return createStatusListSource({
      fetchList: (uri) => deps.lists.fetchList(uri),
      trust: deps.trust,
      crypto: deps.crypto,
      now: deps.now,
      maxAgeSeconds: Math.max(1, config.cache.statusListMaxAgeSeconds),
      allowedUris: [urls.statusListPrefix],
    });
  }
  return createRegistryStatusSource({
    statusUrl: urls.status,
    timeoutMs: config.timeouts.fetchMs,
    answerSeconds: config.cache.statusAnswerSeconds,
    fetch: deps.fetch,
    now: () => deps.now().getTime(),
  });
}

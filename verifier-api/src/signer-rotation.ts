/**
 * Signer rotation: a credential whose kid is not in our cached copy of the registry's trust
 * list may come from a signer added since we last read it. Before calling it `unknown_signer`
 * we read the list again — at most once per interval for all requests together, so unknown
 * kids cannot be used to hammer the registry — and when that read fails the answer is
 * indeterminate (`registry_unavailable`): our stale cache is no ground for a certain invalid.
 */
import { buildVerdict, type Check, type Lang, type Verdict } from '@dqcv/shared-cose';

/** What a forced read of the trust list can tell us: true when the list was read. */
export interface TrustListReloader {
  reload(): Promise<boolean>;
}

/** After a verdict with an unknown signer: read again, keep the answer, or say we cannot know. */
export type UnknownSignerOutcome = 'reloaded' | 'current' | 'unavailable';

export interface UnknownSignerRetryOptions {
  /** Epoch milliseconds. */
  now: () => number;
  /** Minimum time between two forced reads; 10 s by default. */
  minIntervalMs?: number;
}

/**
 * Builds the rate-limited, single-flight retry.
 *
 * @example
 * const retry = createUnknownSignerRetry(trustList, { now: Date.now });
 * if ((await retry.afterUnknownSigner()) === 'reloaded') verdict = await verifyAgain();
 */
export function createUnknownSignerRetry(list: TrustListReloader, opts: UnknownSignerRetryOptions) {
  const minIntervalMs = opts.minIntervalMs ?? 10_000;
  let lastAttempt = -Infinity;
  let lastOk = true;
  let inflight: Promise<boolean> | undefined;

  return {
    async afterUnknownSigner(): Promise<UnknownSignerOutcome> {
      if (inflight === undefined && opts.now() - lastAttempt < minIntervalMs) {
        // A read within the interval already told us what the registry lists (or that it
        // could not be reached): its answer stands for this request too.
        return lastOk ? 'current' : 'unavailable';
      }
      if (inflight === undefined) {
        lastAttempt = opts.now();
        inflight = list
          .reload()
          .catch(() => false)
          .then((ok) => (lastOk = ok))
          .finally(() => (inflight = undefined));
      }
      return (await inflight) ? 'reloaded' : 'unavailable';
    },
  };
}

/** True when the verdict says the signer is not known to us. */
export function hasUnknownSigner(verdict: Verdict): boolean {
  return verdict.checks.some((c) => c.name === 'signature' && c.code === 'unknown_signer');
}

/**
 * The same verdict with the unknown signer turned into "could not be checked": the signature
 * check becomes unknown with `registry_unavailable`, so the result is indeterminate.
 *
 * @example
 * if (hasUnknownSigner(v)) v = unknownSignerUnavailable(v, 'ja');
 */
export function unknownSignerUnavailable(verdict: Verdict, lang: Lang): Verdict {
  const checks: Check[] = verdict.checks.map((c) =>
    c.name === 'signature' && c.code === 'unknown_signer'
      ? {
          name: 'signature',
          status: 'unknown',
          code: 'registry_unavailable',
          detail: 'signer not in the cached trust list, and the trust list could not be re-read',
        }
      : c,
  );
  return buildVerdict({
    checks,
    credential: verdict.credential,
    signer: verdict.signer,
    checkedAt: new Date(verdict.checkedAt),
    status: verdict.status,
    lang,
  });
}

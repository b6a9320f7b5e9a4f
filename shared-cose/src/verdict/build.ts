/**
 * The one place where a verdict's result and reasons are derived from its checks (DESIGN §3):
 * any failed check → invalid; else any unknown check → indeterminate; else valid.
 */
import {
  CHECK_ORDER,
  type Check,
  type CheckName,
  type CredentialRecord,
  type Reason,
  type SignerInfo,
  type Verdict,
  type VerdictResult,
} from '../types';
import { reasonMessage, type Lang } from './reasons';

export interface VerdictParts {
  /** The checks that ran; those missing are reported as skipped, in the order of CHECK_ORDER. */
  checks: readonly Check[];
  credential: CredentialRecord | null;
  signer: SignerInfo | null;
  checkedAt: Date;
  status?: Verdict['status'];
  lang: Lang;
}

/**
 * Builds the verdict from its checks.
 *
 * @example
 * buildVerdict({ checks: [{ name: 'decode', status: 'fail', code: 'malformed' }],
 *   credential: null, signer: null, checkedAt: new Date(), lang: 'en' }).result // 'invalid'
 */
export function buildVerdict(parts: VerdictParts): Verdict {
  const byName = new Map<CheckName, Check>();
  for (const check of parts.checks) {
    if (byName.has(check.name)) throw new Error(`buildVerdict: check ${check.name} given twice`);
    if ((check.status === 'fail' || check.status === 'unknown') && !check.code) {
      throw new Error(`buildVerdict: check ${check.name} is ${check.status} without a code`);
    }
    byName.set(check.name, check);
  }
  const checks = CHECK_ORDER.map((name): Check => byName.get(name) ?? { name, status: 'skipped' });

  const failed = checks.filter((c) => c.status === 'fail');
  const unknown = checks.filter((c) => c.status === 'unknown');
  const result: VerdictResult =
    failed.length > 0 ? 'invalid' : unknown.length > 0 ? 'indeterminate' : 'valid';

  // Failures first (they decide the result), then what could not be checked; each in check order.
  const reasons: Reason[] = [...failed, ...unknown].map((c) => ({
    code: c.code!,
    message: reasonMessage(c.code!, parts.lang),
  }));

  const verdict: Verdict = {
    result,
    reasons,
    checks,
    credential: parts.credential,
    signer: parts.signer,
    checkedAt: parts.checkedAt.toISOString(),
  };
  if (parts.status) verdict.status = parts.status;
  return verdict;
}

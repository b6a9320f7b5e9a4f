/**
 * The one place where a verdict's result and reasons are derived from its checks (DESIGN §3):
 * any failed check → invalid; else any unknown check → indeterminate; else valid.
 */
import {
  CHECK_ORDER,
  type Check,
  type CheckStatus,
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
  // Each check in its CHECK_ORDER slot; those that did not run are skipped.
  const slots: (Check | undefined)[] = [undefined, undefined, undefined, undefined, undefined];
  for (const check of parts.checks) {
    const at = CHECK_ORDER.indexOf(check.name);
    if (slots[at] !== undefined) throw new Error(`buildVerdict: check ${check.name} given twice`);
    if ((check.status === 'fail' || check.status === 'unknown') && !check.code) {
      throw new Error(`buildVerdict: check ${check.name} is ${check.status} without a code`);
    }
    slots[at] = check;
  }

  const checks: Check[] = [];
  let failed = 0;
  let unknown = 0;
  for (let i = 0; i < CHECK_ORDER.length; i++) {
    const check = slots[i] ?? { name: CHECK_ORDER[i]!, status: 'skipped' };
    if (check.status === 'fail') failed++;
    else if (check.status === 'unknown') unknown++;
    checks.push(check);
  }
  const result: VerdictResult = failed > 0 ? 'invalid' : unknown > 0 ? 'indeterminate' : 'valid';

  // Failures first (they decide the result), then what could not be checked; each in check order.
  const reasons: Reason[] = [];
  if (failed > 0) addReasons(reasons, checks, 'fail', parts.lang);
  if (unknown > 0) addReasons(reasons, checks, 'unknown', parts.lang);

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

function addReasons(reasons: Reason[], checks: readonly Check[], status: CheckStatus, lang: Lang) {
  for (const c of checks) {
    if (c.status === status) reasons.push({ code: c.code!, message: reasonMessage(c.code!, lang) });
  }
}

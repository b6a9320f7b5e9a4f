/**
 * Verification by the verifier API (`POST /v1/verify`). Used when the device is online; any
 * network failure, timeout or unexpected answer returns null so that the caller verifies on the
 * device instead. The answer is checked member by member before it is shown.
 */
import type { Check, Reason, Verdict } from '@dqcv/shared-cose';

const TIMEOUT_MS = 6000;
const RESULTS = new Set(['valid', 'invalid', 'indeterminate']);

/**
 * Asks the verifier about a QR text (a URL is sent as `url`, anything else as `c`).
 *
 * @example
 * const verdict = await verifyOnline('https://verifier.example', qrText, 'ja');
 */
export async function verifyOnline(
  apiBase: string,
  text: string,
  lang: 'ja' | 'en',
): Promise<Verdict | null> {
  const body = /^[a-z][a-z0-9+.-]*:/i.test(text.trim()) ? { url: text.trim() } : { c: text.trim() };
  try {
    const res = await fetch(`${apiBase}/v1/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': lang },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      cache: 'no-store',
    });
    if (!res.ok) return null;
    return asVerdict(await res.json());
  } catch {
    return null;
  }
}

/** The value as a Verdict when it has the shape of one, else null. */
export function asVerdict(value: unknown): Verdict | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.result !== 'string' || !RESULTS.has(v.result)) return null;
  if (!Array.isArray(v.reasons) || !Array.isArray(v.checks)) return null;
  if (typeof v.checkedAt !== 'string') return null;
  const reasons = v.reasons.filter(
    (r): r is Reason =>
      typeof r === 'object' && r !== null && typeof (r as Reason).code === 'string',
  );
  const checks = v.checks.filter(
    (c): c is Check =>
      typeof c === 'object' &&
      c !== null &&
      typeof (c as Check).name === 'string' &&
      typeof (c as Check).status === 'string',
  );
  return {
    result: v.result as Verdict['result'],
    reasons,
    checks,
    credential: isObject(v.credential)
      ? (textMembers(v.credential) as Verdict['credential'])
      : null,
    signer: isObject(v.signer) ? (textMembers(v.signer) as unknown as Verdict['signer']) : null,
    checkedAt: v.checkedAt,
    ...(isObject(v.status) ? { status: v.status as Verdict['status'] } : {}),
  };
}

/** A copy holding only the text members: everything the result screen shows is text. */
function textMembers(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    if (typeof member === 'string') out[key] = member;
  }
  return out;
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

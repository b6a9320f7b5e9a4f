/**
 * Certification path validation (RFC 5280 §6.1) of our own, on certificates parsed by
 * @peculiar/x509. What does not depend on time (names, structure, signatures) is worked out
 * once per leaf and pool of certificates and cached; validity periods are checked on every call.
 *
 * In scope: name chaining, each signature by its issuer, validity, CA basic constraints and
 * path length (self-issued certificates not counted, §6.1.4 (l)), key usage, extended key usage
 * of the leaf, unknown critical extensions refused. Out of scope, and refused when marked
 * critical: name constraints and certificate policies.
 */
import { type KeyUsageName, type ParsedCertificate } from './certificate';
import { certifiedPaths, profileProblem, type CertifiedPaths } from './path-build';
import { ROLE_OIDS, type Role } from './roles';
import type { ResolvedSigner } from './signer';
import { memoSettling, type MaybePromise, type Settling } from '../memo';

/** Options of `validatePath`: the generic validator under `validateSigner`. */
export interface PathOptions {
  anchors: readonly ParsedCertificate[];
  intermediates: readonly ParsedCertificate[];
  /** Every certificate of the path must be valid at each of these times. */
  at: readonly ValidityWindow[];
  clockSkewSeconds?: number;
  /** An EKU OID that the leaf must list (RFC 5280 §4.2.1.12). */
  requiredEku?: string;
  /** A key usage the leaf must allow when it has the extension (§4.2.1.3). */
  leafKeyUsage?: KeyUsageName;
  /** At most this many intermediates, self-issued ones not counted. */
  maxIntermediates?: number;
}

/** A time, or a span of time that a certificate's validity must overlap (a calendar day). */
export interface ValidityWindow {
  from: Date;
  to: Date;
  label: string;
}

export type PathResult =
  | { ok: true; path: readonly ParsedCertificate[] }
  | { ok: false; code: 'signer_certificate_invalid'; detail: string };

/**
 * Validates `leaf` to one of `anchors`, building every candidate path through
 * `intermediates`. The result names the path that passed, or why none did.
 *
 * @example
 * const r = await validatePath(leaf, { anchors: [root], intermediates: [], at: [instant(new Date())] });
 * if (!r.ok) console.log(r.code, r.detail);
 */
export async function validatePath(
  leaf: ParsedCertificate,
  options: PathOptions,
): Promise<PathResult> {
  const leafProblem = checkLeaf(leaf, options);
  if (leafProblem) return invalid(leafProblem);
  const found = await certifiedPaths(leaf, options.anchors, options.intermediates);
  return firstTimelyPath(found, options);
}

/** The first certified path within the depth limit and valid at every time asked. */
function firstTimelyPath(found: CertifiedPaths, options: PathOptions): PathResult {
  let problem = found.paths.length === 0 ? found.problem : undefined;
  for (const path of found.paths) {
    problem = checkDepth(path, options.maxIntermediates) ?? checkTimes(path, options);
    if (!problem) return { ok: true, path };
  }
  return invalid(problem ?? 'no path to a trust anchor');
}

/** Options of `validateSigner`. `issueDate` is the credential's ID (yyyy-mm-dd, a JST day). */
export interface SignerValidationOptions {
  now: Date;
  issueDate?: string | Date;
  role: Role;
  clockSkewSeconds: number;
}

/**
 * Validates a resolved signer for `role`: to a trust anchor (chain), or by itself (pinned:
 * validity and role still checked), valid now and at the credential's issue date.
 *
 * @example
 * const r = await validateSigner(found.signer, {
 *   now, issueDate: record.issueDate, role: 'credentialSigner', clockSkewSeconds: 300,
 * });
 * if (!r.ok) checks.push({ name: 'signer_certificate', status: 'fail', code: r.code });
 */
export async function validateSigner(
  signer: ResolvedSigner,
  options: SignerValidationOptions,
): Promise<PathResult> {
  return validateSignerNow(signer, options);
}

/**
 * The certified paths of each resolved signer (its leaf, chain, anchors and intermediates never
 * change), settled once and then read synchronously; the times are checked on every call.
 */
const signerPaths = new WeakMap<ResolvedSigner, Settling<CertifiedPaths>>();

/**
 * A path's validity as one interval: the latest notBefore and the earliest notAfter of its
 * certificates (epoch ms). Every certificate is valid at a time exactly when the interval holds
 * it, so a check is two comparisons; `ok` is the answer to give when it passes.
 */
interface Span {
  notBefore: number;
  notAfter: number;
  ok: PathResult;
}

/**
 * What does not depend on time, per signer and role: the refusal, if any, and once known the
 * spans of its paths (`found` undefined for a pinned signer, whose one path is its leaf).
 */
interface SignerPlan {
  role: Role;
  problem: string | undefined;
  spans?: readonly Span[];
  found?: CertifiedPaths;
}

const signerPlans = new WeakMap<ResolvedSigner, SignerPlan>();

const DAY_MS = 86_400_000;

/**
 * `validateSignerNow` that answers synchronously once the signer's time-independent checks have
 * settled (every call after the first for a signer); a promise before.
 *
 * @example
 * const r = validateSignerNow(signer, { now, role: 'credentialSigner', clockSkewSeconds: 300 });
 * const result = r instanceof Promise ? await r : r;
 */
export function validateSignerNow(
  signer: ResolvedSigner,
  options: SignerValidationOptions,
): MaybePromise<PathResult> {
  // The times to check, in epoch ms: now, and the issue day (a whole JST day) when given.
  const now = options.now.getTime();
  let dayFrom = now;
  let dayTo = now;
  const issueDate = options.issueDate;
  if (issueDate !== undefined) {
    const start = issueDate instanceof Date ? issueDate.getTime() : issueDayStart(issueDate);
    if (start === undefined || Number.isNaN(start)) {
      return invalid('the credential issue date is not a calendar date');
    }
    dayFrom = start;
    dayTo = issueDate instanceof Date ? start : start + DAY_MS - 1;
  }

  const plan = planOf(signer, options.role);
  if (plan.problem) return invalid(plan.problem);
  const skew = options.clockSkewSeconds * 1000;
  if (plan.spans) {
    return timely(plan.spans, now, dayFrom, dayTo, skew) ?? slowly(signer, options, plan.found);
  }
  const entry = memoSettling(signerPaths, signer, () =>
    certifiedPaths(signer.certificate, signer.anchors, intermediatesOf(signer)),
  );
  const withPaths = (found: CertifiedPaths): PathResult => {
    plan.found = found;
    plan.spans = found.paths.map(spanOf);
    return timely(plan.spans, now, dayFrom, dayTo, skew) ?? slowly(signer, options, found);
  };
  return entry.settled ? withPaths(entry.value!) : entry.promise.then(withPaths);
}

/** The first span holding now and overlapping the issue day, within the skew; else undefined. */
function timely(
  spans: readonly Span[],
  now: number,
  dayFrom: number,
  dayTo: number,
  skew: number,
): PathResult | undefined {
  for (const span of spans) {
    const from = span.notBefore - skew;
    const to = span.notAfter + skew;
    if (from <= now && to >= now && from <= dayTo && to >= dayFrom) return span.ok;
  }
  return undefined;
}

/**
 * The full check with its windows, for the answers that `timely` does not give: it names the
 * certificate and the time that failed, in the words the checks have always used.
 */
function slowly(
  signer: ResolvedSigner,
  options: SignerValidationOptions,
  found: CertifiedPaths | undefined,
): PathResult {
  const at = [instant(options.now, 'now')];
  if (options.issueDate !== undefined) at.push(issueDay(options.issueDate)!);
  const pathOptions: PathOptions = {
    anchors: signer.anchors,
    intermediates: intermediatesOf(signer),
    at,
    clockSkewSeconds: options.clockSkewSeconds,
    leafKeyUsage: 'digitalSignature',
  };
  if (found) return firstTimelyPath(found, pathOptions);
  const problem = checkTimes([signer.certificate], pathOptions);
  return problem ? invalid(problem) : { ok: true, path: [signer.certificate] };
}

function intermediatesOf(signer: ResolvedSigner): ParsedCertificate[] {
  return [...signer.chain.slice(1), ...signer.intermediates];
}

/** The signer's role, leaf and (pinned) profile checks, once per signer and role. */
function planOf(signer: ResolvedSigner, role: Role): SignerPlan {
  const known = signerPlans.get(signer);
  if (known && known.role === role) return known;
  const leaf = signer.certificate;
  const leafOptions = { leafKeyUsage: 'digitalSignature' as const };
  let problem = checkRole(leaf, role, signer.trust === 'pinned' ? signer.pinnedRole : undefined);
  let spans: readonly Span[] | undefined;
  if (!problem && signer.trust === 'chain') {
    problem = checkLeaf(leaf, leafOptions);
  } else if (!problem) {
    // A pinned signer is its own anchor: the leaf's own profile and its validity still apply.
    problem = profileProblem(leaf, false) ?? checkLeaf(leaf, leafOptions);
    spans = [spanOf([leaf])];
  }
  const plan: SignerPlan = { role, problem, ...(spans && { spans }) };
  signerPlans.set(signer, plan);
  return plan;
}

function spanOf(path: readonly ParsedCertificate[]): Span {
  let notBefore = -Infinity;
  let notAfter = Infinity;
  for (const cert of path) {
    notBefore = Math.max(notBefore, cert.notBefore.getTime());
    notAfter = Math.min(notAfter, cert.notAfter.getTime());
  }
  return { notBefore, notAfter, ok: Object.freeze({ ok: true as const, path }) };
}

/**
 * The start (epoch ms) of a `yyyy-mm-dd` or `yyyy/mm/dd` day in JST, or undefined when the text
 * names no calendar day (as {@link issueDay} decides, without building Dates).
 */
function issueDayStart(text: string): number | undefined {
  if (text.length !== 10) return undefined;
  const s4 = text.charCodeAt(4);
  const s7 = text.charCodeAt(7);
  if ((s4 !== 0x2d && s4 !== 0x2f) || (s7 !== 0x2d && s7 !== 0x2f)) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  // Date.UTC reads years 0–99 as 19xx: such a text never named the day it spells.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
    return undefined;
  }
  return Date.UTC(year, month - 1, day) - 9 * 3600_000;
}

function digitsAt(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function daysIn(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/** A point in time as a validity window. */
export function instant(date: Date, label = 'the validation time'): ValidityWindow {
  return { from: date, to: date, label };
}

/**
 * The calendar day of a credential's issue date in Japan Standard Time (UTC+9, the issuing
 * system's zone): a certificate must have been valid at some moment of that day.
 */
function issueDay(value: string | Date): ValidityWindow | undefined {
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? undefined : instant(value, 'the issue date');
  const match = /^(\d{4})[-/](\d{2})[-/](\d{2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const start = Date.UTC(year, month - 1, day) - 9 * 3600_000;
  const check = new Date(start + 9 * 3600_000);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  ) {
    return undefined;
  }
  return { from: new Date(start), to: new Date(start + 86_400_000 - 1), label: 'the issue date' };
}

const OUR_ROLE_OIDS: ReadonlySet<string> = new Set<string>(Object.values(ROLE_OIDS));

/**
 * The role check (ARCHITECTURE "Roles"): the leaf lists the role's EKU and no other role of
 * ours. A pinned certificate that lists none of our roles is trusted for its configured role.
 */
function checkRole(
  leaf: ParsedCertificate,
  role: Role,
  pinnedRole: Role | undefined,
): string | undefined {
  const listed = (leaf.extendedKeyUsage ?? []).filter((oid) => OUR_ROLE_OIDS.has(oid));
  if (listed.length === 0) {
    if (pinnedRole === role) return undefined;
    return pinnedRole
      ? `pinned for role ${pinnedRole}, not ${role}`
      : `the certificate has no ${role} role`;
  }
  if (listed.length > 1) return 'the certificate holds more than one role';
  return listed[0] === ROLE_OIDS[role]
    ? undefined
    : `the certificate is for another role than ${role}`;
}

/** The leaf's own rules (RFC 5280 §4.2.1.3, §4.2.1.9, §4.2.1.12). */
function checkLeaf(
  leaf: ParsedCertificate,
  options: Pick<PathOptions, 'leafKeyUsage' | 'requiredEku'>,
): string | undefined {
  if (leaf.basicConstraints?.ca) return 'the signer certificate is a CA certificate';
  if (options.leafKeyUsage && leaf.keyUsage && !leaf.keyUsage.has(options.leafKeyUsage)) {
    return `the signer certificate's key usage lacks ${options.leafKeyUsage}`;
  }
  if (options.requiredEku && !leaf.extendedKeyUsage?.includes(options.requiredEku)) {
    return `the signer certificate's extended key usage lacks ${options.requiredEku}`;
  }
  return undefined;
}

/** Depth limit: intermediates between leaf and anchor, self-issued ones not counted. */
function checkDepth(
  path: readonly ParsedCertificate[],
  max: number | undefined,
): string | undefined {
  if (max === undefined) return undefined;
  const count = path.slice(1, -1).filter((c) => !c.selfIssued).length;
  return count > max ? `${count} intermediates, more than the ${max} allowed` : undefined;
}

/** RFC 5280 §6.1.3 (a)(2): every certificate of the path is within its validity period. */
function checkTimes(path: readonly ParsedCertificate[], options: PathOptions): string | undefined {
  const skew = (options.clockSkewSeconds ?? 0) * 1000;
  for (const cert of path) {
    for (const window of options.at) {
      if (cert.notBefore.getTime() - skew > window.to.getTime()) {
        return `${describe(cert)} is not yet valid at ${window.label}`;
      }
      if (cert.notAfter.getTime() + skew < window.from.getTime()) {
        return `${describe(cert)} has expired at ${window.label}`;
      }
    }
  }
  return undefined;
}

/** Whether the path's issuer chain names match (exported for the CRL check). */
export function issuedBy(cert: ParsedCertificate, issuer: ParsedCertificate): boolean {
  return cert.issuerKey === issuer.subjectKey;
}

function describe(cert: ParsedCertificate): string {
  const kind = cert.basicConstraints?.ca ? 'CA certificate' : 'certificate';
  return `${kind} ${cert.subject || '(empty subject)'}`;
}

function invalid(detail: string): PathResult {
  return { ok: false, code: 'signer_certificate_invalid', detail };
}

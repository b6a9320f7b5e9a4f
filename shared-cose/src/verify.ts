/**
 * The verification pipeline: QR text (or COSE bytes) → Verdict. Five checks in the order of
 * DESIGN §3 — decode, signature, signer certificate, its revocation, qualification status.
 * Once a check fails, the ones after it are skipped (a check that is only unknown does not stop
 * the rest: a later failure still makes the credential invalid). verdict/build.ts derives the
 * result. A bad credential is a verdict; only a misconfigured context throws.
 */
import { decodeCredentialPayload } from './codec/payload';
import { parseQrText } from './codec/qrtext';
import { decodeSign1, type Sign1 } from './cose/sign1';
import { sign1Algorithm, verifySign1 } from './cose/verify-sign1';
import { createWebCryptoBackend } from './crypto/webcrypto';
import type { VerifyPolicy } from './policy';
import type {
  AlgName,
  Check,
  CheckName,
  CredentialRecord,
  CrlSource,
  CryptoBackend,
  SignerInfo,
  StatusAnswer,
  StatusSource,
  Verdict,
} from './types';
import { buildVerdict } from './verdict/build';
import type { Lang } from './verdict/reasons';
import type { MaybePromise } from './memo';
import { checkRevocationNow, type RevocationResult } from './x509/crl';
import { validateSignerNow, type PathResult } from './x509/path';
import type { ResolvedSigner } from './x509/signer';
import type { ResolveResult, TrustStore } from './x509/trust-store';

export interface VerifyContext {
  policy: VerifyPolicy;
  trust: TrustStore;
  /** Signature verification; default: the WebCrypto backend. */
  crypto?: CryptoBackend;
  crls: CrlSource;
  status: StatusSource;
  /** The clock; default `new Date()`. */
  now?: () => Date;
  /** Language of the reason messages; default Japanese. */
  lang?: Lang;
}

const ROLE = 'credentialSigner';
let defaultCrypto: CryptoBackend | undefined;

/**
 * Verifies a credential given as QR text (URL or bare value) or as COSE_Sign1 bytes.
 *
 * @example
 * const verdict = await verifyCredential('https://dqcvs.nqs.go.jp/w/?c=0oRDoQE4JK…', {
 *   policy: defaultPolicy, trust, crls, status,
 * });
 * verdict.result; // 'valid' | 'invalid' | 'indeterminate'
 */
export async function verifyCredential(
  input: string | Uint8Array,
  ctx: VerifyContext,
): Promise<Verdict> {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new TypeError('verifyCredential: input must be a string or a Uint8Array');
  }
  assertContext(ctx);
  const now = ctx.now ? ctx.now() : new Date();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new TypeError('verifyCredential: now() must return a valid Date');
  }
  const checks: Check[] = [];
  const done = (extra: Partial<Parameters<typeof buildVerdict>[0]> = {}) =>
    buildVerdict({
      checks,
      credential: null,
      signer: null,
      checkedAt: now,
      lang: ctx.lang ?? 'ja',
      ...extra,
    });

  const decoded = decodeStep(input, ctx.policy);
  checks.push(decoded.check);
  if (!decoded.sign1) return done();
  const { sign1, record } = decoded;

  // Every step below answers synchronously when its sources and caches have the answer; the
  // pipeline awaits only a promise (on the hot path, the signature check alone).
  const signing = signatureStep(sign1, ctx);
  const signed = signing instanceof Promise ? await signing : signing;
  checks.push(signed.check);
  const signer: SignerInfo | null =
    signed.signer && signed.alg ? { ...signed.signer.info, alg: signed.alg } : null;
  if (signed.check.status === 'fail' || !signed.signer) {
    return done({ credential: record, signer });
  }

  const certifying = certificateStep(signed.signer, record, now, ctx);
  const certificate = certifying instanceof Promise ? await certifying : certifying;
  checks.push(certificate);
  if (certificate.status === 'fail') return done({ credential: record, signer });

  const revoking = revocationStep(signed.signer, now, ctx);
  checks.push(revoking instanceof Promise ? await revoking : revoking);
  if (checks.some((c) => c.status === 'fail')) return done({ credential: record, signer });

  const asking = statusStep(record, ctx);
  const { check, answer } = asking instanceof Promise ? await asking : asking;
  checks.push(check);
  const status =
    answer?.ok === true
      ? { source: answer.source, fetchedAt: answer.fetchedAt.toISOString() }
      : undefined;
  return done({ credential: record, signer, ...(status && { status }) });
}

type DecodeOutcome =
  | { check: Check; sign1: Sign1; record: CredentialRecord }
  | { check: Check; sign1?: undefined; record?: undefined };

function decodeStep(input: string | Uint8Array, policy: VerifyPolicy): DecodeOutcome {
  let bytes: Uint8Array;
  if (typeof input === 'string') {
    const parsed = parseQrText(input, {
      verificationHosts: policy.verificationHosts,
      maxChars: policy.maxQrChars,
    });
    if (!parsed.ok) return { check: fail('decode', parsed.code, parsed.detail) };
    bytes = parsed.bytes;
  } else {
    bytes = input;
  }
  if (bytes.length > policy.maxInputBytes) {
    return { check: fail('decode', 'malformed', `more than ${policy.maxInputBytes} bytes`) };
  }

  const options = { maxDepth: policy.maxDepth };
  const sign1 = decodeSign1(bytes, options);
  if (!sign1.ok) return { check: fail('decode', 'malformed', sign1.detail) };
  const payload = decodeCredentialPayload(sign1.sign1.payload, options);
  if (!payload.ok) return { check: fail('decode', 'malformed', payload.detail) };
  return { check: pass('decode'), sign1: sign1.sign1, record: payload.record };
}

interface SignatureOutcome {
  check: Check;
  signer?: ResolvedSigner;
  alg?: AlgName;
}

function signatureStep(sign1: Sign1, ctx: VerifyContext): MaybePromise<SignatureOutcome> {
  const alg = sign1Algorithm(sign1, ctx.policy);
  if (!alg.ok) return { check: fail('signature', alg.code, alg.detail) };

  const kid = sign1.protectedHeader.kid ?? sign1.unprotectedHeader.kid;
  const x5chain = sign1.protectedHeader.x5chain ?? sign1.unprotectedHeader.x5chain;
  const lookupFailed = (error: unknown): SignatureOutcome => ({
    check: fail('signature', 'unknown_signer', `signer lookup failed: ${message(error)}`),
  });
  let found: MaybePromise<ResolveResult>;
  try {
    found = ctx.trust.resolveSigner({ kid, x5chain, role: ROLE });
  } catch (error) {
    return lookupFailed(error);
  }
  if (found instanceof Promise) {
    return found.then((f) => signatureWith(sign1, alg.alg, f, ctx), lookupFailed);
  }
  return signatureWith(sign1, alg.alg, found, ctx);
}

async function signatureWith(
  sign1: Sign1,
  alg: AlgName,
  found: ResolveResult,
  ctx: VerifyContext,
): Promise<SignatureOutcome> {
  if (!found.ok) return { check: fail('signature', 'unknown_signer', found.detail) };
  const crypto = ctx.crypto ?? (defaultCrypto ??= createWebCryptoBackend());
  const spki = found.signer.spki;
  const verified = await verifySign1(sign1, { alg, spki, crypto });
  const check = verified.ok ? pass('signature') : fail('signature', verified.code, verified.detail);
  return { check, signer: found.signer, alg };
}

function certificateStep(
  signer: ResolvedSigner,
  record: CredentialRecord,
  now: Date,
  ctx: VerifyContext,
): MaybePromise<Check> {
  const failed = (error: unknown) =>
    fail(
      'signer_certificate',
      'signer_certificate_invalid',
      `validation failed: ${message(error)}`,
    );
  // One validation: the path is certified once per signer, then valid now and at the issue day.
  const toCheck = (result: PathResult): Check =>
    result.ok ? pass('signer_certificate') : fail('signer_certificate', result.code, result.detail);
  try {
    const result = validateSignerNow(signer, {
      now,
      role: ROLE,
      clockSkewSeconds: ctx.policy.clockSkewSeconds,
      ...(record.issueDate !== undefined && { issueDate: record.issueDate }),
    });
    return result instanceof Promise ? result.then(toCheck, failed) : toCheck(result);
  } catch (error) {
    return failed(error);
  }
}

function revocationStep(
  signer: ResolvedSigner,
  now: Date,
  ctx: VerifyContext,
): MaybePromise<Check> {
  const failed = (error: unknown) =>
    unknown('signer_revocation', 'crl_unavailable', `CRL check failed: ${message(error)}`);
  const toCheck = (result: RevocationResult): Check => {
    if (result.status === 'pass') return pass('signer_revocation');
    if (result.status === 'skipped') {
      return { name: 'signer_revocation', status: 'skipped', detail: result.detail };
    }
    return {
      name: 'signer_revocation',
      status: result.status,
      code: result.code,
      detail: result.detail,
    };
  };
  try {
    const result = checkRevocationNow(signer, ctx.crls, now, {
      clockSkewSeconds: ctx.policy.clockSkewSeconds,
    });
    return result instanceof Promise ? result.then(toCheck, failed) : toCheck(result);
  } catch (error) {
    return failed(error);
  }
}

const STATUS_CODES = {
  revoked: 'qualification_revoked',
  suspended: 'qualification_suspended',
  deleted: 'qualification_deleted',
  superseded: 'certificate_superseded',
} as const;

function statusStep(
  record: CredentialRecord,
  ctx: VerifyContext,
): MaybePromise<{ check: Check; answer?: StatusAnswer }> {
  const failed = (error: unknown) => {
    const detail = `status source failed: ${message(error)}`;
    return { check: unknown('status', 'registry_unavailable', detail) };
  };
  try {
    const answer = ctx.status.getStatus(record);
    return answer instanceof Promise ? answer.then(statusCheck, failed) : statusCheck(answer);
  } catch (error) {
    return failed(error);
  }
}

function statusCheck(answer: StatusAnswer): { check: Check; answer?: StatusAnswer } {
  if (answer.ok) {
    if (answer.status === 'valid') return { check: pass('status'), answer };
    const code = STATUS_CODES[answer.status];
    if (code === undefined) {
      const detail = `unknown status ${String(answer.status)}`;
      return { check: unknown('status', 'registry_unavailable', detail) };
    }
    return { check: fail('status', code, `status ${answer.status}`), answer };
  }
  if (answer.code === 'certificate_unknown') {
    return { check: fail('status', 'certificate_unknown', 'the registry has no such certificate') };
  }
  return { check: unknown('status', answer.code, answer.detail) };
}

function assertContext(ctx: VerifyContext): void {
  if (!ctx || typeof ctx !== 'object') throw new TypeError('verifyCredential: context required');
  assertPolicy(ctx.policy);
  if (!ctx.trust || typeof ctx.trust.resolveSigner !== 'function') {
    throw new TypeError('verifyCredential: context.trust must be a TrustStore');
  }
  if (!ctx.crls || typeof ctx.crls.getCrl !== 'function') {
    throw new TypeError('verifyCredential: context.crls must be a CrlSource');
  }
  if (!ctx.status || typeof ctx.status.getStatus !== 'function') {
    throw new TypeError('verifyCredential: context.status must be a StatusSource');
  }
}

/** A policy with a missing or wrong member would silently drop a limit: refuse it loudly. */
function assertPolicy(policy: VerifyPolicy): void {
  if (!policy || typeof policy !== 'object') {
    throw new TypeError('verifyCredential: context.policy is required');
  }
  for (const key of ['maxQrChars', 'maxInputBytes', 'maxDepth', 'clockSkewSeconds'] as const) {
    const value = policy[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new TypeError(`verifyCredential: policy.${key} must be a non-negative number`);
    }
  }
  if (!Array.isArray(policy.allowedAlgorithms) || !Array.isArray(policy.verificationHosts)) {
    throw new TypeError('verifyCredential: policy needs allowedAlgorithms and verificationHosts');
  }
  const hosts = policy.verificationHosts;
  if (hosts === checkedHosts && sameList(hosts, checkedCopy)) return;
  for (const host of hosts) {
    if (typeof host !== 'string' || !URL.canParse(host)) {
      throw new TypeError(`verifyCredential: verification host ${String(host)} is not a URL`);
    }
  }
  checkedHosts = hosts;
  checkedCopy = [...hosts];
}

/** The last hosts list found valid, and a copy to notice a change made to it in place. */
let checkedHosts: readonly string[] = [];
let checkedCopy: readonly string[] = [];

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function pass(name: CheckName): Check {
  return { name, status: 'pass' };
}

function fail(name: CheckName, code: NonNullable<Check['code']>, detail: string): Check {
  return { name, status: 'fail', code, detail };
}

function unknown(name: CheckName, code: NonNullable<Check['code']>, detail: string): Check {
  return { name, status: 'unknown', code, detail };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

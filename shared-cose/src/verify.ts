/**
 * The verification pipeline: QR text (or COSE bytes) → Verdict. Five checks in the order of
 * DESIGN §3 — decode, signature, signer certificate, its revocation, qualification status.
 * Once a check fails, the ones after it are skipped (a check that is only unknown does not stop
 * the rest: a later failure still makes the credential invalid). verdict/build.ts derives the
 * result. A bad credential is a verdict; only a misconfigured context throws.
 *
 * Every step answers synchronously when its sources and caches have the answer; the pipeline
 * awaits a promise only when a step hands one back, so on the hot path it awaits the signature
 * engine alone. The helpers are module functions, not closures made per call.
 */
import { decodeCredentialPayload } from './codec/payload';
import { ownBytes, pooledBytes } from './codec/pool';
import { readQrText, verificationBase } from './codec/qrtext';
import { decodeSign1, type Sign1 } from './cose/sign1';
import { engineRefused, notVerified, sign1Algorithm, startSign1Verify } from './cose/verify-sign1';
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
  const lang = ctx.lang ?? 'ja';
  const checks: Check[] = [];

  const decoded = decodeStep(input, ctx.policy);
  checks.push(decoded.check);
  if (decoded.sign1 === undefined) return finish(checks, now, lang, null, null);
  const { sign1, record } = decoded;

  let signing = signatureStep(sign1, ctx);
  if (signing instanceof Promise) signing = await signing;
  let signed: SignatureOutcome;
  if (signing.verifying === undefined) {
    signed = signing;
  } else {
    // The one await of the hot path: the engine's answer.
    let good: boolean;
    try {
      good = await signing.verifying;
    } catch (error) {
      good = false;
      signing.check = failFrom('signature', engineRefused(signing.alg!, error));
    }
    if (!good && signing.check === undefined) {
      signing.check = failFrom('signature', notVerified(signing.alg!));
    }
    signed = signing;
  }
  const check = signed.check ?? pass('signature');
  checks.push(check);
  const resolved = signed.signer;
  const signer = resolved && signed.alg ? signerInfo(resolved, signed.alg) : null;
  if (check.status === 'fail' || resolved === undefined) {
    return finish(checks, now, lang, record, signer);
  }

  const certifying = certificateStep(resolved, record, now, ctx);
  const certificate = certifying instanceof Promise ? await certifying : certifying;
  checks.push(certificate);
  if (certificate.status === 'fail') return finish(checks, now, lang, record, signer);

  const revoking = revocationStep(resolved, now, ctx);
  const revocation = revoking instanceof Promise ? await revoking : revoking;
  checks.push(revocation);
  if (revocation.status === 'fail') return finish(checks, now, lang, record, signer);

  const asking = statusStep(record, ctx);
  const status = asking instanceof Promise ? await asking : asking;
  checks.push(status.check);
  const answer = status.answer;
  if (answer?.ok !== true) return finish(checks, now, lang, record, signer);
  const from = { source: answer.source, fetchedAt: answer.fetchedAt.toISOString() };
  return finish(checks, now, lang, record, signer, from);
}

function finish(
  checks: Check[],
  checkedAt: Date,
  lang: Lang,
  credential: CredentialRecord | null,
  signer: SignerInfo | null,
  status?: Verdict['status'],
): Verdict {
  return buildVerdict({ checks, credential, signer, checkedAt, lang, status });
}

function signerInfo(signer: ResolvedSigner, alg: AlgName): SignerInfo {
  const info = signer.info;
  return {
    kid: info.kid,
    alg,
    subject: info.subject,
    issuer: info.issuer,
    serialNumber: info.serialNumber,
    notBefore: info.notBefore,
    notAfter: info.notAfter,
    trust: info.trust,
  };
}

type DecodeOutcome =
  | { check: Check; sign1: Sign1; record: CredentialRecord }
  | { check: Check; sign1?: undefined; record?: undefined };

function decodeStep(input: string | Uint8Array, policy: VerifyPolicy): DecodeOutcome {
  let bytes: Uint8Array;
  if (typeof input === 'string') {
    const parsed = readQrText(
      input,
      { verificationHosts: policy.verificationHosts, maxChars: policy.maxQrChars },
      pooledBytes,
    );
    if (!parsed.ok) return { check: fail('decode', parsed.code, parsed.detail) };
    bytes = parsed.bytes;
  } else {
    bytes = input;
  }
  if (bytes.length > policy.maxInputBytes) {
    return { check: fail('decode', 'malformed', `more than ${policy.maxInputBytes} bytes`) };
  }
  if (bytes === input) {
    // The decoded members are views of these bytes: a copy of ours, so that a caller changing
    // its array while the signature is checked changes nothing here.
    bytes = pooledBytes(input.length);
    bytes.set(input);
  }

  const options = { maxDepth: policy.maxDepth };
  const sign1 = decodeSign1(bytes, options);
  if (!sign1.ok) return { check: fail('decode', 'malformed', sign1.detail) };
  const payload = decodeCredentialPayload(sign1.sign1.payload, options);
  if (!payload.ok) return { check: fail('decode', 'malformed', payload.detail) };
  return { check: pass('decode'), sign1: sign1.sign1, record: payload.record };
}

/**
 * The signature step so far: a settled `check` (a failure), or the engine's pending answer in
 * `verifying`, which verifyCredential awaits (no check yet means it passes if the answer is yes).
 */
interface SignatureOutcome {
  check?: Check;
  verifying?: Promise<boolean>;
  signer?: ResolvedSigner;
  alg?: AlgName;
}

function signatureStep(sign1: Sign1, ctx: VerifyContext): MaybePromise<SignatureOutcome> {
  const alg = sign1Algorithm(sign1, ctx.policy);
  if (!alg.ok) return { check: fail('signature', alg.code, alg.detail) };

  // Copies: the headers are views of the pooled input, and a trust store is the caller's code.
  const kid = (sign1.protectedHeader.kid ?? sign1.unprotectedHeader.kid)?.slice();
  const x5chain = (sign1.protectedHeader.x5chain ?? sign1.unprotectedHeader.x5chain)?.map((c) =>
    c.slice(),
  );
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

function lookupFailed(error: unknown): SignatureOutcome {
  return { check: fail('signature', 'unknown_signer', `signer lookup failed: ${message(error)}`) };
}

function signatureWith(
  sign1: Sign1,
  alg: AlgName,
  found: ResolveResult,
  ctx: VerifyContext,
): SignatureOutcome {
  if (!found.ok) return { check: fail('signature', 'unknown_signer', found.detail) };
  const crypto = ctx.crypto ?? (defaultCrypto ??= createWebCryptoBackend());
  const signer = found.signer;
  // Pooled views only for a backend that declares it reads nothing beyond them; any other gets
  // a Sig_structure and a signature of its own (types.ts, CryptoBackend.readsViewedBytesOnly).
  const started =
    crypto.readsViewedBytesOnly === true
      ? startSign1Verify(sign1, { alg, spki: signer.spki, crypto }, pooledBytes)
      : startSign1Verify(
          { ...sign1, signature: sign1.signature.slice() },
          { alg, spki: signer.spki, crypto },
          ownBytes,
        );
  if (started instanceof Promise) return { verifying: started, signer, alg };
  const check = started.ok ? pass('signature') : failFrom('signature', started);
  return { check, signer, alg };
}

function failFrom(name: CheckName, r: { code: NonNullable<Check['code']>; detail: string }): Check {
  return fail(name, r.code, r.detail);
}

function certificateStep(
  signer: ResolvedSigner,
  record: CredentialRecord,
  now: Date,
  ctx: VerifyContext,
): MaybePromise<Check> {
  // One validation: the path is certified once per signer, then valid now and at the issue day.
  try {
    const result = validateSignerNow(signer, {
      now,
      role: ROLE,
      clockSkewSeconds: ctx.policy.clockSkewSeconds,
      issueDate: record.issueDate,
    });
    return result instanceof Promise ? result.then(pathCheck, pathFailed) : pathCheck(result);
  } catch (error) {
    return pathFailed(error);
  }
}

function pathCheck(result: PathResult): Check {
  return result.ok
    ? pass('signer_certificate')
    : fail('signer_certificate', result.code, result.detail);
}

function pathFailed(error: unknown): Check {
  const detail = `validation failed: ${message(error)}`;
  return fail('signer_certificate', 'signer_certificate_invalid', detail);
}

function revocationStep(
  signer: ResolvedSigner,
  now: Date,
  ctx: VerifyContext,
): MaybePromise<Check> {
  try {
    const result = checkRevocationNow(signer, ctx.crls, now, {
      clockSkewSeconds: ctx.policy.clockSkewSeconds,
    });
    return result instanceof Promise
      ? result.then(revocationCheck, revocationFailed)
      : revocationCheck(result);
  } catch (error) {
    return revocationFailed(error);
  }
}

function revocationCheck(result: RevocationResult): Check {
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
}

function revocationFailed(error: unknown): Check {
  return unknown('signer_revocation', 'crl_unavailable', `CRL check failed: ${message(error)}`);
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
  try {
    const answer = ctx.status.getStatus(record);
    return answer instanceof Promise ? answer.then(statusCheck, statusFailed) : statusCheck(answer);
  } catch (error) {
    return statusFailed(error);
  }
}

function statusFailed(error: unknown): { check: Check } {
  const detail = `status source failed: ${message(error)}`;
  return { check: unknown('status', 'registry_unavailable', detail) };
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
  for (const host of hosts) verificationBase(host, 'verifyCredential');
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

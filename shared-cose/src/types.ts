/**
 * The public types of shared-cose: the verdict that every part shows, and the interfaces that a
 * host injects (crypto, CRL fetching, qualification status). The library never fetches by
 * itself and never reads a clock it was not given.
 */
import type { ReasonCode } from './verdict/reasons';

export type { ReasonCode, Lang } from './verdict/reasons';

/** COSE algorithm names this project knows (RFC 9053 / RFC 8230 identifiers in `ALG_IDS`). */
export type AlgName = 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA';

export const ALG_IDS: Record<AlgName, number> = {
  ES256: -7,
  ES384: -35,
  ES512: -36,
  EdDSA: -8,
  PS256: -37,
  PS384: -38,
  PS512: -39,
};

// ---------------------------------------------------------------- the verdict

export type VerdictResult = 'valid' | 'invalid' | 'indeterminate';
export type CheckStatus = 'pass' | 'fail' | 'unknown' | 'skipped';

/** The checks, always all five, always in this order (DESIGN §3). */
export type CheckName =
  'decode' | 'signature' | 'signer_certificate' | 'signer_revocation' | 'status';
export const CHECK_ORDER: readonly CheckName[] = [
  'decode',
  'signature',
  'signer_certificate',
  'signer_revocation',
  'status',
];

export interface Check {
  name: CheckName;
  status: CheckStatus;
  /** Present when status is fail or unknown. */
  code?: ReasonCode;
  /** A short technical detail in English, no credential contents (e.g. "CRL nextUpdate 2026-…"). */
  detail?: string;
}

export interface Reason {
  code: ReasonCode;
  message: string;
}

/** The decoded payload (DESIGN §2), copied into our own object; every member optional. */
export interface CredentialRecord {
  /** CN 資格名称 */
  qualificationName?: string;
  /** UN 氏名 */
  holderName?: string;
  /** UB 生年月日, normalised to yyyy-mm-dd */
  birthDate?: string;
  /** RN 登録番号 */
  registrationNumber?: string;
  /** RD 登録年月日, yyyy-mm-dd */
  registrationDate?: string;
  /** DT 種別コード */
  kindCode?: string;
  /** ID 発行年月日, yyyy-mm-dd */
  issueDate?: string;
  /** IA 交付機関 */
  issuingBody?: string;
  /** IN 交付者名 */
  issuerName?: string;
  /** CI 資格ID */
  qualificationId?: string;
  /** DN 証明書ID */
  certificateId?: string;
  /** UC 利用者コード */
  holderCode?: string;
  /** ST: the status-list reference our issuer adds (Token Status List draft `status_list`). */
  statusList?: { idx: number; uri: string };
}

export interface SignerInfo {
  kid: string;
  alg: AlgName;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** `chain`: validated to a configured trust anchor; `pinned`: trusted by itself by configuration. */
  trust: 'chain' | 'pinned';
}

export interface Verdict {
  result: VerdictResult;
  /** Every failing or unknown check's code, most important first, with messages in `lang`. */
  reasons: Reason[];
  checks: Check[];
  credential: CredentialRecord | null;
  signer: SignerInfo | null;
  /** ISO 8601 time of the check, from the injected clock. */
  checkedAt: string;
  /** Where status came from and how old it is, when a status was obtained. */
  status?: { source: 'registry' | 'status_list'; fetchedAt: string };
}

// ---------------------------------------------------------------- injected interfaces

/**
 * Verifies one signature. The default is WebCrypto; a Node host may pass one built on
 * `node:crypto` with cached KeyObjects. `key` is the SubjectPublicKeyInfo DER of the signer;
 * backends cache parsed keys by identity of that array. Returns false on a bad signature;
 * throws only for misuse (an unknown alg).
 */
export interface CryptoBackend {
  readonly name: string;
  verify(alg: AlgName, spki: Uint8Array, data: Uint8Array, signature: Uint8Array): Promise<boolean>;
  /**
   * Declares that the backend reads exactly the bytes each array views, during the call, and
   * never keeps an array, transfers it (postMessage) or reads its `.buffer`. A verification then
   * hands it views of its short-lived byte pool, whose buffers also hold other verifications'
   * bytes (codec/pool.ts); any other backend gets arrays of its own, copied per call.
   */
  readonly readsViewedBytesOnly?: boolean;
}

/** Result of asking for a CA's current CRL. `der` is the raw CRL; the library checks it. */
export type CrlFetch =
  { ok: true; der: Uint8Array; fetchedAt: Date } | { ok: false; detail: string };

/**
 * Gives the current CRL of a CA, identified by the CA certificate's subject and SPKI digest.
 * The host maps this to a configured address (never one taken from a certificate) and caches
 * it no longer than nextUpdate and its configured maximum age. A source that has the answer in
 * its cache may return it directly rather than as a promise (the verification then takes no
 * microtask for it).
 */
export interface CrlSource {
  getCrl(ca: { subject: string; spkiSha256: string }): CrlFetch | Promise<CrlFetch>;
}

/** The qualification status values (DESIGN §4; Token Status List values in parentheses). */
export type QualificationStatus =
  | 'valid' // 0
  | 'revoked' // 1 取消
  | 'suspended' // 2 一時停止
  | 'deleted' // 3 削除
  | 'superseded'; // 12 (0x0C, application-specific)

export type StatusAnswer =
  | { ok: true; status: QualificationStatus; source: 'registry' | 'status_list'; fetchedAt: Date }
  | { ok: false; code: 'certificate_unknown' }
  | { ok: false; code: 'registry_unavailable' | 'status_stale'; detail: string };

/**
 * Answers the registry status of one certificate (online per id, or from a status list); an
 * answer at hand (cached) may be returned directly rather than as a promise.
 */
export interface StatusSource {
  getStatus(credential: CredentialRecord): StatusAnswer | Promise<StatusAnswer>;
}

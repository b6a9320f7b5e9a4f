/**
 * shared-cose: QR text → verdict for デジタル資格者証, on web-platform APIs only.
 *
 * @example
 * import { verifyCredential, defaultPolicy } from '@dqcv/shared-cose';
 * const verdict = await verifyCredential(qrText, { policy: defaultPolicy, trust, crls, status });
 */
export * from './types';
export * from './verdict/reasons';
export * from './x509/roles';

export { decodeBase64Any, encodeBase64, encodeBase64Url } from './codec/base64';
export { parseQrText, DEFAULT_MAX_QR_CHARS } from './codec/qrtext';
export type { QrTextOptions, QrTextResult } from './codec/qrtext';
export { scanCbor, DEFAULT_MAX_DEPTH, ALLOWED_TAGS } from './codec/cbor-scan';
export type { CborScanOptions, CborScanResult } from './codec/cbor-scan';
export { decodeCbor, encodeCbor, tagged, isTag } from './codec/cbor';
export type { CborDecodeResult } from './codec/cbor';

export { decodeSign1, COSE_SIGN1_TAG, CWT_TAG } from './cose/sign1';
export type { Sign1, Sign1Result } from './cose/sign1';
export { readHeader, HEADER } from './cose/headers';
export type { CoseHeader, Label } from './cose/headers';
export { sigStructure1 } from './cose/sig-structure';
export { signSign1 } from './cose/sign';
export type { HeaderInput, Sign1Input, SignFunction } from './cose/sign';
export * from './status/index';
export * from './crypto/index';
export { sign1Algorithm, verifySign1 } from './cose/verify-sign1';
export type {
  AlgorithmPolicy,
  AlgorithmResult,
  SignatureResult,
  VerifySign1Options,
} from './cose/verify-sign1';
export {
  decodeCredentialPayload,
  encodeCredentialPayload,
  credentialUrl,
  STATUS_KEY,
} from './codec/payload';
export type { PayloadResult, EncodePayloadOptions } from './codec/payload';
export { verifyCredential } from './verify';
export type { VerifyContext } from './verify';
export { defaultPolicy } from './policy';
export type { VerifyPolicy } from './policy';
export { buildVerdict } from './verdict/build';
export type { VerdictParts } from './verdict/build';

export { parseCertificate, pemToDer, CertificateParseError } from './x509/certificate';
export type { ParsedCertificate, KeyUsageName } from './x509/certificate';
export { createTrustStore, TrustStoreError, MAX_X5CHAIN } from './x509/trust-store';
export type {
  TrustStore,
  TrustStoreConfig,
  SignerConfig,
  CertificateInput,
  ResolveResult,
} from './x509/trust-store';
export type { ResolvedSigner, SignerTrust } from './x509/signer';
export { validateSigner, validatePath, instant } from './x509/path';
export type { PathOptions, PathResult, SignerValidationOptions, ValidityWindow } from './x509/path';
export { checkRevocation } from './x509/crl';
export type { RevocationResult, RevocationOptions } from './x509/crl';

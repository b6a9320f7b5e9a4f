/**
 * What a verifier accepts, in one visible object: verification hosts, algorithms, size and
 * depth limits, clock skew. Anything that weakens a check has a name that says so.
 */
import { DEFAULT_MAX_DEPTH } from './codec/cbor-scan';
import { DEFAULT_MAX_QR_CHARS } from './codec/qrtext';
import type { AlgName } from './types';

export interface VerifyPolicy {
  /** Base URLs whose `/w/?c=` pages are credential URLs (scheme, host and port must match). */
  verificationHosts: readonly string[];
  /** Signature algorithms accepted; anything else is `unsupported_algorithm`. */
  allowedAlgorithms: readonly AlgName[];
  /** Longest QR text accepted, refused before decoding. */
  maxQrChars: number;
  /** Largest COSE_Sign1 accepted, in bytes (for text input, after base64). */
  maxInputBytes: number;
  /** Deepest CBOR nesting accepted (arrays, maps and tags each count one level). */
  maxDepth: number;
  /** Tolerance for certificate validity times, in seconds. */
  clockSkewSeconds: number;
  /**
   * Take `alg` from the unprotected header when the protected one has none. Off by default:
   * an unprotected alg is not covered by the signature. Exists for conformance experiments only.
   */
  dangerouslyAcceptUnprotectedAlg?: boolean;
}

/**
 * The default policy: the real verification host and our own default server, every algorithm
 * of the project (PS256/384/512, ES256/384/512, EdDSA with Ed25519), 8,192 characters of QR
 * text, 6,144 bytes of COSE (the most that 8,192 base64 characters can carry), depth 16, and
 * five minutes of clock skew.
 *
 * @example
 * const policy: VerifyPolicy = { ...defaultPolicy, verificationHosts: ['https://verify.example'] };
 */
export const defaultPolicy: Readonly<VerifyPolicy> = Object.freeze({
  verificationHosts: Object.freeze(['https://dqcvs.nqs.go.jp', 'http://127.0.0.1:8787']),
  allowedAlgorithms: Object.freeze<AlgName[]>([
    'PS256',
    'PS384',
    'PS512',
    'ES256',
    'ES384',
    'ES512',
    'EdDSA',
  ]),
  maxQrChars: DEFAULT_MAX_QR_CHARS,
  maxInputBytes: (DEFAULT_MAX_QR_CHARS / 4) * 3,
  maxDepth: DEFAULT_MAX_DEPTH,
  clockSkewSeconds: 300,
});

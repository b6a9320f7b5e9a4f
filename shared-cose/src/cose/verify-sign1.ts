/**
 * The two COSE-level decisions of verification: which algorithm a COSE_Sign1 is signed with
 * (our policy), and whether its signature verifies under a given key (RFC 9052 §4.4).
 */
import { algFromCoseId } from '../crypto/algorithms';
import { parseSpki } from '../crypto/spki';
import type { AlgName, CryptoBackend } from '../types';
import { ownBytes, type ByteAllocator } from '../codec/pool';
import type { Sign1 } from './sign1';
import { sigStructureInto } from './sig-structure';

export interface AlgorithmPolicy {
  allowedAlgorithms: readonly AlgName[];
  /**
   * Also take alg from the unprotected header. Off by default: an unprotected alg can be changed
   * without breaking the signature (RFC 9052 §3.1 lets it live there; we do not).
   */
  dangerouslyAcceptUnprotectedAlg?: boolean;
}

export type AlgorithmResult =
  { ok: true; alg: AlgName } | { ok: false; code: 'unsupported_algorithm'; detail: string };

/**
 * The algorithm of a COSE_Sign1 under our policy: present in the protected header, a COSE
 * integer we know, and allowed.
 *
 * @example
 * sign1Algorithm(sign1, { allowedAlgorithms: ['PS256', 'ES256'] }) // { ok: true, alg: 'PS256' }
 */
export function sign1Algorithm(sign1: Sign1, policy: AlgorithmPolicy): AlgorithmResult {
  let alg = sign1.protectedHeader.alg;
  if (alg === undefined && sign1.unprotectedHeader.alg !== undefined) {
    if (!policy.dangerouslyAcceptUnprotectedAlg) {
      return unsupported('alg is only in the unprotected header');
    }
    alg = sign1.unprotectedHeader.alg;
  }
  if (alg === undefined) return unsupported('no alg in the protected header');
  if (typeof alg === 'string') return unsupported(`alg ${JSON.stringify(alg)} is not a COSE id`);

  const name = algFromCoseId(alg);
  if (name === undefined) return unsupported(`alg ${alg} is not supported`);
  if (!policy.allowedAlgorithms.includes(name)) return unsupported(`alg ${name} is not allowed`);
  return { ok: true, alg: name };
}

export type SignatureResult =
  { ok: true } | { ok: false; code: 'signature_invalid' | 'unsupported_algorithm'; detail: string };

/** A signature that does not verify (the key is wrong for it, or it is not the key's). */
export type SignatureFailure = { ok: false; code: 'signature_invalid'; detail: string };

export interface VerifySign1Options {
  alg: AlgName;
  /** The signer's SubjectPublicKeyInfo DER. */
  spki: Uint8Array;
  crypto: CryptoBackend;
  externalAad?: Uint8Array;
}

/**
 * Verifies the signature of a decoded COSE_Sign1 over its Sig_structure. A key that does not
 * fit the algorithm is a signature that does not verify; EdDSA with an Ed448 key is an
 * unsupported algorithm (we implement Ed25519 only).
 *
 * @example
 * await verifySign1(sign1, { alg: 'ES256', spki, crypto: createWebCryptoBackend() })
 * // { ok: true }
 */
export async function verifySign1(
  sign1: Sign1,
  options: VerifySign1Options,
): Promise<SignatureResult> {
  const started = startSign1Verify(sign1, options, ownBytes);
  if (!(started instanceof Promise)) return started;
  let good: boolean;
  try {
    good = await started;
  } catch (error) {
    return engineRefused(options.alg, error);
  }
  return good ? { ok: true } : notVerified(options.alg);
}

/**
 * The synchronous part of {@link verifySign1}: the refusal that needs no engine, or the
 * backend's pending answer over a Sig_structure built with `alloc`. The verification pipeline
 * awaits that one promise itself rather than a chain of wrappers around it.
 *
 * @example
 * const started = startSign1Verify(sign1, { alg, spki, crypto }, pooledBytes);
 * const good = started instanceof Promise ? await started : started.ok;
 */
export function startSign1Verify(
  sign1: Sign1,
  options: VerifySign1Options,
  alloc: ByteAllocator,
): Promise<boolean> | SignatureResult {
  if (options.alg === 'EdDSA' && parseSpki(options.spki)?.kind === 'ed448') {
    return {
      ok: false,
      code: 'unsupported_algorithm',
      detail: 'EdDSA with Ed448 is not supported',
    };
  }
  const aad = options.externalAad ?? NO_AAD;
  const toBeSigned = sigStructureInto(sign1.protectedBytes, sign1.payload, aad, alloc);
  try {
    const answer = options.crypto.verify(options.alg, options.spki, toBeSigned, sign1.signature);
    return answer instanceof Promise ? answer : Promise.resolve(answer);
  } catch (error) {
    return engineRefused(options.alg, error);
  }
}

const NO_AAD = new Uint8Array(0);

/** A backend throws only when it cannot use this key for this algorithm at all. */
export function engineRefused(alg: AlgName, error: unknown): SignatureFailure {
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, code: 'signature_invalid', detail: `key cannot verify ${alg}: ${message}` };
}

/** The answer for a signature that the key does not verify. */
export function notVerified(alg: AlgName): SignatureFailure {
  return { ok: false, code: 'signature_invalid', detail: `${alg} signature does not verify` };
}

function unsupported(detail: string): AlgorithmResult {
  return { ok: false, code: 'unsupported_algorithm', detail };
}

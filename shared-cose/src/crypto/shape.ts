/**
 * Checks on the signature bytes that every backend applies before asking its engine, so that
 * the answer never depends on how lenient one engine happens to be.
 */
import { EC_FIELD_BYTES, type SignatureParams } from './algorithms';

/** RFC 8032 §5.1: the order L of the Ed25519 base point. */
const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n;

/**
 * False when the signature cannot be right for these parameters whatever the key:
 * - ECDSA in COSE is the raw r‖s of exactly twice the field size (RFC 9053 §2.1); a DER
 *   ECDSA-Sig-Value therefore never passes, whatever its length happens to be after decoding.
 * - Ed25519 is 64 bytes with S < L (RFC 8032 §5.1.7 step 1); S + L would be a second valid
 *   encoding of the same signature (malleability), so it is refused here for every engine.
 * RSA-PSS length is checked against the key's modulus by the backend that knows it.
 *
 * @example
 * signatureShapeOk({ kind: 'ecdsa', curve: 'P-256', hash: 'SHA-256' }, new Uint8Array(70)); // false
 */
export function signatureShapeOk(p: SignatureParams, signature: Uint8Array): boolean {
  switch (p.kind) {
    case 'ecdsa':
      return signature.length === 2 * EC_FIELD_BYTES[p.curve];
    case 'ed25519':
      return signature.length === 64 && ed25519ScalarBelowOrder(signature.subarray(32));
    case 'rsa-pss':
      return signature.length > 0;
  }
}

function ed25519ScalarBelowOrder(sLittleEndian: Uint8Array): boolean {
  let s = 0n;
  for (let i = sLittleEndian.length - 1; i >= 0; i--) s = (s << 8n) | BigInt(sLittleEndian[i]!);
  return s < ED25519_L;
}

/** RSA signatures are exactly as long as the modulus (RFC 8017 §8.1.2 step 1). */
export function rsaSignatureLengthOk(modulusBits: number, signature: Uint8Array): boolean {
  return signature.length === Math.ceil(modulusBits / 8);
}

/** Misuse guard for the backends: a non-byte argument is a programming error, so it throws. */
export function assertBytes(name: string, value: unknown): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
}

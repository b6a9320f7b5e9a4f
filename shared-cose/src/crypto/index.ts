/**
 * Signature verification and signing for COSE: the algorithm table, the WebCrypto backend (with
 * its @noble/curves fallback for Ed25519), the signers, and the helpers that a host's own
 * backend (verifier-api's node:crypto one) shares so that every backend decides alike.
 */
export {
  EC_FIELD_BYTES,
  HASH_BYTES,
  MIN_RSA_MODULUS_BITS,
  algFromCoseId,
  isAlgName,
  paramsKey,
  signatureParams,
  type EcCurve,
  type HashName,
  type SignatureParams,
  type SignaturePrimitive,
} from './algorithms';
export { KeyCache } from './key-cache';
export { assertBytes, rsaSignatureLengthOk, signatureShapeOk } from './shape';
export { ed25519RawKey, parseSpki, spkiForParams, type SpkiInfo, type SpkiKind } from './spki';
export { createWebCryptoBackend, type WebCryptoBackendOptions } from './webcrypto';
export {
  createWebCryptoSigner,
  importSigningKey,
  type Signer,
  type SignerOptions,
  type SigningKey,
} from './signers';

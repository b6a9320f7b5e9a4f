/**
 * Ed25519 for runtimes whose WebCrypto lacks it (older browsers, some embedded engines):
 * @noble/curves, audited and dependency-free, about thirty times slower than native, so it is
 * used only when a probe shows the platform cannot do it.
 */
import { ed25519 } from '@noble/curves/ed25519.js';

/** RFC 8032 §7.1, test 1: a valid public key, used only to ask whether the engine knows Ed25519. */
const PROBE_KEY = new Uint8Array([
  0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64, 0x07, 0x3a,
  0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6, 0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a,
]);

/**
 * True when `subtle` can import an Ed25519 key (WebCrypto Secure Curves).
 *
 * @example
 * if (!(await webCryptoHasEd25519(crypto.subtle))) console.info('Ed25519 via @noble/curves');
 */
export async function webCryptoHasEd25519(subtle: SubtleCrypto): Promise<boolean> {
  try {
    await subtle.importKey('raw', PROBE_KEY, { name: 'Ed25519' }, false, ['verify']);
    return true;
  } catch {
    return false;
  }
}

/**
 * Verifies with @noble/curves under RFC 8032's strict rules rather than ZIP-215's lenient ones
 * (non-canonical point encodings are refused), which is what OpenSSL and BoringSSL do, so that
 * the answer does not depend on which engine ran. The caller has already checked S < L.
 */
export function nobleEd25519Verify(
  publicKey: Uint8Array,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    return ed25519.verify(signature, data, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

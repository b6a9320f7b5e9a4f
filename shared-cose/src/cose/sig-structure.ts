/**
 * The Sig_structure of COSE_Sign1 (RFC 9052 §4.4), the bytes that are actually signed:
 *
 *     ["Signature1", body_protected : bstr, external_aad : bstr, payload : bstr]
 *
 * Written by hand rather than through an encoder: body_protected must be the protected bytes
 * exactly as received (a non-canonical header still verifies), and every head here has one
 * shortest form, so the result is unambiguous.
 */

import { concatBytes, encodeHead as head } from '../codec/cbor-head';

const SIGNATURE1 = new TextEncoder().encode('Signature1');

/**
 * Builds the ToBeSigned bytes of a COSE_Sign1.
 *
 * @example
 * sigStructure1(new Uint8Array([0xa1, 0x01, 0x26]), new TextEncoder().encode('hi'))
 * // 84 6a "Signature1" 43 a10126 40 42 6869
 */
export function sigStructure1(
  protectedBytes: Uint8Array,
  payload: Uint8Array,
  externalAad: Uint8Array = new Uint8Array(0),
): Uint8Array {
  return concatBytes([
    Uint8Array.of(0x84),
    head(3, SIGNATURE1.length),
    SIGNATURE1,
    head(2, protectedBytes.length),
    protectedBytes,
    head(2, externalAad.length),
    externalAad,
    head(2, payload.length),
    payload,
  ]);
}

/**
 * The Sig_structure of COSE_Sign1 (RFC 9052 §4.4), the bytes that are actually signed:
 *
 *     ["Signature1", body_protected : bstr, external_aad : bstr, payload : bstr]
 *
 * Written by hand rather than through an encoder: body_protected must be the protected bytes
 * exactly as received (a non-canonical header still verifies), and every head here has one
 * shortest form, so the result is unambiguous.
 */

import { ownBytes, type ByteAllocator } from '../codec/pool';

const SIGNATURE1 = new TextEncoder().encode('Signature1');
const NO_AAD = new Uint8Array(0);

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
  externalAad: Uint8Array = NO_AAD,
): Uint8Array {
  return sigStructureInto(protectedBytes, payload, externalAad, ownBytes);
}

/**
 * {@link sigStructure1} written into one array from `alloc`, sized beforehand: the verification
 * builds it from its pool, once, with no intermediate pieces.
 */
export function sigStructureInto(
  protectedBytes: Uint8Array,
  payload: Uint8Array,
  externalAad: Uint8Array,
  alloc: ByteAllocator,
): Uint8Array {
  const length =
    2 +
    SIGNATURE1.length +
    headLength(protectedBytes.length) +
    protectedBytes.length +
    headLength(externalAad.length) +
    externalAad.length +
    headLength(payload.length) +
    payload.length;
  const out = alloc(length);
  out[0] = 0x84; // array of four
  out[1] = 0x60 | SIGNATURE1.length; // text of ten bytes
  out.set(SIGNATURE1, 2);
  let at = byteString(out, 2 + SIGNATURE1.length, protectedBytes);
  at = byteString(out, at, externalAad);
  byteString(out, at, payload);
  return out;
}

/** Bytes of a byte-string head for `length` in its shortest form (RFC 8949 §4.2.1). */
function headLength(length: number): number {
  if (!Number.isSafeInteger(length) || length < 0 || length > 0xffffffff) {
    throw new RangeError('sigStructure1: length must be an integer in 0..2^32-1');
  }
  return length < 24 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : 5;
}

/** Writes `bytes` as a byte string at `at`; returns the position after it. */
function byteString(out: Uint8Array, at: number, bytes: Uint8Array): number {
  const n = bytes.length;
  let i = at;
  if (n < 24) {
    out[i++] = 0x40 | n;
  } else if (n < 0x100) {
    out[i++] = 0x58;
    out[i++] = n;
  } else if (n < 0x10000) {
    out[i++] = 0x59;
    out[i++] = n >> 8;
    out[i++] = n;
  } else {
    out[i++] = 0x5a;
    out[i++] = n >>> 24;
    out[i++] = n >> 16;
    out[i++] = n >> 8;
    out[i++] = n;
  }
  out.set(bytes, i);
  return i + n;
}

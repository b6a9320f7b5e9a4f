/**
 * COSE_Sign1 (RFC 9052 §4.2) decoded into a typed object. Accepted envelopes: tag 18, untagged
 * (DESIGN §2: readers accept both), and either of those inside a CWT tag 61 (RFC 8392 §6).
 * Anything else is malformed, never guessed at.
 */
import { isTag } from '../codec/cbor';
import { readCbor } from '../codec/cbor-read';
import type { CborScanOptions } from '../codec/cbor-scan';
import { readHeader, type CoseHeader } from './headers';

export const COSE_SIGN1_TAG = 18;
export const CWT_TAG = 61;

/**
 * A decoded COSE_Sign1, every member checked. The byte strings (protectedBytes, payload,
 * signature) are views of the decoded input, not copies: the input must not change while the
 * result is in use.
 */
export interface Sign1 {
  /**
   * body_protected of the Sig_structure (RFC 9052 §4.4): the protected bytes exactly as received
   * (a non-canonical map still verifies), except that a header holding no attributes, such as
   * an encoded empty map `A0`, is the zero-length byte string.
   */
  protectedBytes: Uint8Array;
  protectedHeader: CoseHeader;
  unprotectedHeader: CoseHeader;
  payload: Uint8Array;
  signature: Uint8Array;
  /** The envelope the message came in. */
  envelope: 'tag18' | 'untagged' | 'cwt';
}

export type Sign1Result =
  { ok: true; sign1: Sign1 } | { ok: false; code: 'malformed'; detail: string };

/**
 * Decodes COSE_Sign1 bytes. A structural problem is a result with code `malformed`; the
 * algorithm policy (alg present, protected, allowed) is the verifier's to apply afterwards.
 *
 * @example
 * const r = decodeSign1(bytes);
 * if (r.ok) console.log(r.sign1.protectedHeader.alg); // -37
 */
export function decodeSign1(bytes: Uint8Array, options: CborScanOptions = {}): Sign1Result {
  if (!(bytes instanceof Uint8Array))
    throw new TypeError('decodeSign1: bytes must be a Uint8Array');
  // A plain Uint8Array view (a Node Buffer would make Buffer views), over the same memory.
  const input =
    bytes.constructor === Uint8Array
      ? bytes
      : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoded = readCbor(input, options);
  if (!decoded.ok) return malformed(decoded.detail);

  let value = decoded.value;
  let envelope: Sign1['envelope'] = 'untagged';
  if (isTag(value, CWT_TAG)) {
    value = value.value;
    envelope = 'cwt';
  }
  if (isTag(value, COSE_SIGN1_TAG)) {
    value = value.value;
    if (envelope === 'untagged') envelope = 'tag18';
  }
  if (!Array.isArray(value)) return malformed('not a COSE_Sign1 array (or a tag other than 18/61)');
  if (value.length !== 4) return malformed(`COSE_Sign1 has ${value.length} members, not 4`);

  const [protectedRaw, unprotectedRaw, payload, signature] = value as unknown[];
  if (!(protectedRaw instanceof Uint8Array)) return malformed('protected header is not bstr');
  if (payload === null || payload === undefined) return malformed('detached payload (nil)');
  if (!(payload instanceof Uint8Array)) return malformed('payload is not a byte string');
  if (!(signature instanceof Uint8Array)) return malformed('signature is not a byte string');

  const protectedHeader = readProtected(protectedRaw, options);
  if (!protectedHeader.ok) return malformed(protectedHeader.detail);
  const noAttributes = protectedHeader.header.labels.length === 0;
  const protectedBytes = noAttributes ? new Uint8Array(0) : protectedRaw;
  const unprotectedHeader = readHeader(unprotectedRaw, 'unprotected');
  if (!unprotectedHeader.ok) return malformed(unprotectedHeader.detail);

  // RFC 9052 §3: a label must not appear in both buckets (we refuse rather than pick one).
  const shared = protectedHeader.header.labels.filter((l) =>
    unprotectedHeader.header.labels.includes(l),
  );
  if (shared.length > 0) return malformed(`label ${shared[0]} in both headers`);

  return {
    ok: true,
    sign1: {
      protectedBytes,
      protectedHeader: protectedHeader.header,
      unprotectedHeader: unprotectedHeader.header,
      payload,
      signature,
      envelope,
    },
  };
}

/** The protected bucket: empty, or a bstr wrapping one map (RFC 9052 §3). */
function readProtected(bytes: Uint8Array, options: CborScanOptions) {
  if (bytes.length === 0) return readHeader(new Map(), 'protected');
  const inner = readCbor(bytes, options);
  if (!inner.ok) return { ok: false as const, detail: `protected header: ${inner.detail}` };
  return readHeader(inner.value, 'protected');
}

function malformed(detail: string): Sign1Result {
  return { ok: false, code: 'malformed', detail };
}

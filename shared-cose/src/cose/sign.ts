/**
 * Producing COSE_Sign1 (RFC 9052 §4.2, §4.4): used by the registry for credentials and status
 * lists, by the issuer, and by the verifier for receipts. The signing itself is a callback, so
 * the key can live in WebCrypto, node:crypto or elsewhere.
 */
import { encodeCbor, tagged } from '../codec/cbor';
import { HEADER, type Label } from './headers';
import { COSE_SIGN1_TAG } from './sign1';
import { sigStructure1 } from './sig-structure';

/** Header members to write. Written in label order, then `other` in its own order. */
export interface HeaderInput {
  alg?: number;
  crit?: Label[];
  contentType?: number | string;
  /** Bytes, or text that is written as its UTF-8 bytes (kid is always a bstr, RFC 9052 §3.1). */
  kid?: Uint8Array | string;
  typ?: number | string;
  /** One certificate (written as a bstr) or a chain, leaf first (RFC 9360 §2). */
  x5chain?: Uint8Array | Uint8Array[];
  other?: ReadonlyMap<Label, unknown>;
}

export interface Sign1Input {
  /** Typed members, or a Map written exactly in its own order (e.g. to test non-canonical input). */
  protectedHeader: HeaderInput | ReadonlyMap<Label, unknown>;
  unprotectedHeader?: HeaderInput | ReadonlyMap<Label, unknown>;
  payload: Uint8Array;
  externalAad?: Uint8Array;
}

/** Signs the ToBeSigned bytes; returns the COSE signature (ES*: raw r‖s, RFC 9053 §2.1). */
export type SignFunction = (toBeSigned: Uint8Array) => Promise<Uint8Array>;

/**
 * Builds and signs a COSE_Sign1, returning its tagged (18) encoding.
 *
 * @example
 * const cose = await signSign1(
 *   { protectedHeader: { alg: -37 }, unprotectedHeader: { kid: 'D-000001' }, payload },
 *   (tbs) => signer(tbs),
 * );
 */
export async function signSign1(input: Sign1Input, sign: SignFunction): Promise<Uint8Array> {
  if (!(input.payload instanceof Uint8Array)) {
    throw new TypeError('signSign1: payload must be a Uint8Array');
  }
  if (typeof sign !== 'function') throw new TypeError('signSign1: sign must be a function');

  const protectedMap = toMap(input.protectedHeader);
  const unprotectedMap = toMap(input.unprotectedHeader ?? new Map());
  for (const label of protectedMap.keys()) {
    if (unprotectedMap.has(label)) throw new Error(`signSign1: label ${label} in both headers`);
  }

  // RFC 9052 §3: an empty protected header is the zero-length byte string, not an encoded {}.
  const protectedBytes = protectedMap.size === 0 ? new Uint8Array(0) : encodeCbor(protectedMap);
  const toBeSigned = sigStructure1(protectedBytes, input.payload, input.externalAad);
  const signature = await sign(toBeSigned);
  if (!(signature instanceof Uint8Array)) {
    throw new TypeError('signSign1: the sign function must return a Uint8Array');
  }

  return encodeCbor(
    tagged(COSE_SIGN1_TAG, [protectedBytes, unprotectedMap, input.payload, signature]),
  );
}

function toMap(header: HeaderInput | ReadonlyMap<Label, unknown>): Map<Label, unknown> {
  if (header instanceof Map) return new Map(header);
  const h = header as HeaderInput;
  const map = new Map<Label, unknown>();
  if (h.alg !== undefined) map.set(HEADER.alg, h.alg);
  if (h.crit !== undefined) map.set(HEADER.crit, h.crit);
  if (h.contentType !== undefined) map.set(HEADER.contentType, h.contentType);
  if (h.kid !== undefined) {
    map.set(HEADER.kid, typeof h.kid === 'string' ? new TextEncoder().encode(h.kid) : h.kid);
  }
  if (h.typ !== undefined) map.set(HEADER.typ, h.typ);
  if (h.x5chain !== undefined) {
    const chain = h.x5chain;
    map.set(HEADER.x5chain, Array.isArray(chain) && chain.length === 1 ? chain[0] : chain);
  }
  for (const [label, value] of h.other ?? []) {
    if (map.has(label)) throw new Error(`signSign1: label ${label} given twice`);
    map.set(label, value);
  }
  return map;
}

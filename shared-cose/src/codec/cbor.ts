/**
 * The project's cbor-x instances. The no-eval build is used because the default decoder compiles
 * readers with `new Function`, which workerd and a strict CSP refuse. Maps decode as `Map` (COSE
 * labels are integers), byte strings encode as plain major type 2 (cbor-x would otherwise write
 * tag 64), and Maps encode as plain maps (not tag 259).
 */
import { Decoder, Encoder, Tag } from 'cbor-x/index-no-eval';
import { joinIndefiniteStrings } from './cbor-definite';
import { scanCbor, type CborScanOptions } from './cbor-scan';

const decoder = new Decoder({ mapsAsObjects: false, useRecords: false });

// `useTag259ForMaps` is read by cbor-x's encoder but missing from its type declarations.
const encoderOptions: ConstructorParameters<typeof Encoder>[0] & { useTag259ForMaps: boolean } = {
  mapsAsObjects: false,
  useRecords: false,
  tagUint8Array: false,
  useTag259ForMaps: false,
  variableMapSize: true,
};
const encoder = new Encoder(encoderOptions);

export type CborDecodeResult = { ok: true; value: unknown } | { ok: false; detail: string };

/**
 * Scans `bytes` for well-formedness and our limits ({@link scanCbor}), then decodes them. The
 * value is raw decoded CBOR: callers check every member's type and copy it into their own typed
 * objects (maps are `Map`, byte strings `Uint8Array`, unknown tags `{tag, value}` objects).
 *
 * @example
 * decodeCbor(new Uint8Array([0xa1, 0x01, 0x26])) // { ok: true, value: Map { 1 => -7 } }
 */
export function decodeCbor(bytes: Uint8Array, options: CborScanOptions = {}): CborDecodeResult {
  const scan = scanCbor(bytes, options);
  if (!scan.ok) return scan;
  try {
    // A fresh view: cbor-x caches a DataView on the array it is given, and the caller's stays clean.
    const input = scan.indefiniteStrings ? joinIndefiniteStrings(bytes) : bytes.subarray(0);
    return { ok: true, value: decoder.decode(input) };
  } catch (error) {
    return { ok: false, detail: `CBOR decoder: ${(error as Error).message}` };
  }
}

/**
 * Encodes a value in preferred serialisation as cbor-x writes it: `Map` → map (in insertion
 * order), `Uint8Array` → byte string, strings, integers, arrays; a `Tagged` wrapper → a tag.
 *
 * @example
 * encodeCbor(new Map([[1, -37]])) // Uint8Array [0xa1, 0x01, 0x38, 0x24]
 */
export function encodeCbor(value: unknown): Uint8Array {
  const out = encoder.encode(value);
  // cbor-x hands back a Buffer on Node; give every runtime the same plain Uint8Array.
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength).slice();
}

/**
 * A value wrapped in a CBOR tag, for {@link encodeCbor}.
 *
 * @example
 * encodeCbor(tagged(18, [h, u, p, s])) // d2 84 …
 */
export function tagged(tag: number, value: unknown): unknown {
  return new Tag(value, tag);
}

/** Whether a decoded value is a CBOR tag of the given number (cbor-x's `Tag` shape). */
export function isTag(value: unknown, tag: number): value is { tag: number; value: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'tag' in value &&
    'value' in value &&
    (value as { tag: unknown }).tag === tag
  );
}

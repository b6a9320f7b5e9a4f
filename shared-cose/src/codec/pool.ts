/**
 * Short-lived byte arrays for one verification, carved from shared 64 KiB slabs. A typed array
 * above 64 bytes gets its own off-heap backing store in V8 and Node, whose allocation and
 * tracking cost a microsecond or more; a view on an existing slab costs a tenth of that. Slabs
 * are never reused (a full one is left to the garbage collector once its views are gone), so a
 * view stays valid for as long as anyone holds it.
 *
 * Only for arrays that stay inside the library: a view's `.buffer` is the whole slab, holding
 * other verifications' bytes, and transferring it (postMessage) would detach them all. The
 * caller's code (a trust store, a crypto backend) gets copies, except a backend that declares
 * `readsViewedBytesOnly` (types.ts), as the WebCrypto and node:crypto backends do.
 */

const SLAB_BYTES = 65_536;
/** Longer arrays get their own buffer: a slab would be mostly wasted on them. */
const MAX_POOLED = 8_192;

let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

/** Makes a byte array of `length` bytes; contents are unspecified until written. */
export type ByteAllocator = (length: number) => Uint8Array;

/**
 * A zero-filled array of its own: for anything handed to a caller.
 *
 * @example
 * ownBytes(3) // Uint8Array [0, 0, 0]
 */
export const ownBytes: ByteAllocator = (length) => new Uint8Array(length);

/**
 * A view of `length` bytes on the current slab (its own array when longer than 8 KiB). Slabs are
 * fresh, so the view reads as zeros until written.
 *
 * @example
 * const data = pooledBytes(sigStructureLength);
 */
export const pooledBytes: ByteAllocator = (length) => {
  if (length > MAX_POOLED) return new Uint8Array(length);
  if (used + length > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const view = new Uint8Array(slab, used, length);
  // Eight-byte steps keep every view aligned, as a fresh buffer would be.
  used += (length + 7) & ~7;
  return view;
};

/**
 * A cache of parsed public keys, so that a key is imported once and not once per request.
 *
 * Two levels: by the identity of the SPKI array (a WeakMap, so a trust store's long-lived
 * arrays hit at no cost and are released with the store), and a small LRU by content (so a key
 * that arrives as a fresh array each time, e.g. from an `x5chain` header, is still imported
 * only once). Values are whatever a backend prepares: a CryptoKey promise, a KeyObject, or a
 * marker that the key is unusable.
 */
export class KeyCache<V> {
  private readonly byIdentity = new WeakMap<Uint8Array, Map<string, V>>();
  private readonly byContent = new Map<string, V>();

  /** @param capacity how many keys to keep by content; the identity level is unbounded but weak. */
  constructor(private readonly capacity = 64) {}

  /**
   * The value for this key and parameter set, preparing it with `make` on a miss.
   *
   * @example
   * const cache = new KeyCache<Promise<CryptoKey | null>>();
   * const key = await cache.get(spki, 'ecdsa:P-256', () => importIt(spki));
   */
  get(spki: Uint8Array, variant: string, make: () => V): V {
    let perKey = this.byIdentity.get(spki);
    const hit = perKey?.get(variant);
    if (hit !== undefined) return hit;

    const contentKey = `${variant}|${latin1(spki)}`;
    let value = this.byContent.get(contentKey);
    if (value !== undefined) {
      // Refresh its place in the LRU order (Map iterates in insertion order).
      this.byContent.delete(contentKey);
    } else {
      value = make();
    }
    this.byContent.set(contentKey, value);
    while (this.byContent.size > this.capacity) {
      const oldest = this.byContent.keys().next().value as string;
      this.byContent.delete(oldest);
    }

    if (!perKey) {
      perKey = new Map();
      this.byIdentity.set(spki, perKey);
    }
    perKey.set(variant, value);
    return value;
  }
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  const chunk = 4096;
  for (let i = 0; i < bytes.length; i += chunk) {
    s += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return s;
}

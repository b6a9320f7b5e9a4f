/**
 * A small expiring cache with single-flight loading: concurrent requests for the same key share
 * one fetch. Entries carry their own expiry (e.g. a CRL's nextUpdate), so nothing is served
 * past the moment its source said it stops being current.
 */
export interface Expiring<T> {
  value: T;
  /** Epoch milliseconds after which the entry is not served. */
  expiresAt: number;
}

export class ExpiringCache<T> {
  readonly #entries = new Map<string, Expiring<T>>();
  readonly #inflight = new Map<string, Promise<Expiring<T>>>();
  readonly #now: () => number;
  readonly #maxEntries: number;

  constructor(now: () => number = Date.now, maxEntries = 1000) {
    this.#now = now;
    this.#maxEntries = maxEntries;
  }

  /** The live entry for `key`, if any. */
  get(key: string): T | undefined {
    const hit = this.#entries.get(key);
    if (hit === undefined) return undefined;
    if (hit.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return hit.value;
  }

  /**
   * Returns the live entry, synchronously (no promise, no microtask: the verification hot path
   * awaits only what is not known yet), or runs `load` once for all concurrent callers and
   * returns its promise. A loaded value is cached until its `expiresAt`; a failure is returned
   * with `expiresAt: 0` and not cached.
   *
   * @example
   * const crl = await cache.getOrLoad(url, async () => ({ value: await get(url), expiresAt: 0 }));
   */
  getOrLoad(key: string, load: () => Promise<Expiring<T>>): T | Promise<T> {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    return this.#load(key, load);
  }

  async #load(key: string, load: () => Promise<Expiring<T>>): Promise<T> {
    let pending = this.#inflight.get(key);
    if (pending === undefined) {
      pending = load().finally(() => this.#inflight.delete(key));
      this.#inflight.set(key, pending);
    }
    const loaded = await pending;
    if (loaded.expiresAt > this.#now()) this.#set(key, loaded);
    return loaded.value;
  }

  #set(key: string, entry: Expiring<T>): void {
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, entry);
  }

  clear(): void {
    this.#entries.clear();
  }
}

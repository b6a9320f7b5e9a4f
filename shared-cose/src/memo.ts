/**
 * Memoised asynchronous work whose settled value is then read synchronously: on the hot path of
 * a verification, a hit costs a WeakMap lookup and no microtask hop. A rejected computation is
 * forgotten, so that the next call tries again rather than repeating a transient failure.
 */

/** A promise and, once it has fulfilled, its value. */
export interface Settling<T> {
  readonly promise: Promise<T>;
  settled: boolean;
  value?: T;
}

/**
 * The entry for `key` in `map`, starting `make()` on a miss.
 *
 * @example
 * const entry = memoSettling(cache, signer, () => findIssuingCa(signer));
 * const ca = entry.settled ? entry.value : await entry.promise;
 */
export function memoSettling<K extends object, T>(
  map: WeakMap<K, Settling<T>>,
  key: K,
  make: () => Promise<T>,
): Settling<T> {
  const hit = map.get(key);
  if (hit) return hit;
  const entry: Settling<T> = { promise: make(), settled: false };
  map.set(key, entry);
  entry.promise.then(
    (value) => {
      entry.value = value;
      entry.settled = true;
    },
    () => {
      if (map.get(key) === entry) map.delete(key);
    },
  );
  return entry;
}

/** A value now, or one that a promise will give. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Applies `next` to `value` at once when it is not a promise, and after it settles when it is:
 * a source that answers from its cache costs no microtask and no promise.
 *
 * @example
 * const ca = after(entry.settled ? entry.value : entry.promise, (c) => c?.subject);
 */
export function after<T, R>(
  value: MaybePromise<T>,
  next: (t: T) => MaybePromise<R>,
): MaybePromise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/** The value of a settled memo entry, or its promise. */
export function current<T>(entry: Settling<T>): MaybePromise<T> {
  return entry.settled ? (entry.value as T) : entry.promise;
}

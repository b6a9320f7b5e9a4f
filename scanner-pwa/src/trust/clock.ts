/**
 * A clock that cannot be wound back. Status data is judged "too old" against the later of the
 * device clock and the newest time the app has seen (the signed bundle issue time, server verdict
 * times, and the time of its own last check), kept on the device; so setting the phone's clock back does not make old
 * status look fresh. A device clock behind what the app has seen is reported, not hidden.
 *
 * @example
 * const clock = new TrustedClock(localStorage);
 * clock.observe(new Date(bundle.issuedAt));
 * clock.now(); // never earlier than bundle.issuedAt
 */

/** How far behind the device clock may run before we flag it (network and signing delays). */
const TOLERANCE_MS = 5 * 60_000;
const KEY = 'dqcv.newestSeen';

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export class TrustedClock {
  #newest: number;

  constructor(
    private readonly store: KeyValueStore,
    private readonly deviceNow: () => number = () => Date.now(),
  ) {
    const saved = Number(store.getItem(KEY));
    this.#newest = Number.isFinite(saved) ? saved : 0;
  }

  /** Records a signed time seen; the newest time only ever moves forward. */
  observe(time: Date): void {
    const ms = time.getTime();
    if (!Number.isFinite(ms) || ms <= this.#newest) return;
    this.#newest = ms;
    try {
      this.store.setItem(KEY, String(ms));
    } catch {
      // Storage full or unavailable: the clock still works for this session.
    }
  }

  /** The newest signed time seen, or null. */
  get newestSeen(): Date | null {
    return this.#newest > 0 ? new Date(this.#newest) : null;
  }

  /** max(device clock, newest signed time seen). */
  now(): Date {
    return new Date(Math.max(this.deviceNow(), this.#newest));
  }

  /** True when the device clock is behind a time the app has already seen. */
  get deviceBehind(): boolean {
    return this.deviceNow() + TOLERANCE_MS < this.#newest;
  }
}

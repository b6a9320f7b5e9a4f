/**
 * Operations per second of async functions, one call at a time, measured in interleaved rounds
 * so that every candidate sees the same background load (the machine is shared): round r runs
 * each candidate for `sliceMs`, and the figure is the median of the rounds.
 *
 * @example
 * const rates = await interleavedRates({ raw: rawVerify, full: fullVerify }, { rounds: 5 });
 * rates.full / rates.raw;
 */

export interface RateOptions {
  rounds?: number;
  sliceMs?: number;
  warmupMs?: number;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The p-th percentile (0..100) of a list, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

async function runFor(fn: () => Promise<unknown>, ms: number): Promise<number> {
  const start = performance.now();
  const end = start + ms;
  let n = 0;
  let now = start;
  while (now < end) {
    await fn();
    n += 1;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

/** Calls per second of each candidate in every round, the rounds interleaved (see the top). */
export async function interleavedSamples<K extends string>(
  candidates: Record<K, () => Promise<unknown>>,
  options: RateOptions = {},
): Promise<Record<K, number[]>> {
  const rounds = options.rounds ?? 7;
  const sliceMs = options.sliceMs ?? 300;
  const names = Object.keys(candidates) as K[];
  for (const name of names) await runFor(candidates[name], options.warmupMs ?? 300);

  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let r = 0; r < rounds; r += 1) {
    // Rotate the order each round so that no candidate always runs right after a GC-heavy one.
    for (let i = 0; i < names.length; i += 1) {
      const name = names[(i + r) % names.length]!;
      samples[name].push(await runFor(candidates[name], sliceMs));
    }
  }
  return samples;
}

/** Median calls per second of each candidate over interleaved rounds. */
export async function interleavedRates<K extends string>(
  candidates: Record<K, () => Promise<unknown>>,
  options: RateOptions = {},
): Promise<Record<K, number>> {
  const samples = await interleavedSamples(candidates, options);
  const names = Object.keys(samples) as K[];
  return Object.fromEntries(names.map((n) => [n, median(samples[n])])) as Record<K, number>;
}

/**
 * The median over rounds of `a[r] / b[r]`: two candidates measured side by side in each round
 * share that round's background load, so their ratio moves less than the ratio of two medians.
 *
 * @example
 * pairedRatio(samples.full, samples.raw) // 0.72
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError('pairedRatio: rounds differ');
  return median(a.map((x, i) => x / b[i]!));
}

/** Milliseconds one synchronous or async call takes, median of `runs` after one warm-up. */
export async function timeCall(fn: () => unknown, runs = 5): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

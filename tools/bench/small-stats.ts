/**
 * The arithmetic of the small-request benchmark (small-requests.ts): percentiles, medians and
 * the order in which contenders take turns. Pure: no clock, no I/O.
 */

/** Nearest-rank percentile (the smallest sample with at least p % of the samples at or below it). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Latency {
  p50: number;
  p90: number;
  p99: number;
  count: number;
}

export function summarise(samples: readonly number[]): Latency {
  return { p50: percentile(samples, 50), p90: percentile(samples, 90), p99: percentile(samples, 99), count: samples.length };
}

/**
 * The contenders' order in block `block`: shifted by one each block, so that over as many blocks
 * as there are contenders each has run in every position (first after another's burst, last
 * before a pause) and a change of load on the shared machine lands on all alike.
 */
export function rotate<T>(items: readonly T[], block: number): T[] {
  const n = items.length;
  return items.map((_, i) => items[(i + (block % n) + n) % n]!);
}

/** Forward on even rounds, backward on odd ones: the order of the concurrency rounds. */
export function alternate<T>(items: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...items] : [...items].reverse();
}

/** The block sizes that make up `total` requests in blocks of at most `block` (the last one may be short). */
export function blockSizes(total: number, block: number): number[] {
  const sizes: number[] = [];
  for (let left = total; left > 0; left -= block) sizes.push(Math.min(block, left));
  return sizes;
}

/**
 * `a / b` of two added latencies (or wall times), NaN when b is not positive: an added p50 at or
 * below zero (a contender as fast as direct, within noise) makes a ratio meaningless.
 */
export function ratio(a: number, b: number): number {
  return b > 0 && Number.isFinite(a) ? a / b : Number.NaN;
}

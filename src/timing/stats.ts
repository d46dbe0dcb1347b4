import type { TimingVerdict } from '../types.js';

// Timers can report 0 ms for a sub-resolution response; medians are floored at 1 µs before dividing so
// the ratio stays finite (0/0 reads as "no speedup", 1.0) and reports never carry Infinity or NaN.
const FLOOR_MS = 1e-3;

function checkSamples(xs: ArrayLike<number>, name: string): void {
  if (xs.length === 0) throw new RangeError(`${name}: no samples (need at least one)`);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (!Number.isFinite(x)) throw new RangeError(`${name}: sample ${i} is ${x}, not a finite number`);
  }
}

function checkLatencies(xs: ArrayLike<number>, name: string): void {
  checkSamples(xs, name);
  for (let i = 0; i < xs.length; i++) {
    if (xs[i]! < 0) throw new RangeError(`${name}: sample ${i} is ${xs[i]} ms; latencies cannot be negative`);
  }
}

function checkProbability(p: number, name: string, open: boolean): void {
  const ok = open ? p > 0 && p < 1 : p >= 0 && p <= 1;
  if (!ok) throw new RangeError(`${name} must be in ${open ? '(0, 1)' : '[0, 1]'}, got ${p}`);
}

/** Type-7 quantile of an ascending array (no checks: callers validated it). */
function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  return lo + 1 < sorted.length ? a + (h - lo) * (sorted[lo + 1]! - a) : a;
}

/**
 * The q-quantile of `xs` with linear interpolation between order statistics (Hyndman–Fan type 7, the
 * default of R and NumPy). Throws a RangeError on empty input, a non-finite sample or q outside [0, 1].
 */
export function quantile(xs: ArrayLike<number>, q: number): number {
  checkSamples(xs, 'quantile');
  checkProbability(q, 'quantile: q', false);
  return quantileSorted(Float64Array.from(xs).sort(), q);
}

/** The median of `xs` (type-7 0.5-quantile: the mean of the two middle values for even lengths). */
export function median(xs: ArrayLike<number>): number {
  checkSamples(xs, 'median');
  return quantileSorted(Float64Array.from(xs).sort(), 0.5);
}

/**
 * A seeded PRNG (mulberry32) returning floats in [0, 1). The same seed always yields the same stream;
 * the seed is taken modulo 2^32.
 */
export function createRng(seed: number): () => number {
  if (!Number.isFinite(seed)) throw new RangeError(`createRng: seed must be a finite number, got ${seed}`);
  let state = Math.trunc(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ratioOf(coldMs: number, warmMs: number): number {
  return Math.max(coldMs, FLOOR_MS) / Math.max(warmMs, FLOOR_MS);
}

/**
 * The median of a bootstrap resample of `sorted`, drawn as per-index counts. Walking the counts over
 * the pre-sorted sample finds the middle order statistics in O(n) without copying or selecting, which
 * is what keeps 2000 iterations on 100+100 samples at a few milliseconds.
 */
function resampledMedian(sorted: Float64Array, counts: Int32Array, rng: () => number): number {
  const n = sorted.length;
  counts.fill(0);
  for (let j = 0; j < n; j++) counts[Math.floor(rng() * n)]!++;
  const loRank = (n - 1) >> 1;
  const hiRank = n >> 1;
  let seen = 0;
  let lo = Number.NaN;
  for (let i = 0; i < n; i++) {
    seen += counts[i]!;
    if (Number.isNaN(lo) && seen > loRank) lo = sorted[i]!;
    if (seen > hiRank) return (lo + sorted[i]!) / 2;
  }
  return lo; // unreachable: counts sum to n > hiRank
}

export interface BootstrapOptions {
  /** Bootstrap resamples; 2000 keeps the 2.5 % and 97.5 % percentiles stable to about ±1 %. */
  iterations?: number;
  /** Two-sided coverage of the interval, in (0, 1). */
  confidence?: number;
  /** PRNG seed: the same inputs and seed always give the same interval. */
  seed?: number;
}

export interface RatioInterval {
  /** median(cold) / median(warm). */
  ratio: number;
  /** Lower and upper percentile-bootstrap bounds of the ratio. */
  low: number;
  high: number;
}

/**
 * The ratio of medians median(cold) / median(warm) with a percentile-bootstrap confidence interval,
 * resampling cold and warm independently. Deterministic for a given seed (default 1). Throws a
 * RangeError on empty, non-finite or negative samples.
 */
export function bootstrapRatioOfMedians(
  cold: ArrayLike<number>,
  warm: ArrayLike<number>,
  { iterations = 2000, confidence = 0.95, seed = 1 }: BootstrapOptions = {},
): RatioInterval {
  checkLatencies(cold, 'cold');
  checkLatencies(warm, 'warm');
  checkProbability(confidence, 'confidence', true);
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new RangeError(`iterations must be a positive integer, got ${iterations}`);
  }
  const coldSorted = Float64Array.from(cold).sort();
  const warmSorted = Float64Array.from(warm).sort();
  const coldCounts = new Int32Array(coldSorted.length);
  const warmCounts = new Int32Array(warmSorted.length);
  const ratios = new Float64Array(iterations);
  const rng = createRng(seed);
  for (let i = 0; i < iterations; i++) {
    const coldMs = resampledMedian(coldSorted, coldCounts, rng);
    const warmMs = resampledMedian(warmSorted, warmCounts, rng);
    ratios[i] = ratioOf(coldMs, warmMs);
  }
  ratios.sort();
  const tail = (1 - confidence) / 2;
  return {
    ratio: ratioOf(quantileSorted(coldSorted, 0.5), quantileSorted(warmSorted, 0.5)),
    low: quantileSorted(ratios, tail),
    high: quantileSorted(ratios, 1 - tail),
  };
}

export interface DecideOptions extends BootstrapOptions {
  /** Cold latencies in ms (cache flushed before each request). */
  cold: ArrayLike<number>;
  /** Warm latencies in ms (cache primed). */
  warm: ArrayLike<number>;
  /** Speedup (cold/warm ratio of medians) an endpoint must reach to count as cached; default 2. */
  minSpeedup?: number;
}

export interface TimingDecision {
  verdict: TimingVerdict;
  /** median(cold) / median(warm). */
  speedup: number;
  /** Bootstrap confidence bounds of the speedup. */
  speedupLow: number;
  speedupHigh: number;
  /** Cold and warm medians and 90th percentiles, in ms. */
  coldP50: number;
  coldP90: number;
  warmP50: number;
  warmP90: number;
  /** cold.length + warm.length. */
  samples: number;
}

/**
 * Decides whether an endpoint's cache really speeds it up, from interleaved cold and warm latencies.
 *
 * The speedup is the ratio of medians median(cold) / median(warm), with a percentile-bootstrap
 * confidence interval [speedupLow, speedupHigh] at `confidence` (default 0.95):
 * - `cached` when speedupLow ≥ minSpeedup: the data rules out a speedup below the requirement;
 * - `not-cached` when speedupHigh < minSpeedup: the data rules out the required speedup (an uncached
 *   endpoint has a true ratio near 1, so with minSpeedup 2 this comes after a handful of samples);
 * - `inconclusive` otherwise: more samples are needed, or the true speedup sits near minSpeedup.
 *
 * Medians rather than means because a shared machine adds rare 10–50× stalls to either side; a median
 * ignores them until they are nearly half the samples, and the bootstrap widens the interval when a
 * sample is small or straddles them. Throws a RangeError on empty, non-finite or negative samples, or
 * a minSpeedup that is not a positive number.
 */
export function decide({ cold, warm, minSpeedup = 2, ...bootstrap }: DecideOptions): TimingDecision {
  if (!(Number.isFinite(minSpeedup) && minSpeedup > 0)) {
    throw new RangeError(`minSpeedup must be a positive number, got ${minSpeedup}`);
  }
  // Percentile bootstrap rather than a rank test (Mann–Whitney / Hodges–Lehmann): the requirement is a
  // ratio of typical latencies, which the bootstrap bounds directly, and at the 5-pair minimum the
  // bootstrap interval of a median spans nearly the whole sample, so it is conservative exactly where
  // a rank test's normal approximation is weakest. The seeded-scenario tests measure the error rates.
  const { ratio, low, high } = bootstrapRatioOfMedians(cold, warm, bootstrap);
  const coldSorted = Float64Array.from(cold).sort();
  const warmSorted = Float64Array.from(warm).sort();
  const verdict: TimingVerdict = low >= minSpeedup ? 'cached' : high < minSpeedup ? 'not-cached' : 'inconclusive';
  return {
    verdict,
    speedup: ratio,
    speedupLow: low,
    speedupHigh: high,
    coldP50: quantileSorted(coldSorted, 0.5),
    coldP90: quantileSorted(coldSorted, 0.9),
    warmP50: quantileSorted(warmSorted, 0.5),
    warmP90: quantileSorted(warmSorted, 0.9),
    samples: cold.length + warm.length,
  };
}

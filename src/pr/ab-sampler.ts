/**
 * Adaptive A/B/A′ sampling of one endpoint as a pure state machine, like the timing phase's sampler:
 * the I/O loop asks `next()` which side to request, times it and `record()`s the latency. Triples
 * rotate their order (tripleOrder); the first ones are discarded (connections, lazy imports). From
 * `minTriples` on, every `checkEvery` triples, sampling stops once the head/base interval is clearly
 * beyond this endpoint's floor, or clearly within it, or once more samples could not change the verdict
 * (futility: see `futile`); at `maxTriples` it stops with what it has.
 */
import { aaSpread, compareSamples, tripleOrder, type AbSamples, type AbSide } from './ab-stats.js';

export interface AbSamplerOptions {
  /** The smallest slowdown worth failing for (pr.minSlowdown). */
  minSlowdown: number;
  /** Kept triples before the first decision; default 8. */
  minTriples?: number;
  /** Most kept triples; default 40. */
  maxTriples?: number;
  /** Leading triples discarded; default 1. */
  warmupTriples?: number;
  /** Kept triples between two decisions; default 4. */
  checkEvery?: number;
  /** Bootstrap seed: the same latencies and seed give the same stop. */
  seed?: number;
}

export type AbStep = { kind: 'request'; side: AbSide } | { kind: 'done'; samples: AbSamples; requests: number };

export interface AbSampler {
  next(): AbStep;
  record(side: AbSide, ms: number): void;
  /** What was kept so far (for a loop that ran out of time before the sampler was done). */
  kept(): AbSamples;
}

const whole = (v: number, name: string, min: number): number => {
  if (!Number.isInteger(v) || v < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${v}`);
  return v;
};

/** A sampler for one endpoint; throws a RangeError on options that cannot be met. */
export function createAbSampler(options: AbSamplerOptions): AbSampler {
  const minTriples = whole(options.minTriples ?? 8, 'minTriples', 3);
  const maxTriples = whole(options.maxTriples ?? 40, 'maxTriples', minTriples);
  const warmup = whole(options.warmupTriples ?? 1, 'warmupTriples', 0);
  const checkEvery = whole(options.checkEvery ?? 4, 'checkEvery', 1);
  const seed = options.seed ?? 1;
  if (!(options.minSlowdown > 1)) throw new RangeError(`minSlowdown must be above 1, got ${options.minSlowdown}`);
  const samples: AbSamples = { base: [], head: [], baseAgain: [] };
  let requests = 0;
  let done = false;

  // Beyond: the whole interval past the minimum and past this endpoint's own A/A. Within: inside the
  // minimum itself; a noisy A/A must not make "no change" look settled early (it keeps sampling instead).
  const decisive = (): boolean => {
    // A provisional look: 500 resamples keep its bounds within a few per cent, and the final row uses 2000.
    const { ab, aa } = compareSamples(samples, seed, 500);
    const beyond = Math.max(options.minSlowdown, aaSpread(aa));
    return ab.low > beyond || ab.high < 1 / beyond || (ab.low > 1 / options.minSlowdown && ab.high < options.minSlowdown)
      || futile(ab, samples.base.length, maxTriples, options.minSlowdown);
  };

  return {
    next(): AbStep {
      if (done) return { kind: 'done', samples, requests };
      const triple = Math.floor(requests / 3);
      return { kind: 'request', side: tripleOrder(triple)[requests % 3]! };
    },
    kept: () => samples,
    record(side: AbSide, ms: number): void {
      if (done) throw new Error('ab sampler: already done');
      const expected = tripleOrder(Math.floor(requests / 3))[requests % 3]!;
      if (side !== expected) throw new Error(`ab sampler: expected a ${expected} sample, got ${side}`);
      if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`ab sampler: latency must be a finite number ≥ 0 ms, got ${ms}`);
      requests++;
      if (requests <= 3 * warmup) return;
      samples[side].push(ms);
      if (requests % 3 !== 0) return;
      const kept = samples.base.length;
      if (kept >= maxTriples || (kept >= minTriples && (kept - minTriples) % checkEvery === 0 && decisive())) done = true;
    },
  };
}

/**
 * Whether sampling on to `maxTriples` could still give anything but "same". A verdict needs the whole
 * interval past `minSlowdown` (the floor is never below it) one way or the other. Suppose the true
 * ratio sat at the interval's far end and the interval kept its shape, narrowing as 1/√n (the
 * bootstrap of a median does): if even then its near bound could not pass the minimum at `maxTriples`,
 * either way, the rest of the budget would only buy a tighter "same". A noisy endpoint that changed
 * nothing stops here instead of at its time budget; a real slowdown keeps its high end far out, so it
 * samples on (a 1.5× change on a ±25 % machine is caught as often as before: ab-stats.test.ts).
 */
export function futile(ab: { ratio: number; low: number; high: number }, kept: number, maxTriples: number, minSlowdown: number): boolean {
  if (kept >= maxTriples || !(ab.low > 0) || !(ab.ratio > 0)) return false;
  const shrink = Math.sqrt(kept / maxTriples);
  const [r, lo, hi] = [Math.log(ab.ratio), Math.log(ab.low), Math.log(ab.high)];
  const m = Math.log(minSlowdown);
  // The slower side: the true ratio at `high`, the final lower bound (r − lo)·shrink below it.
  const canBeSlower = hi - (r - lo) * shrink > m;
  const canBeFaster = lo + (hi - r) * shrink < -m;
  return !canBeSlower && !canBeFaster;
}

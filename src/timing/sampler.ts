import { decide, type TimingDecision } from './stats.js';

export type SampleKind = 'cold' | 'warm';

export interface SamplerOptions {
  /** Speedup the endpoint must reach to count as cached (see `decide`). */
  minSpeedup: number;
  /** Kept (post-warm-up) cold/warm pairs before the first decision; default 5. */
  minPairs?: number;
  /** Hard budget of requests, warm-up included; a cold request (flush + request) counts as one. Default 200. */
  maxRequests?: number;
  /** Leading pairs discarded (connection set-up, lazy imports, JIT); default 2. */
  warmupPairs?: number;
  /** Kept pairs between two decisions once minPairs is reached; default 5. */
  checkEvery?: number;
  /** Two-sided confidence of the speedup interval; default 0.95. */
  confidence?: number;
  /** Bootstrap seed, so a run's verdict is reproducible; default 1. */
  seed?: number;
}

export interface SamplerResult extends TimingDecision {
  /** Requests made, warm-up included; never more than maxRequests. */
  requests: number;
}

export type SamplerStep = { kind: SampleKind } | { kind: 'done'; result: SamplerResult };

export interface Sampler {
  /** What to do next: one cold request (flush the cache, then request), one warm request, or stop. */
  next(): SamplerStep;
  /** Records the latency of the request `next()` asked for; throws if it asked for another kind. */
  record(kind: SampleKind, ms: number): void;
  /** The latencies the decisions are taken from (warm-up pairs dropped), in request order. */
  kept(): { cold: readonly number[]; warm: readonly number[] };
}

function integerAtLeast(value: number, name: string, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`);
  return value;
}

/**
 * Adaptive cold/warm sampling as a pure state machine: the I/O loop calls `next()`, performs the
 * request it names, and `record()`s the latency, until `next()` returns `done`.
 *
 * Requests alternate cold, warm, cold, warm … so slow drifts of a shared machine hit both sides alike.
 * The first `warmupPairs` pairs are discarded. Once `minPairs` pairs are kept, `decide` runs every
 * `checkEvery` pairs and sampling stops at the first `cached` or `not-cached` verdict. When another
 * pair would exceed `maxRequests`, sampling stops with whatever `decide` says, possibly
 * `inconclusive`. Deterministic: the same latencies and seed give the same steps and result. Throws a
 * RangeError when the options cannot be met (e.g. a budget too small for warm-up plus minPairs).
 */
export function createSampler(options: SamplerOptions): Sampler {
  const { minSpeedup, confidence = 0.95, seed = 1 } = options;
  const minPairs = integerAtLeast(options.minPairs ?? 5, 'minPairs', 1);
  const maxRequests = integerAtLeast(options.maxRequests ?? 200, 'maxRequests', 2);
  const warmupPairs = integerAtLeast(options.warmupPairs ?? 2, 'warmupPairs', 0);
  const checkEvery = integerAtLeast(options.checkEvery ?? 5, 'checkEvery', 1);
  if (2 * (warmupPairs + minPairs) > maxRequests) {
    throw new RangeError(
      `maxRequests ${maxRequests} cannot fit ${warmupPairs} warm-up pairs and ${minPairs} kept pairs (${2 * (warmupPairs + minPairs)} requests)`,
    );
  }
  // Fail on bad thresholds now, not after the first batch of real requests.
  decide({ cold: [1], warm: [1], minSpeedup, confidence, seed, iterations: 1 });

  const cold: number[] = [];
  const warm: number[] = [];
  let requests = 0;
  let result: SamplerResult | undefined;

  const evaluate = (): TimingDecision => decide({ cold, warm, minSpeedup, confidence, seed });

  // Called after each completed pair: stop on a decisive verdict at a checkpoint, or when the budget
  // has no room for another pair (a lone cold request would be wasted).
  const afterPair = (): void => {
    const kept = cold.length;
    const checkpoint = kept >= minPairs && (kept - minPairs) % checkEvery === 0;
    const exhausted = requests + 2 > maxRequests;
    if (!checkpoint && !exhausted) return;
    const decision = evaluate();
    if (exhausted || decision.verdict !== 'inconclusive') result = { ...decision, requests };
  };

  return {
    next(): SamplerStep {
      if (result) return { kind: 'done', result };
      return { kind: requests % 2 === 0 ? 'cold' : 'warm' };
    },
    record(kind: SampleKind, ms: number): void {
      if (result) throw new Error('sampler: already done; no more requests to record');
      const expected: SampleKind = requests % 2 === 0 ? 'cold' : 'warm';
      if (kind !== expected) throw new Error(`sampler: expected a ${expected} sample, got ${kind}`);
      if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`sampler: latency must be a finite number ≥ 0 ms, got ${ms}`);
      requests++;
      if (requests <= 2 * warmupPairs) return;
      (kind === 'cold' ? cold : warm).push(ms);
      if (kind === 'warm') afterPair();
    },
    kept() {
      return { cold, warm };
    },
  };
}

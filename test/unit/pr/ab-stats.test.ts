import { describe, expect, it } from 'vitest';
import { createAbSampler, futile } from '../../../src/pr/ab-sampler.js';
import { compareQueries, latencyRow, latencyVerdict, noiseFloor, tripleOrder, type AbSamples, type AbSide } from '../../../src/pr/ab-stats.js';
import { createRng } from '../../../src/timing/stats.js';

/**
 * A shared CI runner, simulated: log-normal latencies (about ±25 % spread) with a 1-in-15 stall of 3–10×
 * on either side, and a slow drift over the run that both sides share (they are interleaved).
 */
function machine(seed: number): (median: number, i: number) => number {
  const rng = createRng(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(rng() + 1e-12)) * Math.cos(2 * Math.PI * rng());
  return (median, i) => {
    const drift = 1 + 0.3 * Math.sin(i / 25);
    const stall = rng() < 1 / 15 ? 3 + 7 * rng() : 1;
    return median * drift * Math.exp(0.22 * gauss()) * stall;
  };
}

/** Runs the sampler on one endpoint whose head is `factor` times the base. */
function sample(seed: number, factor: number, baseMs = 8): { samples: AbSamples; requests: number } {
  const latency = machine(seed);
  const sampler = createAbSampler({ minSlowdown: 1.25, seed });
  for (let i = 0; i < 1000; i++) {
    const step = sampler.next();
    if (step.kind === 'done') return step;
    sampler.record(step.side, latency(step.side === 'head' ? baseMs * factor : baseMs, i));
  }
  throw new Error('the sampler never stopped');
}

function verdictOf(seed: number, factor: number): string {
  const { samples } = sample(seed, factor);
  const floor = noiseFloor([latencyRow('x', samples, 1.25, seed).aa], 1.25);
  return latencyRow('x', samples, floor.threshold, seed).verdict;
}

describe('A/B/A′ sampling against a noisy machine', { timeout: 60_000 }, () => {
  const seeds = Array.from({ length: 100 }, (_, i) => i + 1);

  it('no change (A/A): never a regression nor an improvement in 100 seeded runs', () => {
    const verdicts = seeds.map((s) => verdictOf(s, 1));
    expect(verdicts.filter((v) => v !== 'same')).toEqual([]);
  });

  it('a 3× slowdown: a regression in 100 of 100 runs', () => {
    expect(seeds.map((s) => verdictOf(s, 3)).filter((v) => v !== 'slower')).toEqual([]);
  });

  it('a 3× speed-up: an improvement in 100 of 100 runs', () => {
    expect(seeds.map((s) => verdictOf(s, 1 / 3)).filter((v) => v !== 'faster')).toEqual([]);
  });

  it('stops early when the answer is clear, and never beyond its budget', () => {
    const clear = seeds.map((s) => sample(s, 3).requests);
    expect(Math.max(...clear)).toBeLessThanOrEqual(3 * 41);
    expect(clear.filter((r) => r <= 3 * 13).length).toBeGreaterThan(75);
  });

  it('no change on a noisy machine stops once more samples could not change "same" (futility), half of maxTriples on average', () => {
    const kept = seeds.map((s) => sample(s, 1).samples.base.length);
    expect(kept.reduce((a, b) => a + b, 0) / kept.length).toBeLessThan(20);
  });

  it('futility never cuts a change past the floor short: a 1.5× slowdown is caught as often as sampling to the end would', () => {
    const caught = seeds.filter((s) => verdictOf(s, 1.5) === 'slower').length;
    // 68 of these 100 without the futility stop, the very same seeds with it.
    expect(caught).toBeGreaterThanOrEqual(68);
  });

  it('futile: a ratio near 1 whose interval could not clear 1.25× at 40 triples; not while the high end still could', () => {
    expect(futile({ ratio: 1.04, low: 0.8, high: 1.33 }, 27, 40, 1.25)).toBe(true);
    expect(futile({ ratio: 1.5, low: 1.1, high: 2.0 }, 8, 40, 1.25)).toBe(false);
    expect(futile({ ratio: 0.7, low: 0.5, high: 0.95 }, 8, 40, 1.25)).toBe(false);
    expect(futile({ ratio: 1.04, low: 0.8, high: 1.33 }, 40, 40, 1.25)).toBe(false);
  });

  it('rotates the order of each triple so every side takes every position', () => {
    const positions = [0, 1, 2].map((p) => new Set([0, 1, 2].map((i) => tripleOrder(i)[p])));
    for (const seen of positions) expect([...seen].sort()).toEqual(['base', 'baseAgain', 'head']);
  });

  it('refuses latencies out of turn, negative ones, and options it cannot meet', () => {
    const sampler = createAbSampler({ minSlowdown: 1.25 });
    expect(() => sampler.record('head' as AbSide, 1)).toThrow(/expected a base sample/);
    expect(() => sampler.record('base', -1)).toThrow(RangeError);
    expect(() => createAbSampler({ minSlowdown: 1 })).toThrow(/above 1/);
    expect(() => createAbSampler({ minSlowdown: 2, minTriples: 10, maxTriples: 5 })).toThrow(/maxTriples/);
  });
});

describe('the noise floor and verdicts', () => {
  it('is the median A/A ratio either way, never below the configured minimum', () => {
    expect(noiseFloor([{ ratio: 1.1 }, { ratio: 1.4 }, { ratio: 1.3 }], 1.25)).toEqual({ aa: 1.3, minSlowdown: 1.25, threshold: 1.3 });
    expect(noiseFloor([{ ratio: 0.7 }], 1.25).aa).toBeCloseTo(1 / 0.7, 3);
    expect(noiseFloor([{ ratio: 1.1 }], 1.25).threshold).toBe(1.25);
    // One endpoint's A/A gone wild on a stalled machine does not lift the floor over the others.
    expect(noiseFloor([{ ratio: 0.49 }, { ratio: 0.92 }, { ratio: 1.0 }, { ratio: 0.93 }], 1.25).threshold).toBe(1.25);
    expect(noiseFloor([], 1.25)).toEqual({ aa: 1, minSlowdown: 1.25, threshold: 1.25 });
  });

  it('needs the whole interval beyond the floor', () => {
    expect(latencyVerdict({ ratio: 3, low: 2.5, high: 3.4 }, 1.4)).toBe('slower');
    expect(latencyVerdict({ ratio: 1.6, low: 1.3, high: 2 }, 1.4)).toBe('same');
    expect(latencyVerdict({ ratio: 0.3, low: 0.25, high: 0.4 }, 1.4)).toBe('faster');
  });
});

describe('compareQueries', () => {
  const statements = (n: number) => [{ query: 'SELECT "catalog_book"."id" FROM "catalog_book" LIMIT $1', calls: 1 }, { query: 'SELECT "catalog_author"."name" FROM "catalog_author" WHERE "catalog_author"."id" = $1', calls: n }];

  it('one more query per row shown is growth, naming the statement that repeats', () => {
    const out = compareQueries('GET /api/books/', { queries: 2, rows: 10, statements: statements(0) }, { queries: 12, rows: 10, statements: statements(10) });
    expect(out).toMatchObject({ verdict: 'growth', perRow: 1, rows: 10 });
    expect(out.statement).toContain('catalog_author');
  });

  it('a constant extra query is more, not growth; the same count is the same', () => {
    expect(compareQueries('GET /api/books/', { queries: 2, rows: 10 }, { queries: 3, rows: 10 }).verdict).toBe('more');
    expect(compareQueries('GET /api/books/', { queries: 2, rows: 10 }, { queries: 2, rows: 10 }).verdict).toBe('same');
    expect(compareQueries('GET /api/books/', { queries: 12, rows: 10 }, { queries: 2, rows: 10 }).verdict).toBe('fewer');
  });

  it('a detail (no rows), or lists showing different rows, are never judged per row', () => {
    expect(compareQueries('GET /api/books/{pk}/', { queries: 1 }, { queries: 4 })).toEqual({ endpoint: 'GET /api/books/{pk}/', baseQueries: 1, headQueries: 4, verdict: 'more' });
    expect(compareQueries('GET /api/books/', { queries: 2, rows: 5 }, { queries: 12, rows: 10 }).verdict).toBe('more');
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_LATENCIES, reportedLatencies } from '../../../src/timing/latencies.js';

describe('reportedLatencies', () => {
  it('keeps every latency of a short run, rounded to 0.01 ms', () => {
    expect(reportedLatencies([48.234567, 51.005], [9.3333])).toEqual({ coldMs: [48.23, 51.01], warmMs: [9.33] });
  });

  it(`thins a long run to ${MAX_LATENCIES} evenly spaced samples per kind, first and last included`, () => {
    const cold = Array.from({ length: 1000 }, (_, i) => i);
    const { coldMs, warmMs } = reportedLatencies(cold, [1, 2]);
    expect(coldMs).toHaveLength(MAX_LATENCIES);
    expect(coldMs[0]).toBe(0);
    expect(coldMs.at(-1)).toBe(999);
    // Evenly spaced: the middle of the kept samples is the middle of the run, not its start.
    expect(coldMs[150]).toBeCloseTo(501, -1);
    expect(warmMs).toEqual([1, 2]);
  });

  it('honours a tiny cap without dividing by zero', () => {
    expect(reportedLatencies([1, 2, 3], [], 1)).toEqual({ coldMs: [1], warmMs: [] });
  });
});

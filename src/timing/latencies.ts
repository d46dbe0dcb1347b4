import type { TimingResult } from '../types.js';

/** Latencies kept per kind in a report: enough for a plot, small enough for report.json (≈ 2 kB each). */
export const MAX_LATENCIES = 300;

/**
 * The cold and warm latencies a verdict was taken from, as a report carries them: rounded to 0.01 ms
 * (a finer figure is noise) and, beyond `max` per kind, thinned to evenly spaced samples so the whole
 * run stays represented rather than only its start.
 */
export function reportedLatencies(cold: readonly number[], warm: readonly number[], max = MAX_LATENCIES): NonNullable<TimingResult['latencies']> {
  return { coldMs: thin(cold, max), warmMs: thin(warm, max) };
}

function thin(values: readonly number[], max: number): number[] {
  const round = (ms: number): number => Math.round(ms * 100) / 100;
  if (values.length <= max) return values.map(round);
  if (max < 2) return values.slice(0, Math.max(0, max)).map(round);
  // Index i of `max` picks the sample at the same fraction of the run: first and last included.
  return Array.from({ length: max }, (_, i) => round(values[Math.round((i * (values.length - 1)) / (max - 1))]!));
}

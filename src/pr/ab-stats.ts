/**
 * Base against head on one machine, in one run: the head/base ratio of median latencies with a
 * bootstrap bound (the timing phase's statistics), judged against a noise floor that an A/A round —
 * the base against itself, sampled in the same interleaving — measured in this very run. A shared CI
 * runner's noise is above 30 %, so a fixed threshold would either miss regressions or cry wolf; the
 * A/A bound says how large a ratio noise alone produced here. Query counts per request are compared
 * too: one more query per row shown is an N+1 the head introduced, whatever the latency says. Pure.
 */
import { bootstrapRatioOfMedians, median, type RatioInterval } from '../timing/stats.js';
import type { LatencyComparison, NoiseFloor, QueryComparison } from './types.js';

/** The three interleaved series of one endpoint: base (A), head (B) and base again (A′). */
export interface AbSamples {
  base: number[];
  head: number[];
  baseAgain: number[];
}

export type AbSide = keyof AbSamples;

const ORDERS: AbSide[][] = [['base', 'head', 'baseAgain'], ['head', 'baseAgain', 'base'], ['baseAgain', 'base', 'head']];

/**
 * The order of the i-th triple: each side takes each position in turn, so a position effect (the
 * first request after a pause, a connection re-opened) falls on all three alike.
 */
export function tripleOrder(i: number): AbSide[] {
  return ORDERS[((i % 3) + 3) % 3]!;
}

/** head/base and base′/base ratios of medians with their percentile-bootstrap bounds (seeded). */
export function compareSamples(s: AbSamples, seed = 1, iterations = 2000): { ab: RatioInterval; aa: RatioInterval; baseMs: number; headMs: number } {
  return {
    ab: bootstrapRatioOfMedians(s.head, s.base, { seed, iterations }),
    aa: bootstrapRatioOfMedians(s.baseAgain, s.base, { seed: seed + 1, iterations }),
    baseMs: median(s.base),
    headMs: median(s.head),
  };
}

/** How far an A/A ratio strays from 1, either way (1.2 for 1.2 and for 1/1.2). */
export function aaSpread(aa: Pick<RatioInterval, 'ratio'>): number {
  return Math.max(aa.ratio, 1 / Math.max(aa.ratio, 1e-9), 1);
}

/**
 * The floor of this run: the median A/A ratio (either way) over the endpoints — what noise alone made
 * of the same version on this machine, at this run's sample sizes — never below the configured minimum.
 * The median, not the largest: one endpoint that got few samples on a stalled machine must not lift
 * the floor over a real regression elsewhere. The A/A's own interval is not the floor either: its
 * width is sampling error, which the head/base interval already carries.
 */
export function noiseFloor(aas: Array<Pick<RatioInterval, 'ratio'>>, minSlowdown = 1.25): NoiseFloor {
  if (!(minSlowdown > 1)) throw new RangeError(`minSlowdown must be above 1, got ${minSlowdown}`);
  const aa = aas.length ? Math.max(1, median(aas.map(aaSpread))) : 1;
  return { aa: round(aa), minSlowdown, threshold: round(Math.max(aa, minSlowdown)) };
}

/** slower when the whole head/base interval is above the floor; faster when it is below its inverse. */
export function latencyVerdict(ab: RatioInterval, threshold: number): LatencyComparison['verdict'] {
  if (ab.low > threshold) return 'slower';
  if (ab.high < 1 / threshold) return 'faster';
  return 'same';
}

/** One endpoint's row of the latency table. */
export function latencyRow(endpoint: string, s: AbSamples, threshold: number, seed = 1): LatencyComparison {
  const { ab, aa, baseMs, headMs } = compareSamples(s, seed);
  return {
    endpoint, baseMs: round(baseMs), headMs: round(headMs), ratio: round(ab.ratio), low: round(ab.low), high: round(ab.high),
    aa: { ratio: round(aa.ratio), low: round(aa.low), high: round(aa.high) },
    verdict: latencyVerdict(ab, threshold), samples: Math.min(s.base.length, s.head.length),
    samplesMs: { base: s.base.map(round2), head: s.head.map(round2), baseAgain: s.baseAgain.map(round2) },
  };
}

/** One request's queries on a side, and the rows it showed (a list) or none (a detail). */
export interface QuerySample {
  queries: number;
  rows?: number;
  /** Normalised statements with their call counts, to name the one that repeats. */
  statements?: Array<{ query: string; calls: number }>;
}

// As in the database phase: half a query per row shown is a query per row; less is a constant cost.
const MIN_PER_ROW = 0.5;

/**
 * The same request on both sides: `growth` when the head runs at least one more query per row shown
 * (and at least two more in all), which is always a failure; otherwise more, fewer or the same.
 */
export function compareQueries(endpoint: string, base: QuerySample, head: QuerySample): QueryComparison {
  const extra = head.queries - base.queries;
  const out: QueryComparison = { endpoint, baseQueries: base.queries, headQueries: head.queries, verdict: extra > 0 ? 'more' : extra < 0 ? 'fewer' : 'same' };
  const rows = base.rows !== undefined && base.rows === head.rows ? base.rows : undefined;
  if (rows !== undefined) out.rows = rows;
  if (rows === undefined || rows < 2) return out;
  out.perRow = round(extra / rows);
  if (out.perRow >= MIN_PER_ROW && extra >= 2) {
    out.verdict = 'growth';
    const statement = repeated(base.statements ?? [], head.statements ?? []);
    if (statement) out.statement = statement;
  }
  return out;
}

/** The statement whose calls grew most from base to head. */
function repeated(base: Array<{ query: string; calls: number }>, head: Array<{ query: string; calls: number }>): string | undefined {
  const before = new Map(base.map((s) => [s.query, s.calls]));
  const grown = head.map((s) => ({ query: s.query, more: s.calls - (before.get(s.query) ?? 0) })).filter((s) => s.more > 0);
  return grown.sort((a, b) => b.more - a.more)[0]?.query;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

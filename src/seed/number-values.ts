/**
 * Numbers for integer, float and decimal fields: a typical range by name (ages, ratings, prices),
 * narrowed by min_value / max_value and max_digits / decimal_places. A unique integer column gets a
 * per-row value instead of a random one.
 */
import type { FieldSchema } from '../api/schema.js';
import type { Ctx } from './text-values.js';

// Typical ranges by name, narrowed further by min_value/max_value when DRF sends them.
const NUMBER_HINTS: [RegExp, number, number][] = [
  [/(^|_)age$/, 18, 90],
  [/(^|_)(rating|stars|score|priority)$/, 1, 5],
  [/(^|_)(lat|latitude)$/, -90, 90],
  [/(^|_)(lng|lon|long|longitude)$/, -180, 180],
  // What is ordered stays well below what is stocked, so generated orders find the units they need.
  [/(^|_)(quantity|qty)$/, 1, 5],
  [/(^|_)(stock|in_stock|inventory|available)$/, 100, 1000],
  [/(^|_)count$/, 0, 100],
  [/(^|_)(pages|page_count)$/, 1, 1000],
  [/(^|_)(percent|percentage|discount)$/, 0, 100],
  [/(^|_)(price|amount|cost|total|balance|salary|fee)$/, 1, 999.99],
];

/** The range a number for `field` is drawn from: the name's hint inside the field's own bounds. */
export function range(field: FieldSchema, ref: Date): [number, number] {
  const [, lo, hi] = /(^|_)year$/.test(field.name)
    ? [null, 1950, ref.getUTCFullYear()]
    : NUMBER_HINTS.find(([re]) => re.test(field.name)) ?? [null, 0, field.kind === 'decimal' ? 999.99 : 1000];
  const { minValue: min, maxValue: max } = field;
  const a = Math.max(lo, min ?? -Infinity);
  const b = Math.min(hi, max ?? Infinity);
  if (a <= b) return [a, b];
  // The hint contradicts the metadata (say min_value 5000): stay inside the metadata, near its edge.
  const start = min ?? max! - (hi - lo);
  return [start, Math.min(max ?? Infinity, start + (hi - lo))];
}

/** A decimal as DRF renders it ("12.50"): within the range and within max_digits / decimal_places. */
export function decimal(c: Ctx, field: FieldSchema): string {
  const places = field.decimalPlaces ?? 2;
  let [lo, hi] = range(field, c.ref);
  if (field.maxDigits !== undefined) {
    const cap = 10 ** (field.maxDigits - places) - 10 ** -places;
    [lo, hi] = [Math.max(lo, -cap), Math.min(hi, cap)];
  }
  const scale = 10 ** places;
  const n = c.f.number.int({ min: Math.ceil(lo * scale), max: Math.max(Math.ceil(lo * scale), Math.floor(hi * scale)) });
  return (n / scale).toFixed(places);
}

/** An integer in range; a unique column gets a distinct value per row index (a bijection modulo the range). */
export function integer(c: Ctx, field: FieldSchema): number {
  let [lo, hi] = range(field, c.ref);
  if (field.unique) {
    // A unique column needs room for many rows: widen the name's hint up to the field's own bounds.
    hi = Math.min(field.maxValue ?? 2_147_483_647, Math.max(hi, lo + 1_000_000_000));
    const span = Math.floor(hi) - Math.ceil(lo) + 1;
    if (span > 0) return Math.ceil(lo) + ((c.salt + c.index * 7919) % span);
  }
  return c.f.number.int({ min: Math.ceil(lo), max: Math.max(Math.ceil(lo), Math.floor(hi)) });
}

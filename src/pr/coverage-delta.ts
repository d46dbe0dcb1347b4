/**
 * Line coverage of the service's own tests, head against base: the whole and each file the change
 * touched. Both reports name files relative to their service directory, so the same file has the same
 * path on both sides. Pure.
 */
import type { CoverageFile } from '../types.js';
import type { CoverageDelta } from './types.js';

/** What a side's coverage report needs to carry. */
export interface CoverageSide {
  lineRate: number;
  files: CoverageFile[];
}

const points = (head: number, base: number): number => Math.round((head - base) * 1000) / 10;

/**
 * The delta, with a row for every changed file either report measured (a file new in the head has no
 * base rate; a file it deleted has no head rate). `changed` is relative to the service directory.
 */
export function coverageDelta(base: CoverageSide, head: CoverageSide, changed: string[]): CoverageDelta {
  const before = new Map(base.files.map((f) => [f.path, f.lineRate]));
  const after = new Map(head.files.map((f) => [f.path, f.lineRate]));
  const files = [...new Set(changed)].sort().filter((p) => before.has(p) || after.has(p)).map((path) => {
    const b = before.get(path);
    const h = after.get(path);
    return { path, ...(b !== undefined ? { base: b } : {}), ...(h !== undefined ? { head: h } : {}), ...(b !== undefined && h !== undefined ? { deltaPoints: points(h, b) } : {}) };
  });
  return { base: base.lineRate, head: head.lineRate, deltaPoints: points(head.lineRate, base.lineRate), files };
}

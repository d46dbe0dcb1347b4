/**
 * N+1 on nested relations, from one request: a statement run once per nested object the response
 * renders (`lines[].product` of every order) is a query per object. A statement run once per top-level
 * row is the database phase's N+1 (it measures lists at two sizes); this one looks one level deeper,
 * where that phase's extra rows have no children. Pure.
 */
import { singular } from '../api/words.js';
import { tableOf } from '../database/statements.js';
import type { StatementStat } from '../database/types.js';

const lastSegment = (path: string): string => path.split('.').at(-1)!.replace('[]', '').toLowerCase();

/** Objects the body renders at each nested path (`lines[]`, `lines[].product`), summed over its rows. */
export function nestedCounts(rows: readonly unknown[]): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (path: string, n: number): void => void counts.set(path, (counts.get(path) ?? 0) + n);
  const walk = (obj: Record<string, unknown>, prefix: string, depth: number): void => {
    if (depth > 4) return;
    for (const [key, value] of Object.entries(obj)) {
      if (Array.isArray(value)) {
        const items = value.filter(isObject);
        if (!items.length) continue;
        add(`${prefix}${key}[]`, items.length);
        for (const item of items) walk(item, `${prefix}${key}[].`, depth + 1);
      } else if (isObject(value)) {
        add(`${prefix}${key}`, 1);
        walk(value, `${prefix}${key}.`, depth + 1);
      }
    }
  };
  for (const row of rows) if (isObject(row)) walk(row, '', 0);
  return counts;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface NestedNPlusOne {
  path: string;
  objects: number;
  statement: StatementStat;
  /** `prefetch_related('lines__product')`-style lookup for the path. */
  lookup: string;
}

// Two calls may be two relations to one table (created_by, updated_by): three is the least that shows a loop.
const MIN_CALLS = 3;

/**
 * The statement that ran exactly once per nested object at some path, when that count is not also the
 * number of top-level rows (ambiguous, and the database phase's case).
 */
export function nestedNPlusOne(rows: readonly unknown[], statements: readonly StatementStat[]): NestedNPlusOne | undefined {
  const counts = nestedCounts(rows);
  for (const s of [...statements].sort((a, b) => b.calls - a.calls)) {
    if (s.calls < MIN_CALLS || s.calls === rows.length || !/^\s*SELECT\b/i.test(s.query)) continue;
    const paths = [...counts.entries()].filter(([, n]) => n === s.calls).map(([p]) => p).sort((a, b) => b.length - a.length || a.localeCompare(b));
    // A query per object reads the table of what hangs off it: the path named like that table, else the deepest.
    const table = tableOf(s.query) ?? '';
    const path = paths.find((p) => table.includes(singular(lastSegment(p)))) ?? paths[0];
    if (path) return { path, objects: s.calls, statement: s, lookup: path.replace(/\[\]/g, '').replace(/\./g, '__') };
  }
  return undefined;
}

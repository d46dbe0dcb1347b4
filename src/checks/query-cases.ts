/**
 * Wrong-typed and out-of-range values for the query parameters a view reads: those its filter backends
 * and pagination declare, and those its own code reads (`query_params.get('x')`, found by the probe).
 * The only rule is "never a 5xx": a view may ignore, refuse or answer any of these. Values stay inside
 * what PostgreSQL takes for a 64-bit number (an OFFSET past 2^63 is a database error DRF passes on, not
 * the service's), and carry no NUL. Pure.
 */
import type { ProbePagination } from '../probe/types.js';
import type { ListQuery } from '../api/resource-types.js';

/** One query string to send, and what it tries. */
export interface QueryCase {
  param: string;
  value: string;
  detail: string;
}

const WRONG = [
  ['enid', 'text where a number may be expected'],
  ['0', 'zero'],
  ['-1', 'a negative number'],
  ['1.5', 'a fraction'],
  ['', 'an empty value'],
] as const;
const TEXTY = [["'\"", 'quotes'], ['%_\\', 'LIKE wildcards and a backslash']] as const;
const PAGING = [['0', 'zero'], ['-1', 'a negative number'], ['enid', 'text'], ['2147483647', 'the largest 32-bit number']] as const;

/** Parameters a pagination class reads, by its style. */
export function pagingParams(p: ProbePagination | null | undefined): string[] {
  if (!p) return [];
  if (p.style === 'limit-offset') return [p.limitQueryParam ?? 'limit', p.offsetQueryParam ?? 'offset'];
  if (p.style === 'cursor') return [p.cursorQueryParam ?? 'cursor', ...(p.pageSizeQueryParam ? [p.pageSizeQueryParam] : [])];
  return [p.pageQueryParam ?? 'page', ...(p.pageSizeQueryParam ? [p.pageSizeQueryParam] : [])];
}

/**
 * The cases for one endpoint: every view-read and filter parameter gets the wrong-typed values,
 * search and ordering get text that breaks naive SQL or unknown fields, pagination gets values past its
 * ends. In a stable order, so the same service gets the same requests.
 */
export function queryCases(input: { viewParams?: readonly string[]; query?: ListQuery; pagination?: ProbePagination | null; searchParam?: string; orderingParam?: string }): QueryCase[] {
  const out: QueryCase[] = [];
  const paging = new Set(pagingParams(input.pagination));
  const search = input.query?.search ? input.searchParam ?? 'search' : undefined;
  const ordering = input.query?.ordering.length ? input.orderingParam ?? 'ordering' : undefined;
  const plain = [...new Set([...(input.query?.filters ?? []), ...(input.viewParams ?? [])])].filter((p) => !paging.has(p) && p !== search && p !== ordering);
  for (const param of plain) for (const [value, detail] of [...WRONG, ...TEXTY]) out.push({ param, value, detail });
  if (search) for (const [value, detail] of TEXTY) out.push({ param: search, value, detail });
  if (ordering) {
    out.push({ param: ordering, value: 'enid_no_such_field', detail: 'a field that does not exist' });
    out.push({ param: ordering, value: '-', detail: 'a bare minus sign' });
  }
  for (const param of [...paging].sort()) for (const [value, detail] of PAGING) out.push({ param, value, detail });
  return out;
}

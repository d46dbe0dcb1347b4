/**
 * Reading DRF lists as their pagination shapes them: a bare array (none), `{count, next, previous,
 * results}` (page-number, limit-offset) or `{next, previous, results}` without a count (cursor).
 * Walking `next` links is bounded in pages and in time.
 */
import { pathOf, type HttpResponse } from '../http/client.js';
import type { ProbePagination } from '../probe/types.js';
import type { Row } from '../api/endpoints.js';
import { StepFailure } from './steps.js';

/** Most pages one walk follows. */
export const MAX_PAGES = 20;
const WALK_BUDGET_MS = 20_000;

type Page = { count?: unknown; next?: string | null; previous?: string | null; results?: unknown };

/** Rows in the list (a bare array's length or the page's `count`); undefined for a cursor page or an unknown body. */
export function countOf(body: unknown): number | undefined {
  if (Array.isArray(body)) return body.length;
  if (body && typeof body === 'object' && typeof (body as Page).count === 'number') return (body as { count: number }).count;
  return undefined;
}

/** What is wrong with a list body given the view's pagination (undefined: it is what it should be). */
export function pageShapeProblem(body: unknown, pagination: ProbePagination | null | undefined): string | undefined {
  if (pagination === undefined) return undefined;
  if (pagination === null) return Array.isArray(body) ? undefined : 'the view has no pagination, but the list is not a bare JSON array';
  const page = body as Page | null;
  if (!page || typeof page !== 'object' || Array.isArray(page) || !Array.isArray(page.results)) {
    return `the view paginates (${pagination.style}), but the list has no "results" array`;
  }
  if ((pagination.style === 'page-number' || pagination.style === 'limit-offset') && typeof page.count !== 'number') {
    return `a ${pagination.style} page has no numeric "count"`;
  }
  if (pagination.style !== 'other' && !('next' in page && 'previous' in page)) return `a ${pagination.style} page has no "next" and "previous" links`;
  return undefined;
}

/** The rows of one list response. */
export function pageRows(body: unknown): Row[] {
  const items = Array.isArray(body) ? body : (body as Page | null)?.results;
  return Array.isArray(items) ? items.filter((r): r is Row => typeof r === 'object' && r !== null) : [];
}

/** What a walk saw: every row's key, and whether it reached the last page. */
export interface Walk {
  keys: Set<string>;
  complete: boolean;
  pages: number;
}

/**
 * Follows `next` links from the first page (at most MAX_PAGES pages and 20 s), checking that no row
 * repeats and that page 2 links back with `previous`.
 */
export async function walkPages(first: unknown, call: (m: string, p: string) => Promise<HttpResponse>, keyOf: (row: Row) => string): Promise<Walk> {
  const walk: Walk = { keys: new Set(), complete: false, pages: 0 };
  let page: unknown = first;
  const deadline = performance.now() + WALK_BUDGET_MS;
  for (let i = 0; i < MAX_PAGES && performance.now() < deadline; i++) {
    walk.pages += 1;
    for (const row of pageRows(page)) {
      const key = keyOf(row);
      if (walk.keys.has(key)) throw new StepFailure(`pagination repeats the row ${key} on page ${i + 1}`);
      walk.keys.add(key);
    }
    const next = Array.isArray(page) ? undefined : (page as Page | null)?.next;
    if (!next) {
      walk.complete = true;
      return walk;
    }
    const res = await call('GET', pathOf(next));
    if (res.status !== 200) throw new StepFailure(`following next (${pathOf(next)}) answered ${res.status}`);
    if (i === 0 && !(res.body as Page | null)?.previous) throw new StepFailure('page 2 has no previous link');
    page = res.body;
  }
  return walk;
}

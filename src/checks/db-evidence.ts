/**
 * Database evidence from the phase's own requests (pg_stat_statements, read around each measured
 * request): a statement run once per nested object a list or a row renders (nested-counts.ts), and a
 * list that returns every row of its table with no LIMIT in a service whose REST_FRAMEWORK pages lists.
 * The latter is judged only when the table holds more rows than a page (rows are added through the
 * ORM for the lists that look unbounded, as the database phase does).
 */
import type { Row } from '../api/endpoints.js';
import type { CollectionResource } from '../api/resource-types.js';
import { rowsIn, sizeQuery } from '../database/endpoints.js';
import { tableOf } from '../database/statements.js';
import type { StatementStat } from '../database/types.js';
import type { CheckBook, CheckEnv } from './context.js';
import { serverError } from './input-check.js';
import { nestedCounts, nestedNPlusOne } from './nested-counts.js';
import { detailEndpoint, detailPathOf } from './rows.js';
import type { Sent } from './session.js';

const rowsOf = (body: unknown): unknown[] => (Array.isArray(body) ? body : Array.isArray((body as { results?: unknown } | null)?.results) ? (body as { results: unknown[] }).results : []);
const shown = (s: StatementStat[] | undefined): string[] | undefined => s?.map((x) => `${x.calls}× ${x.query}`);

/** A SELECT of `table` without a LIMIT: the statement of a list that returns every row. */
export function unlimitedSelect(statements: readonly StatementStat[], table: string): StatementStat | undefined {
  const reads = statements.filter((s) => /^\s*SELECT\b/i.test(s.query) && tableOf(s.query) === table && !/\bCOUNT\s*\(/i.test(s.query.slice(0, 40)));
  if (!reads.length || reads.some((s) => /\bLIMIT\b/i.test(s.query))) return undefined;
  return reads[0];
}

/** How the lists of the service are paged, from its REST_FRAMEWORK settings: null when it does not page them. */
export interface ServicePaging {
  pageSize: number;
}

/** Nested N+1 on a list and on its richest row; an unbounded list where the service pages lists. */
export async function checkDatabase(env: CheckEnv, book: CheckBook, c: CollectionResource, paging: ServicePaging | null, grow: (table: string, rows: number) => Promise<boolean>): Promise<void> {
  const query = sizeQuery(c.pagination ?? null, 25);
  const measure = (): Promise<Sent | undefined> => env.session.send('a', c.path, { method: 'GET', path: c.path, measure: true, ...(query ? { query } : {}) });
  let list = await measure();
  if (!list || serverError(book, list, 'a measured list request') || list.status !== 200 || !list.statements) return;
  nested(book, list, rowsOf(list.response?.body));
  if (c.detail?.methods.includes('GET')) {
    const richest = [...rowsOf(list.response?.body)].sort((a, b) => total(b) - total(a))[0];
    const at = richest && typeof richest === 'object' ? detailPathOf(c, richest as Row) : undefined;
    if (at && total(richest) >= 3) {
      const one = await env.session.send('a', detailEndpoint(c), { method: 'GET', path: at.path, measure: true });
      if (one && !serverError(book, one, 'a measured detail request') && one.status === 200) nested(book, one, [one.response?.body]);
    }
  }
  if (!paging || !c.table || !book.on('unboundedList')) return;
  const body = list.response?.body;
  const paged = !Array.isArray(body);
  if (paged) return;
  book.judged('unboundedList');
  // More rows than a page, or nothing can be said: a short bare list looks the same either way.
  if ((rowsIn(body) ?? 0) <= paging.pageSize) {
    if (!(await grow(c.table, paging.pageSize + 2))) {
      book.skip('unboundedList', `${c.path}: its table could not be given more rows than a page`);
      return;
    }
    list = await measure();
    if (!list || list.status !== 200 || !list.statements) return;
  }
  const rows = rowsIn(list.response?.body) ?? 0;
  const select = unlimitedSelect(list.statements, c.table);
  if (rows <= paging.pageSize || !select) return;
  const own = c.pagination ? `its own pagination (${c.pagination.class.split('.').at(-1)}) is ignored` : 'the view turns pagination off';
  const count = await env.count?.(c.table);
  book.file('unboundedList', list, `GET ${c.path} returned all ${rows} rows${count !== undefined ? ` (the table holds ${count})` : ''} in one bare list, with no LIMIT, where the service pages its lists by ${paging.pageSize}: ${own}`, c.pagination ? 'fail' : 'warn', { statements: shown(list.statements)! });
}

const total = (row: unknown): number => [...nestedCounts([row]).values()].reduce((a, b) => a + b, 0);

function nested(book: CheckBook, sent: Sent, rows: unknown[]): void {
  book.judged('nestedNPlusOne');
  const found = nestedNPlusOne(rows, sent.statements ?? []);
  if (!found) return;
  book.file('nestedNPlusOne', sent, `GET ${sent.url} ran ${found.statement.calls}× \`${found.statement.query.slice(0, 160)}\`, once per ${found.path} object it renders (${found.objects}): add .prefetch_related('${found.lookup}') (or select_related for a foreign key) to the view's queryset`, 'fail', { statements: shown(sent.statements)! });
}

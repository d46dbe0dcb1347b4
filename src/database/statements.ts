/**
 * Statements as pg_stat_statements reports them, made attributable to one request: the harness's own
 * and the extension's are dropped, transaction and session commands are not counted as queries, and
 * lists of parameters are folded so `IN ($1, $2)` and `IN ($1, $2, $3)` count as one statement. Pure.
 */
import type { StatementStat } from './types.js';

/** One row of pg_stat_statements, as the reader returns it. */
export interface RawStatement {
  query: string;
  calls: number;
  ms: number;
  /** The database the statement ran in (pg_stat_statements' dbid). */
  dbid?: number;
}

// Connection set-up and transaction control: Django sends them around every request whatever the
// view does, so counting them would hide a view's queries behind its connection handling.
const UTILITY = /^\s*(BEGIN|COMMIT|ROLLBACK|END|START\s+TRANSACTION|SET|RESET|SHOW|SAVEPOINT|RELEASE|DISCARD|DEALLOCATE|LISTEN|UNLISTEN)\b/i;
// What the harness itself runs (reset, read, EXPLAIN) and the extension's own bookkeeping.
const HARNESS = /pg_stat_statements|pg_catalog\.|^\s*EXPLAIN\b|\/\*\s*enid\s*\*\//i;

/** Whitespace collapsed, parameter lists folded, a trailing semicolon dropped. */
export function normaliseStatement(query: string): string {
  return query
    .replace(/\s+/g, ' ')
    .replace(/\(\s*\$\d+(\s*,\s*\$\d+)+\s*\)/g, '($n, ...)')
    .replace(/\bIN \(\$\d+\)/g, 'IN ($n, ...)')
    .replace(/\s*;\s*$/, '')
    .trim();
}

/** A statement the service's request ran, not the harness or a session command. */
export function isAttributable(query: string): boolean {
  return !UTILITY.test(query) && !HARNESS.test(query);
}

/**
 * The statements of one request: only those in the service's database (when `dbid` is given),
 * attributable, normalised and merged, the most called first.
 */
export function attribute(rows: RawStatement[], dbid?: number): StatementStat[] {
  const merged = new Map<string, StatementStat>();
  for (const row of rows) {
    if (dbid !== undefined && row.dbid !== undefined && Number(row.dbid) !== dbid) continue;
    if (!isAttributable(row.query) || row.calls <= 0) continue;
    const query = normaliseStatement(row.query);
    const seen = merged.get(query) ?? { query, calls: 0, timeMs: 0 };
    seen.calls += row.calls;
    seen.timeMs += row.ms;
    merged.set(query, seen);
  }
  return [...merged.values()].sort((a, b) => b.calls - a.calls || a.query.localeCompare(b.query));
}

/** Queries a request ran: the calls of its attributable statements. */
export const queryCount = (statements: StatementStat[]): number => statements.reduce((n, s) => n + s.calls, 0);

/** `FROM "shop_category"` → `shop_category`: the first table a statement reads (schema dropped). */
export function tableOf(query: string): string | undefined {
  const m = /\bFROM\s+((?:"[^"]+"|[\w$]+)(?:\s*\.\s*(?:"[^"]+"|[\w$]+))?)/i.exec(query);
  if (!m) return undefined;
  const parts = m[1]!.split('.').map((p) => p.trim().replace(/^"|"$/g, ''));
  return parts.at(-1);
}

/** The table of an INSERT, UPDATE or DELETE, else the one read. */
export function writtenOrReadTable(query: string): string | undefined {
  const m = /^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+("[^"]+"|[\w$.]+)/i.exec(query);
  return m ? m[1]!.replace(/"/g, '').split('.').at(-1) : tableOf(query);
}

/** The statement looks one row up by the table's own key (`WHERE "t"."id" = $1`): a forward relation. */
export function looksUpByKey(query: string, table: string, key = 'id'): boolean {
  const q = query.replace(/"/g, '');
  return new RegExp(`WHERE\\s+(${table}\\.)?${key}\\s*=\\s*\\$\\d+`, 'i').test(q);
}

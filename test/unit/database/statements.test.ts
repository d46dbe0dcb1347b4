import { describe, expect, it } from 'vitest';
import { attribute, isAttributable, looksUpByKey, normaliseStatement, queryCount, tableOf, writtenOrReadTable, type RawStatement } from '../../../src/database/statements.js';

// Rows as pg_stat_statements returned them for one GET /api/categories-prefetched/ on fixtures/db-hygiene,
// with the harness's own read and reset, and a session command, as they appear when the filters are off.
const SERVICE_DB = 16384;
const ROWS: RawStatement[] = [
  { query: 'SELECT "shop_category"."id", "shop_category"."name" FROM "shop_category" ORDER BY "shop_category"."id" ASC LIMIT $1', calls: 1, ms: 0.05, dbid: SERVICE_DB },
  { query: 'SELECT "shop_product"."id", "shop_product"."name" FROM "shop_product" WHERE "shop_product"."category_id" IN ($1, $2, $3) ORDER BY "shop_product"."name" ASC', calls: 1, ms: 0.1, dbid: SERVICE_DB },
  { query: 'SELECT "shop_product"."id", "shop_product"."name" FROM "shop_product" WHERE "shop_product"."category_id" IN ($1, $2) ORDER BY "shop_product"."name" ASC', calls: 1, ms: 0.1, dbid: SERVICE_DB },
  { query: 'SELECT COUNT(*) AS "__count" FROM "shop_category"', calls: 1, ms: 0.02, dbid: SERVICE_DB },
  { query: "SET TIME ZONE 'UTC'", calls: 1, ms: 0.01, dbid: SERVICE_DB },
  { query: 'COMMIT', calls: 2, ms: 0.01, dbid: SERVICE_DB },
  { query: 'SELECT pg_stat_statements_reset()', calls: 1, ms: 0.3, dbid: 5 },
  { query: "SELECT coalesce(json_agg(json_build_object($1, query)), $2) FROM pg_stat_statements WHERE dbid = $3", calls: 1, ms: 0.4, dbid: 5 },
  { query: 'SELECT 1', calls: 3, ms: 0.01, dbid: 5 },
];

describe('statement attribution', () => {
  it('keeps only the service database\'s data statements, merging parameter lists of any length', () => {
    const stats = attribute(ROWS, SERVICE_DB);
    expect(stats.map((s) => [s.query.split(' WHERE ')[0]!.split(' ORDER BY ')[0], s.calls])).toEqual([
      ['SELECT "shop_product"."id", "shop_product"."name" FROM "shop_product"', 2],
      ['SELECT "shop_category"."id", "shop_category"."name" FROM "shop_category"', 1],
      ['SELECT COUNT(*) AS "__count" FROM "shop_category"', 1],
    ]);
    expect(stats[0]!.query).toContain('IN ($n, ...)');
    expect(stats[0]!.timeMs).toBeCloseTo(0.2);
    expect(queryCount(stats)).toBe(4);
  });

  it('drops the harness\'s statements by their text when they share the service\'s database', () => {
    const shared = ROWS.map((r) => ({ ...r, dbid: SERVICE_DB }));
    expect(attribute(shared, SERVICE_DB).some((s) => /pg_stat_statements/.test(s.query))).toBe(false);
    // SELECT 1 is indistinguishable from a service's own: it counts (the maintenance database keeps it apart).
    expect(queryCount(attribute(shared, SERVICE_DB))).toBe(7);
  });

  it('tells session and transaction commands from queries', () => {
    for (const q of ['BEGIN', 'commit', 'SET search_path = public', 'SHOW TIME ZONE', 'SAVEPOINT "s1_x1"', 'RELEASE SAVEPOINT "s1_x1"', 'ROLLBACK TO SAVEPOINT x']) expect(isAttributable(q), q).toBe(false);
    for (const q of ['SELECT 1', 'INSERT INTO "t" ("a") VALUES ($1) RETURNING "t"."id"', 'WITH x AS (SELECT 1) SELECT * FROM x', 'UPDATE "t" SET "a" = $1']) expect(isAttributable(q), q).toBe(true);
  });

  it('normalises whitespace and single-item IN lists', () => {
    expect(normaliseStatement('SELECT *\n  FROM "t"\tWHERE "t"."id" IN ($1);')).toBe('SELECT * FROM "t" WHERE "t"."id" IN ($n, ...)');
    expect(normaliseStatement('SELECT 1 WHERE a IN ($1, $2 , $3)')).toBe('SELECT 1 WHERE a IN ($n, ...)');
  });
});

describe('table extraction', () => {
  it('names the first table a statement reads, without schema or quotes', () => {
    expect(tableOf('SELECT "shop_category"."id", "shop_category"."name" FROM "shop_category" WHERE "shop_category"."id" = $1 LIMIT $2')).toBe('shop_category');
    expect(tableOf('SELECT x FROM public.orders o JOIN items i ON i.order_id = o.id')).toBe('orders');
    expect(tableOf('SELECT "a"."id" FROM "public"."courses_tag" INNER JOIN "courses_course_tags" ON ("courses_tag"."id" = "courses_course_tags"."tag_id")')).toBe('courses_tag');
    expect(tableOf('SELECT 1')).toBeUndefined();
    expect(writtenOrReadTable('INSERT INTO "shop_product" ("name") VALUES ($1)')).toBe('shop_product');
    expect(writtenOrReadTable('UPDATE "shop_tag" SET "name" = $1')).toBe('shop_tag');
  });

  it('tells a lookup by key (a forward relation) from a lookup by a foreign key column', () => {
    expect(looksUpByKey('SELECT "shop_category"."id" FROM "shop_category" WHERE "shop_category"."id" = $1 LIMIT $2', 'shop_category')).toBe(true);
    expect(looksUpByKey('SELECT "shop_product"."id" FROM "shop_product" WHERE "shop_product"."category_id" = $1', 'shop_product')).toBe(false);
  });
});

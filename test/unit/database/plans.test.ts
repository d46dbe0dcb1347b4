import { describe, expect, it } from 'vitest';
import { analysePlan, filterColumn, sortColumn, type PlanNode } from '../../../src/database/plans.js';

// EXPLAIN (FORMAT JSON) of fixtures/db-hygiene's page query at 20 000 products (PostgreSQL 15), trimmed to the keys read.
const scan = (table: string, rows: number, extra: Partial<PlanNode> = {}): PlanNode => ({ 'Node Type': 'Seq Scan', 'Relation Name': table, Alias: table, 'Plan Rows': rows, ...extra });
const sortedPage = [{ Plan: { 'Node Type': 'Limit', 'Plan Rows': 25, Plans: [{ 'Node Type': 'Sort', 'Plan Rows': 20035, 'Sort Key': ['shop_product.name'], Plans: [scan('shop_product', 20035)] }] } }];
const joinedPage = [{ Plan: { 'Node Type': 'Limit', Plans: [{ 'Node Type': 'Sort', 'Sort Key': ['shop_product.name'], Plans: [{ 'Node Type': 'Hash Join', Plans: [scan('shop_product', 20035), { 'Node Type': 'Hash', Plans: [scan('shop_category', 20030)] }] }] }] } }];
const byIndex = [{ Plan: { 'Node Type': 'Limit', Plans: [{ 'Node Type': 'Index Scan', 'Relation Name': 'shop_category', 'Plan Rows': 20030 }] } }];
const firstPage = [{ Plan: { 'Node Type': 'Limit', Plans: [scan('shop_tag', 20000)] } }];
const filtered = [{ Plan: { 'Node Type': 'Limit', Plans: [scan('shop_product', 3, { Filter: '(category_id = 1)' })] } }];
const ROWS = { shop_product: 20000, shop_category: 20000, shop_tag: 20000 };

describe('EXPLAIN plans at volume', () => {
  it('flags a Sort over a sequential scan of a large table, with the column to index', () => {
    expect(analysePlan(sortedPage, ROWS, 10_000)).toEqual([{ table: 'shop_product', rows: 20035, column: 'name', plan: 'Sort over Seq Scan' }]);
  });

  it('blames the sorted table in a join, not the one hashed beside it', () => {
    expect(analysePlan(joinedPage, ROWS, 10_000).map((f) => [f.table, f.column])).toEqual([['shop_product', 'name']]);
  });

  it('flags a filtered scan by the table\'s size, not the estimate after the filter', () => {
    expect(analysePlan(filtered, ROWS, 10_000)).toEqual([{ table: 'shop_product', rows: 20000, column: 'category_id', plan: 'Seq Scan with Filter' }]);
  });

  it('leaves index scans, a first page read in table order, and small tables alone', () => {
    expect(analysePlan(byIndex, ROWS, 10_000)).toEqual([]);
    expect(analysePlan(firstPage, ROWS, 10_000)).toEqual([]);
    expect(analysePlan(sortedPage, { shop_product: 50 }, 100_000)).toEqual([]);
    expect(analysePlan([], ROWS, 1)).toEqual([]);
  });

  it('reads sort keys and filter columns as PostgreSQL prints them', () => {
    expect(sortColumn('shop_product.name DESC')).toEqual({ table: 'shop_product', column: 'name' });
    expect(sortColumn('"shop_product"."created_at" DESC NULLS LAST')).toEqual({ table: 'shop_product', column: 'created_at' });
    expect(sortColumn('name')).toEqual({ column: 'name' });
    expect(filterColumn('((status)::text = \'open\'::text)')).toBe('status');
    expect(filterColumn('((category_id = 5) AND (price > 1))')).toBe('category_id');
    // Inside an expression the column is still named (the index would be on the expression).
    expect(filterColumn('(upper((name)::text) ~~ \'%A%\'::text)')).toBe('name');
    expect(filterColumn('($1 = 1)')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { nestedCounts, nestedNPlusOne } from '../../../src/checks/nested-counts.js';

const PRODUCT = 'SELECT "shop_product"."id", "shop_product"."name" FROM "shop_product" WHERE "shop_product"."id" = $1 LIMIT $2';
const LINES = 'SELECT "shop_orderline"."id" FROM "shop_orderline" WHERE "shop_orderline"."order_id" IN ($n, ...)';
const order = (lines: number): unknown => ({ id: 1, lines: Array.from({ length: lines }, (_, i) => ({ id: i, product: { id: i, name: 'p' }, quantity: 1 })) });

describe('N+1 on nested relations', () => {
  it('counts the objects rendered at each nested path', () => {
    expect(Object.fromEntries(nestedCounts([order(2), order(3)]))).toEqual({ 'lines[]': 5, 'lines[].product': 5 });
  });

  it('flags a statement run once per nested object, with the lookup to prefetch', () => {
    const found = nestedNPlusOne([order(3)], [{ query: PRODUCT, calls: 3, timeMs: 1 }, { query: LINES, calls: 1, timeMs: 1 }]);
    expect(found).toMatchObject({ path: 'lines[].product', objects: 3, lookup: 'lines__product' });
  });

  it('leaves a prefetched response, two calls, and a count that is also the rows\' alone', () => {
    expect(nestedNPlusOne([order(3)], [{ query: PRODUCT, calls: 1, timeMs: 1 }])).toBeUndefined();
    expect(nestedNPlusOne([order(2)], [{ query: PRODUCT, calls: 2, timeMs: 1 }])).toBeUndefined();
    // Three orders with one line each: a query per line is also a query per order (the database phase's case).
    expect(nestedNPlusOne([order(1), order(1), order(1)], [{ query: PRODUCT, calls: 3, timeMs: 1 }])).toBeUndefined();
  });
});

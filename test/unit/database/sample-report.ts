/** A database report as the phase produced it on fixtures/db-hygiene (statements trimmed), for the render tests. */
import type { DatabaseReport } from '../../../src/database/types.js';

const CATEGORY = 'SELECT "shop_category"."id", "shop_category"."name" FROM "shop_category" WHERE "shop_category"."id" = $1 LIMIT $2';
const REVERSE = 'SELECT "shop_product"."id", "shop_product"."name" FROM "shop_product" WHERE "shop_product"."category_id" = $1 ORDER BY "shop_product"."name" ASC';

export function sampleReport(): DatabaseReport {
  return {
    requests: [
      { method: 'GET', path: '/api/products/?page_size=5', status: 200, rows: 5, queries: 7, timeMs: 0.43, statements: [{ query: CATEGORY, calls: 5, timeMs: 0.2 }] },
      { method: 'GET', path: '/api/products/?page_size=25', status: 200, rows: 25, queries: 27, timeMs: 0.58, statements: [{ query: CATEGORY, calls: 25, timeMs: 0.4 }] },
      { method: 'GET', path: '/api/products-joined/?page_size=25', status: 200, rows: 25, queries: 2, timeMs: 0.38, statements: [] },
      { method: 'GET', path: '/api/products/5/', status: 200, queries: 2, timeMs: 0.1, statements: [] },
    ],
    nPlusOne: [
      { path: '/api/products/', sizes: [{ rows: 5, queries: 7 }, { rows: 25, queries: 27 }], perRow: 1, statement: CATEGORY, table: 'shop_category', hint: "add .select_related('category') to the view's queryset: category is a foreign key or one-to-one read once per row", level: 'fail' },
      { path: '/api/categories/', sizes: [{ rows: 5, queries: 7 }, { rows: 25, queries: 27 }], perRow: 1, statement: REVERSE, table: 'shop_product', hint: "add .prefetch_related('products') to the view's queryset: products is a reverse foreign key or many-to-many read once per row", level: 'fail' },
    ],
    flat: [
      { path: '/api/products-joined/', sizes: [{ rows: 5, queries: 2 }, { rows: 25, queries: 2 }] },
      { path: '/api/tags/', sizes: [{ rows: 5, queries: 2 }, { rows: 25, queries: 2 }] },
    ],
    migrations: { missing: [], generatedAtBoot: ['shop/migrations/0002_product_note.py'], level: 'fail' },
    scans: [{ path: '/api/products/', table: 'shop_product', rows: 20035, column: 'name', plan: 'Sort over Seq Scan', level: 'warn' }],
    volume: { rows: 60000, durationMs: 18836, rowsPerSecond: 3185, tables: { shop_category: 20000, shop_product: 20000, shop_tag: 20000 } },
    notes: [],
  };
}

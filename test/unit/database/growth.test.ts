import { describe, expect, it } from 'vitest';
import { detectGrowth, hintFor, modelTables, relationFields, tableOfModel, type SizedSample } from '../../../src/database/growth.js';
import { listEndpoints } from '../../../src/database/endpoints.js';
import { probed } from '../probe/recorded.js';
import { resourcesOf } from '../seed/probed.js';

// The statements fixtures/db-hygiene's /api/products/ ran at a page of 5 and of 25 rows (pg_stat_statements).
const CATEGORY = 'SELECT "shop_category"."id", "shop_category"."name" FROM "shop_category" WHERE "shop_category"."id" = $1 LIMIT $2';
const PAGE = 'SELECT "shop_product"."id", "shop_product"."name", "shop_product"."category_id" FROM "shop_product" ORDER BY "shop_product"."name" ASC LIMIT $1';
const COUNT = 'SELECT COUNT(*) AS "__count" FROM "shop_product"';
const sample = (rows: number, perRow: number): SizedSample => ({
  rows,
  statements: [{ query: CATEGORY, calls: rows * perRow, timeMs: 0 }, { query: PAGE, calls: 1, timeMs: 0 }, { query: COUNT, calls: 1, timeMs: 0 }].filter((s) => s.calls > 0),
});
const productRelations = [{ source: 'category', model: 'shop.Category', many: false }];

describe('N+1 growth detection', () => {
  it('flags a count that grows by one query per row, with the repeated statement and its table', () => {
    const g = detectGrowth(sample(5, 1), sample(25, 1), productRelations);
    expect(g).toEqual({ perRow: 1, statement: CATEGORY, table: 'shop_category', hint: expect.stringContaining(".select_related('category')") as string });
  });

  it('reports growth of two per row (two relations) and in either argument order', () => {
    expect(detectGrowth(sample(25, 2), sample(5, 2))?.perRow).toBe(2);
  });

  it('leaves flat counts alone, and a constant extra query the larger page made visible', () => {
    expect(detectGrowth(sample(5, 0), sample(25, 0))).toBeUndefined();
    // 0 rows: Django skips the page query; 25 rows: the page query runs once. One more, not one per row.
    const empty: SizedSample = { rows: 0, statements: [{ query: COUNT, calls: 1, timeMs: 0 }] };
    expect(detectGrowth(empty, sample(25, 0))).toBeUndefined();
  });

  it('cannot judge when the rows did not change', () => {
    expect(detectGrowth(sample(10, 1), sample(10, 1))).toBeUndefined();
  });
});

describe('hints', () => {
  const reverse = 'SELECT "shop_product"."id" FROM "shop_product" WHERE "shop_product"."category_id" = $1 ORDER BY "shop_product"."name" ASC';
  it('prefetch_related for a nested many (reverse foreign key), select_related for a nested one', () => {
    expect(hintFor(reverse, 'shop_product', [{ source: 'products', model: 'shop.Product', many: true }], {})).toMatch(/^add \.prefetch_related\('products'\)/);
    expect(hintFor(CATEGORY, 'shop_category', productRelations, {})).toMatch(/^add \.select_related\('category'\)/);
  });

  it('a COUNT per row (a SerializerMethodField) is answered by an annotation', () => {
    const count = 'SELECT COUNT(*) AS "__count" FROM "catalog_book" WHERE "catalog_book"."author_id" = $1';
    expect(hintFor(count, 'catalog_book', [], {})).toBe("annotate the count in the view's queryset (.annotate(book_count=Count('…'))) and read it in the serializer: a COUNT per row");
  });

  it('falls back to the statement\'s shape when no serializer field matches the table', () => {
    expect(hintFor(CATEGORY, 'shop_category', [], {})).toMatch(/select_related\(…\).*foreign key or one-to-one/);
    expect(hintFor(reverse, 'shop_product', [], {})).toMatch(/prefetch_related\(…\).*reverse foreign key or many-to-many/);
  });

  it('maps models to tables from the probe, else by Django\'s default name', () => {
    const tables = modelTables(probed('drift-nomigrate-django3.2'));
    expect(tables['courses.Course']).toBe('courses_course');
    expect(tableOfModel('courses.Tag', tables)).toBe('courses_tag');
    expect(tableOfModel('shop.OrderLine', {})).toBe('shop_orderline');
  });

  it('reads the relations of recorded serializers: a primary key, a many-to-many, a dotted source', () => {
    const doc = probed('drift-nomigrate-django3.2');
    const courses = listEndpoints(resourcesOf('drift-nomigrate-django3.2')).find((e) => e.path === '/api/courses/')!;
    expect(relationFields(courses.serializer)).toEqual([
      { source: 'instructor', model: 'courses.Instructor', many: false },
      // instructor_name reads instructor.name: the same relation, followed by a dotted source.
      { source: 'instructor', model: null, many: false },
      { source: 'tags', model: 'courses.Tag', many: true },
    ]);
    const books = listEndpoints(resourcesOf('library-pg-django4.2')).find((e) => e.path === '/api/books/')!;
    expect(relationFields(books.serializer)).toEqual([
      { source: 'author', model: 'catalog.Author', many: false },
      { source: 'author', model: null, many: false },
    ]);
  });
});

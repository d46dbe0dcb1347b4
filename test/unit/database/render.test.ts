import { describe, expect, it } from 'vitest';
import { verdict } from '../../../src/database/phase.js';
import { databaseConsoleLines, databaseJunitCases, databaseMarkdown } from '../../../src/database/render.js';
import { sampleReport } from './sample-report.js';

describe('database report rendering', () => {
  it('JUnit: a failure per failing N+1, a pass per flat endpoint, warnings as skipped', () => {
    const cases = databaseJunitCases(sampleReport());
    expect(cases.map((c) => [c.classname, c.name, c.failure ? 'failure' : c.skipped ? 'skipped' : 'passed'])).toEqual([
      ['database.n-plus-one', 'N+1 /api/products/', 'failure'],
      ['database.n-plus-one', 'N+1 /api/categories/', 'failure'],
      ['database.n-plus-one', 'N+1 /api/products-joined/', 'passed'],
      ['database.n-plus-one', 'N+1 /api/tags/', 'passed'],
      ['database.migrations', 'migration written at boot shop/migrations/0002_product_note.py', 'skipped'],
      ['database.scans', 'scan /api/products/ shop_product', 'skipped'],
    ]);
    expect(cases[0]!.failure).toBe(`N+1: 7 queries at 5 rows, 27 queries at 25 rows (+1 per row); repeated: ${sampleReport().nPlusOne[0]!.statement} (table shop_category); add .select_related('category') to the view's queryset: category is a foreign key or one-to-one read once per row`);
  });

  it('JUnit: missing migrations fail at level fail, and a clean service has one passing migration case', () => {
    const r = sampleReport();
    r.migrations = { missing: [{ app: 'shop', model: 'product', field: 'note', operation: 'AddField', description: 'Add field note to product' }], generatedAtBoot: [], level: 'fail' };
    expect(databaseJunitCases(r).find((c) => c.classname === 'database.migrations')).toEqual({
      name: 'migration shop.product.note', classname: 'database.migrations',
      failure: 'no migration for Add field note to product (AddField on shop.product.note): run makemigrations shop and commit it',
    });
    r.migrations = { missing: [], generatedAtBoot: [], level: 'fail' };
    expect(databaseJunitCases(r).filter((c) => c.classname === 'database.migrations')).toEqual([{ name: 'migrations match the models', classname: 'database.migrations' }]);
  });

  it('Markdown: the requests table, the N+1 verdicts, migrations, scans and volume', () => {
    const md = databaseMarkdown(sampleReport());
    expect(md.startsWith('## Database\n\n| Request | Status | Rows | Queries | DB time (ms) | Most called |\n')).toBe(true);
    expect(md).toContain('| `GET /api/products/?page_size=25` | 200 | 25 | 27 | 0.6 | 25× `SELECT "shop_category"."id", "shop_category"."name" FROM "shop_category" WHERE …` |');
    expect(md).toContain("| `/api/products/` | 7 queries at 5 rows, 27 queries at 25 rows | +1 | ❌ N+1 on `shop_category`: add .select_related('category')");
    expect(md).toContain('| `/api/tags/` | 2 queries at 5 rows, 2 queries at 25 rows | 0 | ✅ flat |');
    expect(md).toContain('- ⚠️ `shop/migrations/0002_product_note.py` was written by makemigrations at boot');
    expect(md).toContain('- ⚠️ `/api/products/`: Sort over Seq Scan on `shop_product` (20035 rows), index `name`');
    expect(md).toContain('- volume: 60000 rows through the ORM in 18836 ms (3185 rows/s)');
    expect(md.endsWith('\n')).toBe(true);
  });

  it('console: a line per finding and a summary', () => {
    const lines = databaseConsoleLines(sampleReport());
    expect(lines[0]).toMatch(/^✗ N\+1 \/api\/products\/: 7 queries at 5 rows, 27 queries at 25 rows \(\+1\/row\) — SELECT .* — add \.select_related\('category'\)/);
    expect(lines).toContain('✓ /api/tags/: 2 queries at 5 rows, 2 queries at 25 rows');
    expect(lines).toContain('! migration written at boot, not committed: shop/migrations/0002_product_note.py');
    expect(lines.at(-1)).toBe('database: 4 request(s) measured (at most 27 queries), 2 N+1, 1 migration finding(s), 1 scan(s)');
  });
});

describe('verdict and settings', () => {
  it('fails on a failing N+1, passes with warnings only, skips when nothing was measured', () => {
    expect(verdict(sampleReport())).toMatchObject({ status: 'failed', detail: expect.stringMatching(/^N\+1 at \/api\/products\/ \(\+1 queries per row on shop_category\); N\+1 at \/api\/categories\//) as string });
    const warnOnly = { ...sampleReport(), nPlusOne: sampleReport().nPlusOne.map((n) => ({ ...n, level: 'warn' as const })) };
    expect(verdict(warnOnly)).toEqual({ status: 'passed', detail: '4 request(s) measured, at most 27 queries; 2 list endpoint(s) flat; 4 warning(s)' });
    const over = sampleReport();
    over.nPlusOne = [];
    over.requests[1]!.overLimit = true;
    expect(verdict(over).detail).toBe('27 queries for GET /api/products/?page_size=25');
    expect(verdict({ ...sampleReport(), requests: [], nPlusOne: [], flat: [], scans: [], migrations: { missing: [], generatedAtBoot: [], level: 'fail' }, notes: ['queries cannot be counted: no pg_stat_statements'] }))
      .toEqual({ status: 'skipped', detail: 'queries cannot be counted: no pg_stat_statements' });
  });
});

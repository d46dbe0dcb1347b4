import type { PrReport } from '../../../src/pr/types.js';

/** A failing PR report with one finding of each kind (the shape of the `combined` fixture case). */
export const FAILING_PR: PrReport = {
  base: { ref: 'main', commit: '87b428a5b36229d000b6731acd4db8aab5491559', how: '--base' },
  head: { commit: 'b5e3787d079af529f166c65e705685a5c82f37a4', dirty: true },
  verdict: 'failed',
  reasons: [
    '2 breaking API change(s): response-required-property-removed GET /api/authors/ name; new-required-request-property POST /api/authors/ full_name',
    'rolling deploy breaks: the base code fails against the migrated database (books: create → 500)',
    'GET /api/authors/ is 3.10× slower (6.2 → 19.2 ms; bound 2.70× > floor 1.25×)',
    'GET /api/books/ runs 1 more query per row (2 → 12 for 10 rows): an N+1',
  ],
  contract: [
    { rule: 'response-required-property-removed', level: 'breaking', endpoint: 'GET /api/authors/', detail: 'name is no longer in the response', serializer: 'books.serializers.AuthorSerializer', field: 'name' },
    { rule: 'new-required-request-property', level: 'breaking', endpoint: 'POST /api/authors/', detail: 'full_name (CharField) is new and required: bodies without it are refused', serializer: 'books.serializers.AuthorSerializer', field: 'full_name' },
    { rule: 'response-required-property-added', level: 'non-breaking', endpoint: 'GET /api/authors/', detail: 'full_name | (CharField) is new in the response', serializer: 'books.serializers.AuthorSerializer', field: 'full_name' },
  ],
  migrations: [{
    app: 'books', name: '0002_book_published_at', durationMs: 85.3, rows: { books_book: 20044 }, reversible: true,
    locks: [{ relation: 'books_book', mode: 'AccessExclusiveLock' }, { relation: 'books_book_pkey', mode: 'AccessShareLock' }],
    flags: [{ rule: 'add-not-null-volatile-default', level: 'high', operation: 'AddField books.Book.published_at', detail: 'a NOT NULL column with a callable default' }],
  }],
  rollingDeploy: { checked: true, failures: [{ flow: 'books: create', status: 500, error: 'POST /api/books/ answered 500' }], failingBefore: 0 },
  latency: [
    { endpoint: 'GET /api/authors/', baseMs: 6.2, headMs: 19.2, ratio: 3.1, low: 2.7, high: 3.4, aa: { ratio: 1.04, low: 0.9, high: 1.2 }, verdict: 'slower', samples: 12 },
    { endpoint: 'GET /api/books/{pk}/', baseMs: 4.1, headMs: 4.0, ratio: 0.98, low: 0.9, high: 1.1, aa: { ratio: 1.01, low: 0.92, high: 1.1 }, verdict: 'same', samples: 40 },
  ],
  noiseFloor: { aa: 1.04, minSlowdown: 1.25, threshold: 1.25 },
  queries: [{ endpoint: 'GET /api/books/', rows: 10, baseQueries: 2, headQueries: 12, perRow: 1, verdict: 'growth', statement: 'SELECT "books_author"."id", "books_author"."name" FROM "books_author" WHERE "books_author"."id" = $1' }],
  coverage: { base: 0.922, head: 0.91, deltaPoints: -1.2, files: [{ path: 'books/views.py', base: 1, head: 0.9, deltaPoints: -10 }] },
  notes: ['GET /api/books/: not timed (base answered 500, head 200)'],
};

import { describe, expect, it } from 'vitest';
import { classifyMigration, classifyOperation, type PlannedColumn, type PlannedOperation } from '../../../src/pr/migration-risk.js';

const column = (over: Partial<PlannedColumn> = {}): PlannedColumn => ({
  dbType: 'varchar(120)', null: false, hasDefault: false, callableDefault: false, index: false, unique: false, relation: false, ...over,
});
const op = (over: Partial<PlannedOperation>): PlannedOperation => ({ op: 'AddField', model: 'catalog.Book', field: 'isbn', table: 'catalog_book', reversible: true, ...over });
const rules = (o: PlannedOperation, rows = 20_000): string[] => classifyOperation(o, { rows: { catalog_book: rows } }).map((f) => `${f.rule}:${f.level}`);

describe('classifyOperation', () => {
  it('a nullable column, a new model and a concurrent index are safe', () => {
    expect(rules(op({ column: column({ null: true }) }))).toEqual([]);
    expect(rules(op({ op: 'CreateModel', model: 'catalog.Shelf', field: null, table: null }))).toEqual([]);
    expect(rules(op({ op: 'AddIndexConcurrently', field: null, detail: 'book_title_idx' }))).toEqual([]);
  });

  it('NOT NULL with a callable default on a large table: one value for every row under an exclusive lock, and the old code cannot insert', () => {
    const flags = classifyOperation(op({ field: 'published_at', column: column({ dbType: 'timestamp with time zone', hasDefault: true, callableDefault: true }) }), { rows: { catalog_book: 20_000 } });
    expect(flags.map((f) => `${f.rule}:${f.level}`)).toEqual(['add-not-null-volatile-default:high', 'add-not-null-without-db-default:high']);
    expect(flags[0]).toMatchObject({ operation: 'AddField catalog.Book.published_at' });
    expect(flags[0]!.detail).toContain('catalog_book (20,000 rows)');
    // The same on a small table locks only briefly.
    expect(rules(op({ column: column({ hasDefault: true, callableDefault: true }) }), 50)[0]).toBe('add-not-null-volatile-default:medium');
  });

  it('a constant default still breaks the old code before Django 5 (the default is dropped); a db_default does not', () => {
    expect(rules(op({ column: column({ hasDefault: true }) }))).toEqual(['add-not-null-without-db-default:high']);
    expect(rules(op({ column: column({ dbDefault: "''" }) }))).toEqual([]);
    expect(rules(op({ column: column({ dbDefault: 'gen_random_uuid()', volatileDbDefault: true }) }))).toEqual(['add-not-null-volatile-default:high']);
  });

  it('type changes rewrite the table, unless a varchar only grows', () => {
    expect(rules(op({ op: 'AlterField', column: column({ dbType: 'integer' }), before: column() }))).toEqual(['alter-field-type:high']);
    expect(rules(op({ op: 'AlterField', column: column({ dbType: 'varchar(200)' }), before: column() }))).toEqual(['alter-field-type-widened:low']);
    expect(rules(op({ op: 'AlterField', column: column({ dbType: 'text' }), before: column() }))).toEqual(['alter-field-type-widened:low']);
    expect(rules(op({ op: 'AlterField', column: column(), before: column({ null: true }) }))).toEqual(['set-not-null:high']);
  });

  it('indexes built without CONCURRENTLY block writes: db_index, unique, foreign keys, AddIndex, constraints', () => {
    expect(rules(op({ column: column({ null: true, index: true }) }))).toEqual(['index-not-concurrent:high']);
    expect(rules(op({ op: 'AlterField', column: column({ unique: true }), before: column() }))).toEqual(['index-not-concurrent:high']);
    expect(rules(op({ op: 'AddIndex', field: null, detail: 'book_title_idx' }), 10)).toEqual(['index-not-concurrent:medium']);
    expect(classifyOperation(op({ field: 'author', column: column({ null: true, relation: true, dbType: 'bigint' }) }))[0]!.detail).toContain('foreign key is validated');
  });

  it('removing or renaming what the base code reads breaks a rolling deploy; removing loses data', () => {
    expect(rules(op({ op: 'RemoveField', before: column() }))).toEqual(['remove-field:high', 'irreversible:medium']);
    expect(rules(op({ op: 'RenameField', field: 'name', oldField: 'title' }))).toEqual(['rename-column:high']);
    expect(classifyOperation(op({ op: 'RenameField', field: 'name', oldField: 'title' }))[0]!.detail).toContain('still reads title from catalog_book');
    expect(rules(op({ op: 'RenameModel', field: null }))).toEqual(['rename-table:high']);
  });

  it('RunPython without reverse_code cannot be undone; RunSQL without reverse_sql neither', () => {
    expect(rules(op({ op: 'RunPython', model: null, field: null, table: null, detail: 'backfill_isbn', reversible: false }))).toEqual(['run-python:medium', 'irreversible:medium']);
    expect(rules(op({ op: 'RunPython', model: null, field: null, table: null, detail: 'backfill_isbn' }))).toEqual(['run-python:medium']);
    expect(rules(op({ op: 'RunSQL', model: null, field: null, table: null, reversible: false }))).toEqual(['run-sql:low', 'irreversible:medium']);
  });
});

describe('classifyMigration', () => {
  it('collects the flags of every operation and says whether it can be reversed', () => {
    const m = { app: 'catalog', name: '0002_backfill', atomic: true, operations: [op({ column: column({ null: true }) }), op({ op: 'RunPython', model: null, field: null, table: null, detail: 'fill', reversible: false })] };
    const out = classifyMigration(m);
    expect(out.reversible).toBe(false);
    expect(out.flags.map((f) => f.operation)).toEqual(['RunPython catalog.0002_backfill (fill)', 'RunPython catalog.0002_backfill (fill)']);
    expect(classifyMigration({ ...m, operations: [op({ column: column({ null: true }) })] })).toEqual({ flags: [], reversible: true });
  });
});

import { describe, expect, it } from 'vitest';
import { blocks, migrationRuns, MIGRATE_PREFIX, parseMigrateOutput, strongestLocks } from '../../../src/pr/migration-report.js';
import { pythonSource } from '../../../src/python/scripts.js';

const MIGRATE_PY = pythonSource('pr_migrate');

describe('the migration script', () => {
  it('is plain ASCII, imports only the standard library at module level, and prints the prefix the parser reads', () => {
    expect(/^[\x20-\x7e\n]*$/.test(MIGRATE_PY)).toBe(true);
    expect(MIGRATE_PY.split('\n').filter((l) => /^(import|from) /.test(l))).toEqual(['import json, os, time, traceback']);
    expect(MIGRATE_PY).toContain(`print('${MIGRATE_PREFIX}' + json.dumps(OUT, default=str))`);
  });

  it('avoids syntax and calls newer than Python 3.8', () => {
    for (const newer of ['.removeprefix(', '.removesuffix(', 'match ', ': list[', ': dict[', ' | None', 'zip(strict', ':=']) expect(MIGRATE_PY).not.toContain(newer);
  });

  it('guards with lock_timeout, and runs deferred SQL inside the transaction before reading its own locks', () => {
    expect(MIGRATE_PY).toContain("SET lock_timeout = %s");
    expect(MIGRATE_PY.indexOf('editor.deferred_sql.pop(0)')).toBeLessThan(MIGRATE_PY.indexOf("out['locks'] = own_locks(connection)"));
    expect(MIGRATE_PY).toContain('pg_backend_pid()');
  });
});

// What the script printed for a head that adds a NOT NULL column with a callable default (shape of a real run).
const output = `Microservice noise before it
${MIGRATE_PREFIX}${JSON.stringify({
  migrations: [{
    app: 'catalog', name: '0002_book_published_at', atomic: true, durationMs: 412.5,
    locks: [{ relation: 'catalog_book', mode: 'RowExclusiveLock' }, { relation: 'catalog_book', mode: 'AccessExclusiveLock' }, { relation: 'catalog_book_pkey', mode: 'AccessShareLock' }],
    operations: [{ op: 'AddField', model: 'catalog.Book', field: 'published_at', table: 'catalog_book', reversible: true,
      column: { dbType: 'timestamp with time zone', null: false, hasDefault: true, callableDefault: true, index: false, unique: false, relation: false } }],
  }, {
    app: 'catalog', name: '0003_fill', atomic: true, error: 'OperationalError: canceling statement due to lock timeout',
    operations: [{ op: 'RunPython', model: null, field: null, table: null, reversible: false, detail: 'fill' }],
  }],
  rows: { catalog_book: 20000 }, applied: 1, errors: [],
})}
`;

describe('migrationRuns', () => {
  it('reads the script\'s line and turns it into the migration table: time, strongest lock per relation, flags', () => {
    const runs = migrationRuns(parseMigrateOutput(output));
    expect(runs[0]).toMatchObject({
      app: 'catalog', name: '0002_book_published_at', durationMs: 412.5, rows: { catalog_book: 20000 }, reversible: true,
      locks: [{ relation: 'catalog_book', mode: 'AccessExclusiveLock' }, { relation: 'catalog_book_pkey', mode: 'AccessShareLock' }],
    });
    expect(runs[0]!.flags.map((f) => f.rule)).toEqual(['add-not-null-volatile-default', 'add-not-null-without-db-default']);
    expect(runs[1]).toMatchObject({ reversible: false, error: 'OperationalError: canceling statement due to lock timeout', locks: [] });
    expect(runs[1]!.durationMs).toBeUndefined();
  });

  it('fails loudly when the script printed nothing it can read', () => {
    expect(() => parseMigrateOutput('Traceback (most recent call last):\nImportError: no module named django')).toThrow(/printed no result: ImportError/);
  });

  it('ranks lock modes as PostgreSQL does, and says what each one blocks', () => {
    expect(strongestLocks([{ relation: 'a', mode: 'ShareLock' }, { relation: 'b', mode: 'AccessExclusiveLock' }, { relation: 'a', mode: 'RowExclusiveLock' }]))
      .toEqual([{ relation: 'b', mode: 'AccessExclusiveLock' }, { relation: 'a', mode: 'ShareLock' }]);
    expect([blocks('AccessExclusiveLock'), blocks('ShareLock'), blocks('ShareUpdateExclusiveLock')]).toEqual(['reads', 'writes', null]);
  });
});

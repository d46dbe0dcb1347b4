import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedAtBoot, hostMigrations } from '../../../src/database/migrations.js';

const FIXTURE = path.resolve(import.meta.dirname, '../../../fixtures/db-hygiene');

describe('migrations written at boot', () => {
  it('lists the host\'s migrations of fixtures/db-hygiene: only the committed 0001', () => {
    expect(hostMigrations(FIXTURE)).toEqual(['shop/migrations/0001_initial.py', 'shop/migrations/__init__.py']);
  });

  it('finds apps one and two levels down, and skips __pycache__', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'enid-db-migrations-'));
    for (const f of ['shop/migrations/0001_initial.py', 'apps/billing/migrations/0001_initial.py', 'shop/migrations/__pycache__/0001_initial.cpython-311.pyc', 'shop/models.py']) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      writeFileSync(path.join(dir, f), '');
    }
    expect(hostMigrations(dir)).toEqual(['apps/billing/migrations/0001_initial.py', 'shop/migrations/0001_initial.py']);
  });

  it('reports files only the container has, in folders the host has', () => {
    const host = ['shop/migrations/0001_initial.py', 'shop/migrations/__init__.py'];
    const container = [...host, 'shop/migrations/0002_product_note.py', 'vendor/migrations/0001_initial.py', 'shop/migrations/0003_auto.py'];
    expect(generatedAtBoot(container, host)).toEqual(['shop/migrations/0002_product_note.py', 'shop/migrations/0003_auto.py']);
  });

  it('reports nothing when both sides agree, or when the container has fewer files', () => {
    const host = ['a/migrations/0001_initial.py', 'a/migrations/0002_x.py'];
    expect(generatedAtBoot(host, host)).toEqual([]);
    expect(generatedAtBoot(host.slice(0, 1), host)).toEqual([]);
  });

  it('ignores an __init__.py the container created in a folder the host has', () => {
    expect(generatedAtBoot(['a/migrations/__init__.py', 'a/migrations/0001_initial.py'], ['a/migrations/0001_initial.py'])).toEqual([]);
  });
});

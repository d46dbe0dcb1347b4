import { describe, expect, it } from 'vitest';
import { tenantDatabase } from '../../../src/stack/backing/postgres-container.js';

describe('tenantDatabase', () => {
  it('is the service\'s database with the tenant\'s suffix (PR mode\'s base, the test sibling)', () => {
    expect(tenantDatabase('shelf', 'base')).toBe('shelf_base');
    expect(tenantDatabase('notes', 'enid_tests')).toBe('notes_enid_tests');
  });

  it('keeps the suffix within PostgreSQL\'s 63 bytes, so two tenants of a long name never meet', () => {
    const long = 'a'.repeat(70);
    const [base, tests] = [tenantDatabase(long, 'base'), tenantDatabase(long, 'enid_tests')];
    expect(base).toHaveLength(63);
    expect(tests).toHaveLength(63);
    expect(base.endsWith('_base')).toBe(true);
    expect(tests.endsWith('_enid_tests')).toBe(true);
  });
});

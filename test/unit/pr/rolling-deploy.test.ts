import { describe, expect, it } from 'vitest';
import { baseDatabaseEnv, migrateBase, rollingDeploy } from '../../../src/pr/migrate-base.js';
import type { RunContext } from '../../../src/pipeline/context.js';
import type { FlowResult } from '../../../src/types.js';

const flow = (name: string, status: FlowResult['status'], code?: number): FlowResult => ({
  name, endpoint: '/api/books/', step: name.split(': ')[1]!, status, durationMs: 1,
  ...(status === 'failed' ? { error: `answered ${code}`, exchange: { method: 'POST', url: '/api/books/', status: code! } } : {}),
});

describe('rollingDeploy', () => {
  it('counts only steps that passed before the migrations and fail after them', () => {
    const before = [flow('books: create', 'passed'), flow('books: list', 'passed'), flow('authors: delete', 'failed', 500)];
    const after = [flow('books: create', 'failed', 500), flow('books: list', 'passed'), flow('authors: delete', 'failed', 500)];
    expect(rollingDeploy(before, after)).toEqual({ checked: true, failures: [{ flow: 'books: create', status: 500, error: 'answered 500' }], failingBefore: 1 });
  });

  it('the same flows passing on both sides of the migrations: nothing breaks', () => {
    const same = [flow('books: create', 'passed'), flow('books: list', 'passed')];
    expect(rollingDeploy(same, same).failures).toEqual([]);
  });
});

describe('baseDatabaseEnv', () => {
  it('is the head\'s environment with the database variables pointed at the base\'s database', () => {
    const backing = (database: string) => ({ postgres: { image: 'pg', aliases: ['db'], settings: { user: 'shelf', password: 'pw', database } } });
    const head = { spec: { env: { POSTGRES_DB: 'shelf', POSTGRES_HOST: 'db', SECRET_KEY: 'k' }, backing: backing('shelf') } } as unknown as RunContext;
    const base = { spec: { env: {}, backing: backing('shelf_base') } } as unknown as RunContext;
    expect(baseDatabaseEnv(head, base)).toMatchObject({ POSTGRES_DB: 'shelf_base', POSTGRES_HOST: 'db', SECRET_KEY: 'k' });
  });
});

describe('migrateBase', () => {
  it('takes the plan the base session read beside the head\'s phases: no Django start in the pr phase when the head adds no migration', async () => {
    const spec = { env: {}, backing: {} };
    const service = { copyContentToContainer: () => Promise.reject(new Error('the plan was read again')), exec: () => Promise.reject(new Error('the plan was read again')) };
    const head = { spec, stack: { service } } as unknown as RunContext;
    const base = { spec } as unknown as RunContext;
    const plan = { migrations: [], rows: {}, applied: 0, errors: [] };
    const out = await migrateBase({ head, base, volumeRows: 0, lockTimeoutMs: 1000, log: () => undefined, plan });
    expect(out.rollingDeploy).toMatchObject({ checked: false, note: expect.stringContaining('no migration') });
    await expect(migrateBase({ head, base, volumeRows: 0, lockTimeoutMs: 1000, log: () => undefined })).rejects.toThrow(/read again/);
  });
});

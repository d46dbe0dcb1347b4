import { describe, expect, it } from 'vitest';
import { cacheClientOf, findCacheClient } from '../../../src/backing/cache.js';
import { backingModule, BACKING_MODULES } from '../../../src/backing/registry.js';
import type { ProbeSettings } from '../../../src/probe/types.js';

// The capabilities later phases ask of the modules, without naming a module themselves.

const settings = (db: { ENGINE: string | null; HOST: string | null }): ProbeSettings => ({ DATABASES: { default: { ...db, NAME: 'x', PORT: 5432, USER: 'u' } } }) as unknown as ProbeSettings;
const pgSpec = { image: 'postgres:16-alpine', aliases: ['db', 'postgres'], settings: { user: 'u', password: 'p', database: 'd' } };

describe('wiringProblem: Django talks to the run\'s database, or the run says where it talks instead', () => {
  const postgres = backingModule('postgres');

  it('accepts a HOST that is one of the run\'s aliases, and settings that name no host (a socket, SQLite)', () => {
    expect(postgres.wiringProblem!(settings({ ENGINE: 'django.db.backends.postgresql', HOST: 'postgres' }), pgSpec)).toBeUndefined();
    expect(postgres.wiringProblem!(settings({ ENGINE: 'django.db.backends.postgresql', HOST: null }), pgSpec)).toBeUndefined();
    expect(postgres.wiringProblem!(settings({ ENGINE: 'django.db.backends.sqlite3', HOST: 'elsewhere' }), pgSpec)).toBeUndefined();
  });

  it('names a hard-coded host, the run\'s aliases and the way out', () => {
    const problem = postgres.wiringProblem!(settings({ ENGINE: 'django.db.backends.postgresql', HOST: 'prod-db.internal' }), pgSpec);
    expect(problem).toEqual({
      code: 'ENID_DATABASE_NOT_WIRED',
      message: "Django's DATABASES['default'] points at prod-db.internal, not at the run's PostgreSQL (db, postgres)",
      hint: expect.stringContaining('{"MY_DB_HOST": "db"}'),
    });
  });
});

describe('the cache capability', () => {
  const info = (backing: Record<string, { host: string; port: number; url: string }>) => ({ service: 'notes', backing });

  it('belongs to the modules that have one; a run without one gets none, or ENID_NO_REDIS when it needs one', () => {
    expect(BACKING_MODULES.filter((m) => m.cacheClient).map((m) => m.kind)).toEqual(['redis']);
    expect(findCacheClient(info({ postgres: { host: 'h', port: 1, url: 'postgres://h:1/d' } }))).toBeUndefined();
    expect(() => cacheClientOf(info({}), { phase: 'timing' })).toThrow(expect.objectContaining({ code: 'ENID_NO_REDIS', phase: 'timing' }));
  });

  it('is a client of the started cache when the run has one (nothing is connected before the first command)', () => {
    const client = findCacheClient(info({ redis: { host: '127.0.0.1', port: 1, url: 'redis://127.0.0.1:1/0' } }));
    expect(client?.kind).toBe('redis');
    client?.close();
  });
});

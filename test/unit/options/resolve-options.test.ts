import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EnidConfig } from '../../../src/config.js';
import { DEFAULTS, resolveDatabase, resolveOptions } from '../../../src/options/resolve-options.js';
import { optionsFromEnv } from '../../../src/run-options.js';

// One value, four sources: a flag (or a run() option) > its ENID_* variable > enid.config > the default.
const resolve = (flags: Record<string, unknown>, env: NodeJS.ProcessEnv, config: EnidConfig) =>
  resolveOptions({ serviceDir: 'svc', ...flags }, optionsFromEnv(env), config);

describe('resolveOptions: flag > environment > config file > default', () => {
  it('the Faker seed and the rows per collection, each from the first source that names it', () => {
    const config: EnidConfig = { seed: { seed: 3, rows: 30 } };
    expect(resolve({ seed: 1_000, rows: 1 }, { ENID_SEED: '2', ENID_ROWS: '2' }, config).seed).toMatchObject({ seed: 1_000, rows: 1 });
    expect(resolve({}, { ENID_SEED: '2', ENID_ROWS: '0' }, config).seed).toMatchObject({ seed: 2, rows: 0 });
    expect(resolve({}, {}, config).seed).toMatchObject({ seed: 3, rows: 30 });
    expect(resolve({}, {}, {}).seed).toMatchObject({ seed: DEFAULTS.seed, rows: DEFAULTS.rows });
  });

  it('a flag of 0 is a value, not a gap: --seed 0 and --rows 0 win over everything below them', () => {
    expect(resolve({ seed: 0, rows: 0 }, { ENID_SEED: '5', ENID_ROWS: '5' }, { seed: { seed: 6, rows: 6 } }).seed).toMatchObject({ seed: 0, rows: 0 });
  });

  it('each backing image by kind: --<kind>-image, ENID_<KIND>_IMAGE, <kind>.image, the module default', () => {
    const config: EnidConfig = { postgres: { image: 'cfg-pg' }, redis: { image: 'cfg-redis' } };
    const env = { ENID_POSTGRES_IMAGE: 'env-pg', ENID_REDIS_IMAGE: 'env-redis' };
    expect(resolve({ backingImages: { postgres: 'flag-pg' } }, env, config).discover.backingImages).toEqual({ postgres: 'flag-pg', redis: 'env-redis' });
    expect(resolve({}, { ENID_REDIS_IMAGE: 'env-redis' }, config).discover.backingImages).toEqual({ postgres: 'cfg-pg', redis: 'env-redis' });
    expect(resolve({}, {}, {}).discover.backingImages).toEqual({ postgres: 'postgres:16-alpine', redis: 'redis:7-alpine' });
  });

  it('build args merge key by key, the flag\'s value winning; the python image and a prebuilt image follow the same order', () => {
    const options = resolve({ buildArgs: { A: 'flag' }, pythonImage: 'flag-py' }, { ENID_BUILD_ARGS: 'A=env,B=env', ENID_PYTHON_IMAGE: 'env-py' }, {});
    expect(options.discover).toMatchObject({ buildArgs: { A: 'flag', B: 'env' }, pythonImage: 'flag-py' });
    expect(resolve({}, { ENID_PYTHON_IMAGE: 'env-py' }, {}).discover.pythonImage).toBe('env-py');
    expect(resolve({ image: 'flag-img' }, {}, { service: { image: 'cfg-img' } }).discover.image).toBe('flag-img');
    expect(resolve({}, {}, { service: { image: 'cfg-img' } }).discover.image).toBe('cfg-img');
  });

  it('a phase switched off by a flag or by the config says which did it; on by default', () => {
    expect(resolve({ timing: false, coverage: false, database: false, suites: false }, {}, {})).toMatchObject({
      timing: { disabledBecause: 'disabled by --no-timing' },
      coverage: { disabledBecause: 'disabled by --no-coverage' },
      database: { disabledBecause: 'disabled by --no-database' },
      suites: { disabledBecause: 'disabled by --no-suites', include: ['e2e/**/*.test.ts'] },
    });
    const byConfig = resolve({}, {}, { coverage: { enabled: false }, database: { enabled: false }, suites: { enabled: false } });
    expect(byConfig.coverage.disabledBecause).toBe('disabled by coverage.enabled: false');
    expect(byConfig.database.disabledBecause).toBe('disabled by database.enabled: false');
    expect(byConfig.suites.disabledBecause).toBe('disabled by suites.enabled: false');
    const on = resolve({}, {}, {});
    expect([on.timing.disabledBecause, on.coverage.disabledBecause, on.database.disabledBecause, on.suites.disabledBecause]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('E2E coverage follows the flag, then the config, and is off whenever coverage is', () => {
    const e2e = (flags: Record<string, unknown>, config: EnidConfig): boolean => resolve(flags, {}, config).coverage.e2e;
    expect(e2e({ e2eCoverage: true }, {})).toBe(true);
    expect(e2e({}, { coverage: { e2e: true } })).toBe(true);
    expect(e2e({ e2eCoverage: false }, { coverage: { e2e: true } })).toBe(false);
    expect(e2e({ e2eCoverage: true, coverage: false }, {})).toBe(false);
    expect(e2e({ e2eCoverage: true }, { coverage: { enabled: false } })).toBe(false);
    expect(e2e({}, {})).toBe(false);
    expect(resolve({ e2eCoverage: true }, {}, {}).stack.e2eCoverage).toBe(true);
  });

  it('the coverage minimum: --min-coverage over coverage.minCoverage; absent when neither names one', () => {
    expect(resolve({ minCoverage: 90 }, {}, { coverage: { minCoverage: 50 } }).coverage.minCoverage).toBe(90);
    expect(resolve({}, {}, { coverage: { minCoverage: 50 } }).coverage.minCoverage).toBe(50);
    expect(resolve({}, {}, {}).coverage).not.toHaveProperty('minCoverage');
  });

  it('fills every default in, so no later code decides one', () => {
    const options = resolve({}, {}, {});
    expect(options.serviceDir).toBe(path.resolve('svc'));
    expect(options.reportsDir).toBe(path.resolve('enid-reports'));
    expect(options.stack).toEqual({ bootTimeoutMs: 120_000, buildStallTimeoutMs: 120_000, e2eCoverage: false, verbose: false });
    expect(options.seed).toEqual({ seed: 1, rows: 20, concurrency: 8, createTestData: false, skip: [] });
    expect(options.flows).toEqual({ seed: 2, skip: [], requireExercised: true });
    expect(options.suites).toEqual({ include: ['e2e/**/*.test.ts'] });
    expect(options.timing).toEqual({ auto: true, minSpeedup: 2, maxRequests: 200, budgetMs: 60_000, endpoints: [], seed: 1 });
    expect(options.coverage).toEqual({ e2e: false, requireTests: true });
    expect(options.inspect).toEqual({ signIn: { authHeader: undefined, superuser: undefined }, skip: [] });
  });

  it('config sections reach the phase that reads them, with their defaults applied inside', () => {
    const options = resolve({}, {}, {
      seed: { skip: ['/api/imports/'], concurrency: 2 },
      flows: { skip: ['/api/audit/'], requireExercised: false },
      timing: { minSpeedup: 3, endpoints: [{ path: '/api/stats/' }, { path: '/api/report/', minSpeedup: 5 }] },
    });
    expect(options.flows.skip).toEqual(['/api/audit/', '/api/imports/']);
    expect(options.flows.requireExercised).toBe(false);
    expect(options.inspect.skip).toEqual(['/api/imports/']);
    expect(options.seed.concurrency).toBe(2);
    expect(options.timing.endpoints).toEqual([{ path: '/api/stats/', minSpeedup: 3 }, { path: '/api/report/', minSpeedup: 5 }]);
  });
});

describe('resolveDatabase', () => {
  it('reads the config section defensively, with defaults (a config given to run() in code is not validated)', () => {
    expect(resolveDatabase({}, {})).toEqual({ nPlusOne: 'fail', migrations: 'fail', seqScans: 'warn', volumeRows: 20_000, sizes: [5, 25], seed: 1 });
    expect(resolveDatabase({}, { database: { nPlusOne: 'warn', seqScans: 'off', maxQueriesPerRequest: 10, volumeRows: 500, enabled: false } }))
      .toMatchObject({ disabledBecause: 'disabled by database.enabled: false', nPlusOne: 'warn', seqScans: 'off', maxQueriesPerRequest: 10, volumeRows: 500 });
    expect(resolveDatabase({}, { database: { nPlusOne: 'loud', maxQueriesPerRequest: -1, volumeRows: 'many' } })).toMatchObject({ nPlusOne: 'fail', volumeRows: 20_000 });
    expect(resolveDatabase({}, { database: { smallPage: 10, largePage: 11 } }).sizes).toEqual([10, 12]);
    expect(resolveDatabase({}, undefined).disabledBecause).toBeUndefined();
  });
});

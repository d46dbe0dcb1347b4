import { describe, expect, it } from 'vitest';
import { defineConfig, validateConfig, type EnidConfig } from '../../../src/config.js';

const TOP_KEYS = 'service, postgres, redis, seed, flows, suites, timing, database, checks, coverage, pr';

/** Every key the schema knows, with a value of the right type. */
const full: EnidConfig = {
  service: {
    name: 'notes',
    port: 8080,
    healthPath: '/health/',
    apiRoots: ['/api/'],
    image: 'notes:latest',
    dockerfile: 'Dockerfile',
    buildArgs: { PYTHON_VERSION: 'python:3.12-alpine' },
    env: { DEBUG: 'False' },
    workdir: '/app',
    bootTimeoutMs: 60_000,
  },
  postgres: { image: 'postgres:16-alpine', user: 'u', password: 'p', database: 'd', aliases: ['postgres', 'db'] },
  redis: { image: 'redis:7-alpine', enabled: true, aliases: ['redis'] },
  seed: { rows: 20, seed: 42, concurrency: 4, createTestData: false, skip: ['/api/audit/'] },
  flows: { skip: ['/api/stats/'], authHeader: { name: 'Authorization', value: 'Token abc' } },
  suites: { include: ['tests/**/*.test.ts'] },
  timing: {
    auto: true,
    minSpeedup: 2,
    maxRequests: 200,
    endpoints: [
      { path: '/api/stats/', minSpeedup: 3, invalidate: { method: 'POST', path: '/api/notes/', body: { title: 't', tags: [1, 2] } } },
      { path: '/api/other/' },
    ],
  },
  coverage: { enabled: true, command: ['-m', 'pytest'], minCoverage: 80, e2e: true },
};

describe('validateConfig', () => {
  it('a full valid config has no problems', () => {
    expect(validateConfig(full)).toEqual([]);
    expect(validateConfig(defineConfig(full))).toEqual([]);
  });

  it('an empty config and undefined values are valid', () => {
    expect(validateConfig({})).toEqual([]);
    expect(validateConfig({ service: { port: undefined }, seed: {} })).toEqual([]);
  });

  it('the config itself must be an object', () => {
    expect(validateConfig(null)).toEqual(['config must be an object']);
    expect(validateConfig([])).toEqual(['config must be an object']);
    expect(validateConfig('x')).toEqual(['config must be an object']);
  });

  it('an unknown top-level key is named with the known ones', () => {
    expect(validateConfig({ servcie: { port: 1 } })).toEqual([`config.servcie is not a known key (known: ${TOP_KEYS})`]);
  });

  it('an unknown nested key is named with its full path', () => {
    const problems = validateConfig({ timing: { endpoints: [{ path: '/a/' }, { path: '/b/', minSpeedp: 2 }] } });
    expect(problems).toEqual(['config.timing.endpoints[1].minSpeedp is not a known key (known: path, minSpeedup, invalidate)']);
    expect(validateConfig({ timing: { endpoints: [{ path: '/a/', minSpeedp: 2 }] } })[0]).toMatch(/^config\.timing\.endpoints\[0\]\.minSpeedp is not a known key/);
    expect(validateConfig({ service: { prot: 8080 } })).toEqual([
      'config.service.prot is not a known key (known: name, port, healthPath, apiRoots, image, dockerfile, buildArgs, env, workdir, bootTimeoutMs, buildStallTimeoutMs)',
    ]);
    expect(validateConfig({ flows: { authHeader: { name: 'A', value: 'b', scheme: 'Bearer' } } })).toEqual([
      'config.flows.authHeader.scheme is not a known key (known: name, value)',
    ]);
  });

  it('keys inherited from Object.prototype are not known keys', () => {
    expect(validateConfig({ service: { constructor: {} } })).toEqual([
      expect.stringMatching(/^config\.service\.constructor is not a known key/),
    ]);
    expect(validateConfig({ toString: 'x' })).toEqual([expect.stringMatching(/^config\.toString is not a known key/)]);
    expect(validateConfig(JSON.parse('{"__proto__": {"a": 1}}'))).toEqual([expect.stringMatching(/^config\.__proto__ is not a known key/)]);
  });

  it('wrong scalar types name the path and the type', () => {
    expect(validateConfig({ seed: { rows: '10' } })).toEqual(['config.seed.rows must be a number']);
    expect(validateConfig({ seed: { rows: Number.NaN } })).toEqual(['config.seed.rows must be a number']);
    expect(validateConfig({ timing: { minSpeedup: Number.POSITIVE_INFINITY } })).toEqual(['config.timing.minSpeedup must be a number']);
    expect(validateConfig({ redis: { enabled: 'yes' } })).toEqual(['config.redis.enabled must be a boolean']);
    expect(validateConfig({ service: { name: 42 } })).toEqual(['config.service.name must be a string']);
    expect(validateConfig({ timing: { endpoints: [{ path: 1 }] } })).toEqual(['config.timing.endpoints[0].path must be a string']);
  });

  it('wrong collection types', () => {
    expect(validateConfig({ service: { apiRoots: '/api/' } })).toEqual(['config.service.apiRoots must be a list of strings']);
    expect(validateConfig({ service: { apiRoots: ['/api/', 2] } })).toEqual(['config.service.apiRoots must be a list of strings']);
    expect(validateConfig({ service: { env: { DEBUG: false } } })).toEqual(['config.service.env must map names to strings']);
    expect(validateConfig({ service: { buildArgs: ['A=1'] } })).toEqual(['config.service.buildArgs must map names to strings']);
    expect(validateConfig({ timing: { endpoints: { path: '/a/' } } })).toEqual(['config.timing.endpoints must be a list']);
    expect(validateConfig({ service: 'notes' })).toEqual(['config.service must be an object']);
    expect(validateConfig({ timing: { endpoints: ['/a/'] } })).toEqual(['config.timing.endpoints[0] must be an object']);
  });

  it('reports every problem, in order', () => {
    expect(validateConfig({ seed: { rows: 'x', skip: 'y' }, coverag: {}, coverage: { minCoverage: '80' } })).toEqual([
      'config.seed.rows must be a number',
      'config.seed.skip must be a list of strings',
      `config.coverag is not a known key (known: ${TOP_KEYS})`,
      'config.coverage.minCoverage must be a number',
    ]);
  });

  it('pr: the base ref, a minimum slowdown above 1, bounded samples, volume and lock timeout', () => {
    expect(validateConfig({ pr: { base: 'origin/main', minSlowdown: 1.5, maxSamples: 40, volumeRows: 20_000, lockTimeoutMs: 5_000 } })).toEqual([]);
    expect(validateConfig({ pr: { minSlowdown: 1 } })).toEqual(['config.pr.minSlowdown must be greater than 1 (a ratio of head to base latency)']);
    expect(validateConfig({ pr: { maxSamples: 3 } })[0]).toMatch(/^config\.pr\.maxSamples /);
    expect(validateConfig({ pr: { bse: 'main' } })).toEqual(['config.pr.bse is not a known key (known: base, minSlowdown, maxSamples, volumeRows, lockTimeoutMs)']);
  });

  it('invalidate.body accepts anything', () => {
    for (const body of [null, 1, 'x', [1], { a: { b: [] } }]) {
      expect(validateConfig({ timing: { endpoints: [{ path: '/a/', invalidate: { method: 'DELETE', path: '/a/1/', body } }] } })).toEqual([]);
    }
  });

  it('the method of an invalidating write is one of the write verbs', () => {
    expect(validateConfig({ timing: { endpoints: [{ path: '/a/', invalidate: { method: 'GET', path: '/a/' } }] } })).toEqual([
      'config.timing.endpoints[0].invalidate.method must be one of POST, PUT, PATCH, DELETE',
    ]);
  });
});

describe('validateConfig ranges', () => {
  it('minCoverage is a percentage from 0 to 100, both ends included', () => {
    for (const ok of [0, 1, 80, 90.5, 100]) expect(validateConfig({ coverage: { minCoverage: ok } }), String(ok)).toEqual([]);
    for (const bad of [-1, 100.1, 8000]) {
      expect(validateConfig({ coverage: { minCoverage: bad } }), String(bad)).toEqual(['config.coverage.minCoverage must be a percentage from 0 to 100']);
    }
  });

  it('counts are whole numbers within sane bounds', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ service: { port: 0 } }, 'config.service.port must be a whole number from 1 to 65535'],
      [{ service: { port: 65_536 } }, 'config.service.port must be a whole number from 1 to 65535'],
      [{ service: { port: 80.5 } }, 'config.service.port must be a whole number from 1 to 65535'],
      [{ service: { bootTimeoutMs: 60 } }, 'config.service.bootTimeoutMs must be a whole number from 1000 to 3600000 (milliseconds: 1 s to 1 h)'],
      [{ seed: { rows: -1 } }, 'config.seed.rows must be a whole number from 0 to 100000'],
      [{ seed: { rows: 2.5 } }, 'config.seed.rows must be a whole number from 0 to 100000'],
      [{ seed: { concurrency: 0 } }, 'config.seed.concurrency must be a whole number from 1 to 64'],
      [{ seed: { concurrency: 1000 } }, 'config.seed.concurrency must be a whole number from 1 to 64'],
      [{ seed: { seed: -1 } }, `config.seed.seed must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`],
      [{ timing: { maxRequests: 10 } }, 'config.timing.maxRequests must be a whole number from 14 to 10000 (warm-up and the first verdict take 14)'],
    ];
    for (const [config, problem] of cases) expect(validateConfig(config), JSON.stringify(config)).toEqual([problem]);
    expect(validateConfig({ service: { port: 1, bootTimeoutMs: 1_000 }, seed: { rows: 0, concurrency: 64, seed: 0 }, timing: { maxRequests: 14 } })).toEqual([]);
  });

  it('a minimum speedup must be above 1, wherever it is set', () => {
    const problem = 'must be greater than 1 (warm responses that many times faster than cold ones)';
    expect(validateConfig({ timing: { minSpeedup: 1 } })).toEqual([`config.timing.minSpeedup ${problem}`]);
    expect(validateConfig({ timing: { endpoints: [{ path: '/a/', minSpeedup: 0.5 }] } })).toEqual([`config.timing.endpoints[0].minSpeedup ${problem}`]);
    expect(validateConfig({ timing: { minSpeedup: 1.01, endpoints: [{ path: '/a/', minSpeedup: 3 }] } })).toEqual([]);
  });

  it('a wrong type is still named as a type problem, not a range problem', () => {
    expect(validateConfig({ service: { port: '8080' } })).toEqual(['config.service.port must be a number']);
    expect(validateConfig({ timing: { minSpeedup: '3' } })).toEqual(['config.timing.minSpeedup must be a number']);
  });
});

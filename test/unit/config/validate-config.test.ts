import { describe, expect, it } from 'vitest';
import { defineConfig, validateConfig, type EnidConfig } from '../../../src/config.js';

const TOP_KEYS = 'service, postgres, redis, seed, flows, suites, timing, coverage';

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
      'config.service.prot is not a known key (known: name, port, healthPath, apiRoots, image, dockerfile, buildArgs, env, workdir, bootTimeoutMs)',
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

  it('invalidate.body accepts anything', () => {
    for (const body of [null, 1, 'x', [1], { a: { b: [] } }]) {
      expect(validateConfig({ timing: { endpoints: [{ path: '/a/', invalidate: { method: 'DELETE', path: '/a/1/', body } }] } })).toEqual([]);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { parseRunArgs } from '../../../src/cli/args.js';
import { EnidError } from '../../../src/errors.js';
import { optionsFromEnv, parseKeyValues } from '../../../src/run-options.js';

function usageError(argv: string[], command?: string): EnidError {
  try {
    parseRunArgs(argv, command);
  } catch (err) {
    if (err instanceof EnidError) return err;
    throw err;
  }
  throw new Error(`parseRunArgs(${JSON.stringify(argv)}) was expected to throw`);
}

describe('parseRunArgs', () => {
  it('defaults: the current directory, nothing overridden', () => {
    expect(parseRunArgs([])).toStrictEqual({
      dirs: ['.'],
      json: false,
      quiet: false,
      parallel: 2,
      help: false,
      options: {
        reportsDir: undefined,
        seed: undefined,
        rows: undefined,
        shard: undefined,
        buildArgs: undefined,
        pythonImage: undefined,
        backingImages: undefined,
        image: undefined,
        backingEnabled: undefined,
        minCoverage: undefined,
        e2eCoverage: undefined,
        coverage: undefined,
        timing: undefined,
        database: undefined,
        checks: undefined,
        suites: undefined,
        keep: undefined,
        verbose: undefined,
        base: undefined,
      },
    });
  });

  it('--base REF is PR mode, for run only; an empty ref is exit 2', () => {
    expect(parseRunArgs(['--base', 'origin/main']).options.base).toBe('origin/main');
    expect(parseRunArgs(['--base=auto']).options.base).toBe('auto');
    expect(usageError(['--base', ' ']).message).toBe('--base needs a git ref (a branch, tag or commit), or auto');
    const up = usageError(['--base', 'main'], 'up');
    expect(up).toMatchObject({ exitCode: 2, message: '--base is an option of `enid-test run`, not of up' });
  });

  it('--verbose and -v stream container logs', () => {
    expect(parseRunArgs(['--verbose']).options.verbose).toBe(true);
    expect(parseRunArgs(['-v']).options.verbose).toBe(true);
  });

  it('every flag', () => {
    const args = parseRunArgs([
      'svc', '--reports', 'out', '--seed', '7', '--rows', '0', '--shard', '2/3',
      '--build-arg', 'A=1', '--build-arg', 'B=x=y', '--python-image', 'py', '--postgres-image', 'pg', '--redis-image', 'rd',
      '--image', 'img:1', '--redis', '--min-coverage', '72.5', '--e2e-coverage', '--no-coverage', '--no-timing',
      '--no-database', '--no-checks', '--no-suites', '--parallel', '4', '--json', '--quiet', '--keep', '-h',
    ]);
    expect(args).toEqual({
      dirs: ['svc'],
      json: true,
      quiet: true,
      parallel: 4,
      help: true,
      options: {
        reportsDir: 'out',
        seed: 7,
        rows: 0,
        shard: { index: 2, total: 3 },
        buildArgs: { A: '1', B: 'x=y' },
        pythonImage: 'py',
        backingImages: { postgres: 'pg', redis: 'rd' },
        image: 'img:1',
        backingEnabled: { redis: true },
        minCoverage: 72.5,
        e2eCoverage: true,
        coverage: false,
        timing: false,
        database: false,
        checks: false,
        suites: false,
        keep: true,
      },
    });
  });

  it('--shard i/n', () => {
    expect(parseRunArgs(['--shard', '2/3']).options.shard).toEqual({ index: 2, total: 3 });
    expect(parseRunArgs(['--shard=1/1']).options.shard).toEqual({ index: 1, total: 1 });
  });

  it.each(['0/2', '3/2', 'x', '1/0', '1', '1/2/3', '-1/2', ''])('bad --shard %j is exit 2 naming the flag', (value) => {
    const err = usageError([`--shard=${value}`]);
    expect(err.exitCode).toBe(2);
    expect(err.code).toBe('ENID_USAGE');
    expect(err.phase).toBe('cli');
    expect(err.message).toBe(`--shard must be i/n with 1 ≤ i ≤ n, got "${value}"`);
    expect(err.hint).toBe('see `enid-test run --help`');
  });

  it('--build-arg collects K=V pairs; the last one of a name wins', () => {
    expect(parseRunArgs(['--build-arg', 'A=1', '--build-arg', 'B=2']).options.buildArgs).toEqual({ A: '1', B: '2' });
    expect(parseRunArgs(['--build-arg', 'A=1', '--build-arg', 'A=3']).options.buildArgs).toEqual({ A: '3' });
    expect(parseRunArgs(['--build-arg', 'EMPTY=']).options.buildArgs).toEqual({ EMPTY: '' });
  });

  it.each(['NOVALUE', '=1'])('malformed --build-arg %j is exit 2', (value) => {
    const err = usageError(['--build-arg', 'A=1', '--build-arg', value]);
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(`--build-arg: expected KEY=VALUE, got "${value}"`);
  });

  it('--min-coverage is a percentage from 0 to 100', () => {
    expect(parseRunArgs(['--min-coverage', '0']).options.minCoverage).toBe(0);
    expect(parseRunArgs(['--min-coverage', '100']).options.minCoverage).toBe(100);
    for (const bad of ['101', '-1', 'eighty', '80%', '', ' ']) {
      const err = usageError([`--min-coverage=${bad}`]);
      expect(err.exitCode).toBe(2);
      expect(err.message).toBe(`--min-coverage must be a percentage from 0 to 100, got "${bad}"`);
    }
  });

  it('--seed, --rows and --parallel are whole numbers; an empty value is not 0', () => {
    expect(usageError(['--seed', '1.5']).message).toBe('--seed must be a whole number ≥ 0, got "1.5"');
    expect(usageError(['--rows=-3']).message).toBe('--rows must be a whole number ≥ 0, got "-3"');
    // In the space-separated form, node's parser already refuses a value that starts with a dash.
    const dash = usageError(['--rows', '-3']);
    expect(dash.exitCode).toBe(2);
    expect(dash.message).toContain("'--rows'");
    expect(usageError(['--parallel', '0']).message).toBe('--parallel must be a whole number ≥ 1, got "0"');
    expect(usageError(['--seed', '']).message).toBe('--seed must be a whole number ≥ 0, got ""');
    expect(usageError(['--rows', '  ']).exitCode).toBe(2);
  });

  it('--redis and --no-redis', () => {
    expect(parseRunArgs(['--redis']).options.backingEnabled).toEqual({ redis: true });
    expect(parseRunArgs(['--no-redis']).options.backingEnabled).toEqual({ redis: false });
    expect(parseRunArgs([]).options.backingEnabled).toBeUndefined();
    const err = usageError(['--redis', '--no-redis']);
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe('--redis and --no-redis contradict each other');
  });

  it('an unknown flag is exit 2 naming it, with the hint of the command', () => {
    const err = usageError(['--frobnicate'], 'up');
    expect(err.exitCode).toBe(2);
    expect(err.code).toBe('ENID_USAGE');
    expect(err.message).toContain("'--frobnicate'");
    expect(err.message).not.toContain('\n');
    expect(err.hint).toBe('see `enid-test up --help`');
  });

  it('a string flag without its value is exit 2', () => {
    expect(usageError(['--seed']).exitCode).toBe(2);
    expect(usageError(['--seed', '--json']).exitCode).toBe(2);
  });

  it('several positional service directories, in order, flags anywhere', () => {
    const args = parseRunArgs(['services/a', '--json', 'services/b', '--parallel', '3', 'services/c']);
    expect(args.dirs).toEqual(['services/a', 'services/b', 'services/c']);
    expect(args.json).toBe(true);
    expect(args.parallel).toBe(3);
  });
});

describe('optionsFromEnv', () => {
  it('reads ENID_* variables', () => {
    expect(optionsFromEnv({
      ENID_POSTGRES_IMAGE: 'mirror/postgres:16',
      ENID_REDIS_IMAGE: 'mirror/redis:7',
      ENID_PYTHON_IMAGE: 'mirror/python:3.12-alpine',
      ENID_BUILD_ARGS: 'A=1, B=x=y,,C=',
      PATH: '/usr/bin',
    })).toStrictEqual({
      backingImages: { postgres: 'mirror/postgres:16', redis: 'mirror/redis:7' },
      pythonImage: 'mirror/python:3.12-alpine',
      buildArgs: { A: '1', B: 'x=y', C: '' },
    });
  });

  it('unset or empty variables give nothing', () => {
    expect(optionsFromEnv({})).toStrictEqual({});
    expect(optionsFromEnv({ ENID_POSTGRES_IMAGE: '', ENID_BUILD_ARGS: '' })).toStrictEqual({});
  });

  it('a malformed ENID_BUILD_ARGS entry is an error naming the variable', () => {
    expect(() => optionsFromEnv({ ENID_BUILD_ARGS: 'A=1,oops' })).toThrow('ENID_BUILD_ARGS: expected KEY=VALUE, got "oops"');
  });
});

describe('parseKeyValues', () => {
  it('splits at the first =, trims entries, skips empty ones', () => {
    expect(parseKeyValues([' A=1 ', '', 'URL=http://x/?a=b'], 'here')).toEqual({ A: '1', URL: 'http://x/?a=b' });
  });

  it('names where a bad entry came from', () => {
    expect(() => parseKeyValues(['=v'], '--build-arg')).toThrow('--build-arg: expected KEY=VALUE, got "=v"');
  });
});

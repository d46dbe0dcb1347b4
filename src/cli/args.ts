import { parseArgs } from 'node:util';
import { EnidError } from '../errors.js';
import { parseKeyValues, type RunOptions } from '../run-options.js';
import { ExitCode } from '../exit-codes.js';

export interface CliRunArgs {
  dirs: string[];
  options: Omit<RunOptions, 'serviceDir'>;
  json: boolean;
  quiet: boolean;
  parallel: number;
  help: boolean;
}

function usage(message: string, command: string): EnidError {
  return new EnidError(message, { code: 'ENID_USAGE', exitCode: ExitCode.BadInput, phase: 'cli', hint: `see \`enid-test ${command} --help\`` });
}

/** Flags of `run` (and, a subset, of `up` and `doctor`) to RunOptions; bad flags are exit 2. */
export function parseRunArgs(argv: string[], command = 'run'): CliRunArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        reports: { type: 'string' },
        seed: { type: 'string' },
        rows: { type: 'string' },
        shard: { type: 'string' },
        'build-arg': { type: 'string', multiple: true },
        'python-image': { type: 'string' },
        'postgres-image': { type: 'string' },
        'redis-image': { type: 'string' },
        image: { type: 'string' },
        redis: { type: 'boolean' },
        'no-redis': { type: 'boolean' },
        'min-coverage': { type: 'string' },
        'e2e-coverage': { type: 'boolean' },
        'no-coverage': { type: 'boolean' },
        'no-timing': { type: 'boolean' },
        parallel: { type: 'string' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean' },
        keep: { type: 'boolean' },
        verbose: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw usage((err as Error).message.split('\n')[0]!, command);
  }
  const v = parsed.values;
  const int = (name: string, value: string | undefined, min: number): number | undefined => {
    if (value === undefined) return undefined;
    // Number('') is 0: an empty value (e.g. an unset CI variable) must not pass as 0.
    const n = value.trim() === '' ? Number.NaN : Number(value);
    if (!Number.isInteger(n) || n < min) throw usage(`--${name} must be a whole number ≥ ${min}, got "${value}"`, command);
    return n;
  };
  let shard: RunOptions['shard'];
  if (v.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(v.shard);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw usage(`--shard must be i/n with 1 ≤ i ≤ n, got "${v.shard}"`, command);
    shard = { index: Number(m[1]), total: Number(m[2]) };
  }
  let minCoverage: number | undefined;
  if (v['min-coverage'] !== undefined) {
    minCoverage = v['min-coverage'].trim() === '' ? Number.NaN : Number(v['min-coverage']);
    if (!Number.isFinite(minCoverage) || minCoverage < 0 || minCoverage > 100) throw usage(`--min-coverage must be a percentage from 0 to 100, got "${v['min-coverage']}"`, command);
  }
  if (v.redis && v['no-redis']) throw usage('--redis and --no-redis contradict each other', command);
  let buildArgs: Record<string, string> | undefined;
  try {
    buildArgs = v['build-arg'] ? parseKeyValues(v['build-arg'], '--build-arg') : undefined;
  } catch (err) {
    throw usage((err as Error).message, command);
  }
  return {
    dirs: parsed.positionals.length ? parsed.positionals : ['.'],
    json: v.json ?? false,
    quiet: v.quiet ?? false,
    parallel: int('parallel', v.parallel, 1) ?? 2,
    help: v.help ?? false,
    options: {
      reportsDir: v.reports,
      seed: int('seed', v.seed, 0),
      rows: int('rows', v.rows, 0),
      shard,
      buildArgs,
      pythonImage: v['python-image'],
      postgresImage: v['postgres-image'],
      redisImage: v['redis-image'],
      image: v.image,
      redis: v.redis ? true : v['no-redis'] ? false : undefined,
      minCoverage,
      e2eCoverage: v['e2e-coverage'],
      coverage: v['no-coverage'] ? false : undefined,
      timing: v['no-timing'] ? false : undefined,
      keep: v.keep,
      verbose: v.verbose,
    },
  };
}

import { parseArgs } from 'node:util';
import { EnidError } from '../errors.js';
import { parseKeyValues, type RunOptions } from '../run-options.js';
import { ExitCode } from '../exit-codes.js';
import { BACKING_MODULES, imageOverride } from '../backing/registry.js';

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

// Each backing service brings its flags: --<kind>-image, and --<kind> / --no-<kind> when it is optional.
const BACKING_FLAGS = Object.fromEntries(BACKING_MODULES.flatMap((m) => [
  [imageOverride(m).flag.slice(2), { type: 'string' as const }],
  ...(m.optional ? [[m.kind, { type: 'boolean' as const }], [`no-${m.kind}`, { type: 'boolean' as const }]] : []),
]));

const RUN_OPTIONS = {
  reports: { type: 'string' },
  seed: { type: 'string' },
  rows: { type: 'string' },
  shard: { type: 'string' },
  'build-arg': { type: 'string', multiple: true },
  'python-image': { type: 'string' },
  image: { type: 'string' },
  'min-coverage': { type: 'string' },
  'e2e-coverage': { type: 'boolean' },
  'no-coverage': { type: 'boolean' },
  'no-timing': { type: 'boolean' },
  'no-database': { type: 'boolean' },
  'no-checks': { type: 'boolean' },
  'no-suites': { type: 'boolean' },
  parallel: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  keep: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  base: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Flags of `run` (and, a subset, of `up` and `doctor`) to RunOptions; bad flags are exit 2. */
export function parseRunArgs(argv: string[], command = 'run'): CliRunArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        // Typed as the fixed flags; the modules' own are read back through `flags` below.
        ...(BACKING_FLAGS as unknown as typeof RUN_OPTIONS),
        ...RUN_OPTIONS,
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
  const flags = v as Record<string, string | boolean | undefined>;
  const backingImages: Record<string, string> = {};
  const backingEnabled: Record<string, boolean> = {};
  for (const m of BACKING_MODULES) {
    const image = flags[imageOverride(m).flag.slice(2)];
    if (typeof image === 'string') backingImages[m.kind] = image;
    if (flags[m.kind] && flags[`no-${m.kind}`]) throw usage(`--${m.kind} and --no-${m.kind} contradict each other`, command);
    if (flags[m.kind]) backingEnabled[m.kind] = true;
    if (flags[`no-${m.kind}`]) backingEnabled[m.kind] = false;
  }
  // Only `run` compares two versions: `up` and `doctor` look at one.
  if (v.base !== undefined && command !== 'run') throw usage(`--base is an option of \`enid-test run\`, not of ${command}`, command);
  if (v.base !== undefined && !v.base.trim()) throw usage('--base needs a git ref (a branch, tag or commit), or auto', command);
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
      backingImages: Object.keys(backingImages).length ? backingImages : undefined,
      image: v.image,
      backingEnabled: Object.keys(backingEnabled).length ? backingEnabled : undefined,
      minCoverage,
      e2eCoverage: v['e2e-coverage'],
      coverage: v['no-coverage'] ? false : undefined,
      timing: v['no-timing'] ? false : undefined,
      database: v['no-database'] ? false : undefined,
      checks: v['no-checks'] ? false : undefined,
      suites: v['no-suites'] ? false : undefined,
      keep: v.keep,
      verbose: v.verbose,
      base: v.base,
    },
  };
}

import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { BACKING_MODULES } from '../backing/registry.js';
import { checksSettings } from '../checks/settings.js';
import type { EnidConfig } from '../config.js';
import type { DatabaseLevel } from '../database/types.js';
import type { RunOptions } from '../run-options.js';
import type { ChecksOptions, DatabaseOptions, ResolvedOptions, SuitesOptions } from './resolved-options.js';

/** The defaults every entry point gets, in one place. */
export const DEFAULTS = {
  reportsDir: 'enid-reports',
  seed: 1,
  rows: 20,
  seedConcurrency: 8,
  bootTimeoutMs: 120_000,
  buildStallTimeoutMs: 120_000,
  suiteInclude: ['e2e/**/*.test.ts'],
  minSpeedup: 2,
  timingMaxRequests: 200,
  timingBudgetMs: 60_000,
  prMinSlowdown: 1.25,
  prMaxTriples: 40,
  prLockTimeoutMs: 5_000,
} as const;

/**
 * The one place where a value's source is decided: a flag (or a `run()` option) wins over its ENID_*
 * variable, which wins over enid.config, which wins over the default. Pure: the environment comes in
 * already parsed (optionsFromEnv), the config already loaded and validated.
 */
export function resolveOptions(flags: RunOptions, env: Partial<RunOptions>, config: EnidConfig): ResolvedOptions {
  const seed = flags.seed ?? env.seed ?? config.seed?.seed ?? DEFAULTS.seed;
  const seedSkip = config.seed?.skip ?? [];
  const coverage = resolveCoverage(flags, config);
  return {
    serviceDir: path.resolve(flags.serviceDir),
    reportsDir: path.resolve(flags.reportsDir ?? DEFAULTS.reportsDir),
    ...(flags.shard ? { shard: flags.shard } : {}),
    discover: {
      backingImages: backingImages(flags, env, config),
      ...(flags.backingEnabled ? { backingEnabled: flags.backingEnabled } : {}),
      pythonImage: flags.pythonImage ?? env.pythonImage,
      ...(flags.buildArgs || env.buildArgs ? { buildArgs: { ...env.buildArgs, ...flags.buildArgs } } : {}),
      image: flags.image ?? config.service?.image,
      config,
      generatePassword: () => randomBytes(18).toString('base64url'),
    },
    stack: {
      bootTimeoutMs: config.service?.bootTimeoutMs ?? DEFAULTS.bootTimeoutMs,
      buildStallTimeoutMs: config.service?.buildStallTimeoutMs ?? DEFAULTS.buildStallTimeoutMs,
      e2eCoverage: coverage.e2e,
      verbose: flags.verbose ?? false,
    },
    inspect: { signIn: { authHeader: config.flows?.authHeader, superuser: config.flows?.superuser }, skip: seedSkip, ...(config.service?.apiRoots ? { apiRoots: config.service.apiRoots } : {}) },
    seed: {
      seed,
      rows: flags.rows ?? env.rows ?? config.seed?.rows ?? DEFAULTS.rows,
      concurrency: config.seed?.concurrency ?? DEFAULTS.seedConcurrency,
      createTestData: config.seed?.createTestData ?? false,
      skip: seedSkip,
    },
    flows: { seed: seed + 1, skip: [...(config.flows?.skip ?? []), ...seedSkip], requireExercised: config.flows?.requireExercised !== false },
    suites: resolveSuites(flags, config),
    checks: resolveChecks(flags, config, seed),
    database: resolveDatabase(flags, config, seed),
    timing: resolveTiming(flags, config, seed),
    coverage,
    pr: resolvePr(flags, env, config),
  };
}

function resolvePr(flags: RunOptions, env: Partial<RunOptions>, config: EnidConfig): ResolvedOptions['pr'] {
  const section = config.pr ?? {};
  const base = flags.base ? { ref: flags.base, how: '--base' } : env.base ? { ref: env.base, how: 'ENID_BASE' } : section.base ? { ref: section.base, how: 'pr.base' } : undefined;
  return {
    ...(base ? { base } : {}),
    minSlowdown: section.minSlowdown ?? DEFAULTS.prMinSlowdown,
    maxTriples: section.maxSamples ?? DEFAULTS.prMaxTriples,
    volumeRows: section.volumeRows ?? resolveDatabase(flags, config).volumeRows,
    lockTimeoutMs: section.lockTimeoutMs ?? DEFAULTS.prLockTimeoutMs,
  };
}

/** Each backing service's image: `--<kind>-image`, ENID_<KIND>_IMAGE, `<kind>.image`, the module's default. */
function backingImages(flags: RunOptions, env: Partial<RunOptions>, config: EnidConfig): Record<string, string> {
  const sections = config as Record<string, { image?: string } | undefined>;
  return Object.fromEntries(BACKING_MODULES.map((m) => [m.kind, flags.backingImages?.[m.kind] ?? env.backingImages?.[m.kind] ?? sections[m.kind]?.image ?? m.defaultImage]));
}

function resolveCoverage(flags: RunOptions, config: EnidConfig): ResolvedOptions['coverage'] {
  const section = config.coverage ?? {};
  const disabledBecause = flags.coverage === false ? 'disabled by --no-coverage' : section.enabled === false ? 'disabled by coverage.enabled: false' : undefined;
  const minCoverage = flags.minCoverage ?? section.minCoverage;
  return {
    ...(disabledBecause ? { disabledBecause } : {}),
    // E2E coverage is part of the coverage phase: off with it.
    e2e: !disabledBecause && (flags.e2eCoverage ?? section.e2e ?? false),
    ...(minCoverage !== undefined ? { minCoverage } : {}),
    ...(section.command ? { command: section.command } : {}),
    requireTests: section.requireTests !== false,
  };
}

function resolveTiming(flags: RunOptions, config: EnidConfig, seed: number): ResolvedOptions['timing'] {
  const section = config.timing ?? {};
  const minSpeedup = section.minSpeedup ?? DEFAULTS.minSpeedup;
  return {
    ...(flags.timing === false ? { disabledBecause: 'disabled by --no-timing' } : {}),
    auto: section.auto !== false,
    minSpeedup,
    maxRequests: section.maxRequests ?? DEFAULTS.timingMaxRequests,
    budgetMs: DEFAULTS.timingBudgetMs,
    endpoints: (section.endpoints ?? []).map((e) => ({ path: e.path, minSpeedup: e.minSpeedup ?? minSpeedup, ...(e.invalidate ? { invalidate: e.invalidate } : {}) })),
    seed,
  };
}

function resolveChecks(flags: Pick<RunOptions, 'checks'>, config: EnidConfig, seed: number): ChecksOptions {
  const { enabled, ...settings } = checksSettings(config);
  const disabledBecause = flags.checks === false ? 'disabled by --no-checks' : !enabled ? 'disabled by checks.enabled: false' : undefined;
  return { ...(disabledBecause ? { disabledBecause } : {}), ...settings, seed: seed + 2 };
}

const LEVELS = new Set<DatabaseLevel>(['fail', 'warn', 'off']);
const level = (v: unknown, fallback: DatabaseLevel): DatabaseLevel => (LEVELS.has(v as DatabaseLevel) ? (v as DatabaseLevel) : fallback);
const positiveWhole = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);

/** The `suites` section: the globs of the service's own vitest files, or why they are not run. */
function resolveSuites(flags: Pick<RunOptions, 'suites'>, config: EnidConfig): SuitesOptions {
  const disabledBecause = flags.suites === false ? 'disabled by --no-suites' : config.suites?.enabled === false ? 'disabled by suites.enabled: false' : undefined;
  return { ...(disabledBecause ? { disabledBecause } : {}), include: config.suites?.include ?? DEFAULTS.suiteInclude };
}

/**
 * The `database` section without trusting its shape: a config given to `run()` in code is not
 * validated by the schema the way enid.config is, and a wrong value falls back to its default.
 */
export function resolveDatabase(flags: Pick<RunOptions, 'database'>, config: unknown, seed: number = DEFAULTS.seed): DatabaseOptions {
  const raw = (config && typeof config === 'object' ? (config as { database?: unknown }).database : undefined) ?? {};
  const db = (typeof raw === 'object' && raw ? raw : {}) as Record<string, unknown>;
  const small = positiveWhole(db.smallPage) ?? 5;
  const large = Math.max(positiveWhole(db.largePage) ?? 25, small + 2);
  const max = positiveWhole(db.maxQueriesPerRequest);
  const disabledBecause = flags.database === false ? 'disabled by --no-database' : db.enabled === false ? 'disabled by database.enabled: false' : undefined;
  return {
    ...(disabledBecause ? { disabledBecause } : {}),
    nPlusOne: level(db.nPlusOne, 'fail'),
    migrations: level(db.migrations, 'fail'),
    seqScans: level(db.seqScans, 'warn'),
    ...(max ? { maxQueriesPerRequest: max } : {}),
    volumeRows: positiveWhole(db.volumeRows) ?? 20_000,
    sizes: [small, large],
    seed,
  };
}

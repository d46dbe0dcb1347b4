import type { ChecksSettings } from '../checks/settings.js';
import type { EnidConfig } from '../config.js';
import type { DatabaseLevel } from '../database/types.js';
import type { DiscoverOptions } from '../discover/discover.js';

/**
 * Every option of one run, worked out once before the check phases run (flag > ENID_* variable >
 * enid.config > default, see resolveOptions) with every default filled in, as Playwright's FullConfig
 * is: later code reads a value from here and never decides its precedence again. Each phase reads its
 * own slice (`ctx.options.timing`…); a phase that is off says why in `disabledBecause`.
 */
export interface ResolvedOptions {
  /** Absolute. */
  readonly serviceDir: string;
  /** Absolute (default `enid-reports`). */
  readonly reportsDir: string;
  readonly shard?: { readonly index: number; readonly total: number };
  /** What discovery reads besides the service's files: images per backing kind, overrides, the config. */
  readonly discover: DiscoverOptions;
  readonly stack: StackOptionsResolved;
  readonly inspect: InspectOptions;
  readonly seed: SeedOptions;
  readonly flows: FlowsOptions;
  readonly suites: SuitesOptions;
  readonly checks: ChecksOptions;
  readonly database: DatabaseOptions;
  readonly timing: TimingOptions;
  readonly coverage: CoverageOptions;
  readonly pr: PrOptions;
}

export interface StackOptionsResolved {
  /** The service must answer this long after its container started (default 120 000). */
  readonly bootTimeoutMs: number;
  /** A build with neither context read nor output for this long fails (default 120 000). */
  readonly buildStallTimeoutMs: number;
  /** The service's own processes measure coverage from boot on (`--e2e-coverage`, `coverage.e2e`). */
  readonly e2eCoverage: boolean;
  /** Container log lines go to the reporter as they arrive (`--verbose`). */
  readonly verbose: boolean;
}

export interface InspectOptions {
  /** `flows.authHeader` / `flows.superuser`: how to sign in instead of the scheme the probe suggests. */
  readonly signIn: Pick<NonNullable<EnidConfig['flows']>, 'authHeader' | 'superuser'>;
  /** Endpoint paths left out of the API map (`seed.skip`). */
  readonly skip: readonly string[];
  /** `service.apiRoots`: asked even when the probe ran (else only the probe's URLconf counts). */
  readonly apiRoots?: readonly string[];
}

export interface SeedOptions {
  /** Faker seed (`--seed`, ENID_SEED, `seed.seed`; default 1). */
  readonly seed: number;
  /** Rows per collection (`--rows`, ENID_ROWS, `seed.rows`; default 20). */
  readonly rows: number;
  /** Requests in flight (default 8). */
  readonly concurrency: number;
  readonly createTestData: boolean;
  readonly skip: readonly string[];
}

export interface FlowsOptions {
  /** Faker seed of the flows' payloads: the run's seed + 1, so flows do not depend on what seeding drew. */
  readonly seed: number;
  /** `flows.skip` and `seed.skip`. */
  readonly skip: readonly string[];
  /** A run that exercises no endpoint fails (default true). */
  readonly requireExercised: boolean;
}

export interface SuitesOptions {
  /** Why the suites phase does not run (`--no-suites`, `suites.enabled: false`). */
  readonly disabledBecause?: string;
  /** Globs of the service's own vitest files (default `e2e/**\/*.test.ts`). */
  readonly include: readonly string[];
}

/** The checks phase: each check's setting and the per-endpoint budget (`checks.*`), off by `--no-checks`. */
export interface ChecksOptions extends Readonly<ChecksSettings> {
  readonly disabledBecause?: string;
  /** Faker seed of the phase's bodies: the run's seed + 2, so they do not depend on what seeding and flows drew. */
  readonly seed: number;
}

export interface DatabaseOptions {
  readonly disabledBecause?: string;
  readonly nPlusOne: DatabaseLevel;
  /** Missing migrations (`makemigrations --check`); migrations written at boot are always only reported. */
  readonly migrations: DatabaseLevel;
  readonly seqScans: DatabaseLevel;
  readonly maxQueriesPerRequest?: number;
  /** Rows per table for the EXPLAIN at volume (default 20 000). */
  readonly volumeRows: number;
  /** Rows per page for the two N+1 measurements: small, then large (default 5, 25). */
  readonly sizes: [number, number];
  /** Seed of the rows the volume check writes. */
  readonly seed: number;
}

export interface TimingOptions {
  readonly disabledBecause?: string;
  /** Also time GET endpoints found to be cached (default true). */
  readonly auto: boolean;
  /** Warm responses must be this many times faster than cold ones (default 2). */
  readonly minSpeedup: number;
  /** Most requests one check may spend (default 200). */
  readonly maxRequests: number;
  /** Wall-clock budget of one check. */
  readonly budgetMs: number;
  /** Configured endpoints, each with its own minimum speedup filled in. */
  readonly endpoints: ReadonlyArray<{ path: string; minSpeedup: number; invalidate?: { method: string; path: string; body?: unknown } }>;
  /** Bootstrap seed of the verdicts. */
  readonly seed: number;
}

/** PR mode (`--base`): what to compare with, and its limits. */
export interface PrOptions {
  /** The ref (`--base` > ENID_BASE > `pr.base`) and which of them named it; absent: not a PR run. */
  readonly base?: { readonly ref: string; readonly how: string };
  /** The smallest head/base latency ratio that fails, whatever the A/A floor (default 1.25). */
  readonly minSlowdown: number;
  /** Most base/head/base triples per endpoint (default 40). */
  readonly maxTriples: number;
  /** Rows per touched table in the base's database before the head's migrations (default database.volumeRows). */
  readonly volumeRows: number;
  /** lock_timeout of each migration on the base's data (default 5 000 ms). */
  readonly lockTimeoutMs: number;
}

export interface CoverageOptions {
  readonly disabledBecause?: string;
  /** Gunicorn's own measurement during seed and flows, combined with the unit run. */
  readonly e2e: boolean;
  /** Percentage the line coverage must reach; absent: the service's own fail_under, if any. */
  readonly minCoverage?: number;
  /** The test command (default: chosen from the service's runner). */
  readonly command?: readonly string[];
  /** A test run that ran 0 tests fails (default true). */
  readonly requireTests: boolean;
}

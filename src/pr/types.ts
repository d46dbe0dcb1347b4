/**
 * What PR mode (`enid-test run --base REF`) reports under `report.pr`: the head (the working tree)
 * against the base (the merge base of REF), measured in one run. Plain data, the shape report.html,
 * summary.md and junit.xml render; each list is empty rather than absent when nothing was found.
 */

/** Breaking changes fail the run; non-breaking ones are reported. */
export type ChangeLevel = 'breaking' | 'non-breaking';

/**
 * One API contract change between the base's and the head's probe documents. `rule` is an oasdiff
 * checker id where oasdiff has one (`response-property-type-changed`), else one named in its spirit
 * (`response-pagination-style-changed`); README "Pull-request mode" lists them.
 */
export interface ContractChange {
  rule: string;
  level: ChangeLevel;
  /** `GET /api/notes/{pk}/`: the method and the route with its parameters named. */
  endpoint: string;
  /** One sentence: what changed, from what to what. */
  detail: string;
  /** The serializer (dotted class name) the change is in, when it is one. */
  serializer?: string;
  /** The field, dotted for a nested one (`author.name`). */
  field?: string;
}

/** A lock a migration held on a relation, read from pg_locks inside its own transaction. */
export interface MigrationLock {
  /** The table or index (`notes_note`), or the lock type when it is not a relation. */
  relation: string;
  /** PostgreSQL's lock mode name: `AccessExclusiveLock`, `ShareLock`, … */
  mode: string;
}

/** A risk the operation classifier found in one migration operation. */
export interface MigrationFlag {
  /** `add-not-null-volatile-default`, `alter-field-type`, `index-not-concurrent`, `run-python`, `irreversible`, … */
  rule: string;
  /** high: rewrites or locks a large table, or breaks code still running; medium: locks briefly or loses data; low: worth knowing. */
  level: 'high' | 'medium' | 'low';
  /** `AddField notes.Note.published_at`. */
  operation: string;
  detail: string;
}

/** One head migration the base database lacked, applied to the base's data at volume. */
export interface MigrationRun {
  app: string;
  name: string;
  /** How long it took on the base's data; absent when it was not applied (an earlier one failed). */
  durationMs?: number;
  /** Rows in the tables it touched when it ran, by table. */
  rows: Record<string, number>;
  /** The strongest lock per relation, held inside its transaction. */
  locks: MigrationLock[];
  flags: MigrationFlag[];
  /** Every operation can be reversed (`migrate <app> <previous>` works). */
  reversible: boolean;
  /** Why it failed (lock_timeout, an error), when it did. */
  error?: string;
}

/** The base's flows against the migrated database: what a rolling deploy runs for a while. */
export interface RollingDeploy {
  /** False when there was nothing to check (no migrations) or it could not run (see note). */
  checked: boolean;
  /** Steps that passed on the base before the migrations and failed after them. */
  failures: Array<{ flow: string; status?: number; error: string }>;
  /** Steps that already failed before the migrations (not counted against the head). */
  failingBefore: number;
  note?: string;
}

/** Head against base latency for one endpoint: the ratio of medians with its bootstrap bound. */
export interface LatencyComparison {
  /** `GET /api/notes/` or `GET /api/notes/{pk}/`. */
  endpoint: string;
  baseMs: number;
  headMs: number;
  /** median(head) / median(base). */
  ratio: number;
  low: number;
  high: number;
  /** The same endpoint base against base (the A/A round), for the noise floor. */
  aa: { ratio: number; low: number; high: number };
  /** slower: the bound is beyond the floor; faster: beyond it the other way; same: within it. */
  verdict: 'slower' | 'faster' | 'same';
  /** Kept samples per side. */
  samples: number;
  /**
   * The kept samples themselves (ms, at most `pr.maxSamples` per series): base, head and base again,
   * in the order they were taken, so report.html can plot base against head beside the A/A pair.
   */
  samplesMs?: { base: number[]; head: number[]; baseAgain: number[] };
}

/** What counts as a latency regression in this run. */
export interface NoiseFloor {
  /** The median A/A ratio, either way, over the endpoints (base against itself): what noise alone produced here. */
  aa: number;
  /** The configured smallest slowdown worth failing for (`pr.minSlowdown`, default 1.25). */
  minSlowdown: number;
  /** max(aa, minSlowdown): a head/base lower bound above it is a regression. */
  threshold: number;
}

/** Queries one request ran on each side, same request, same rows shown. */
export interface QueryComparison {
  endpoint: string;
  rows?: number;
  baseQueries: number;
  headQueries: number;
  /** (head − base) / rows for a list; absent for a detail. */
  perRow?: number;
  /** growth: one more query per row (always a failure); more / fewer / same otherwise. */
  verdict: 'growth' | 'more' | 'fewer' | 'same';
  /** The statement the head runs more often, for a growth. */
  statement?: string;
}

/** Line coverage of the service's own tests, head against base. */
export interface CoverageDelta {
  /** Line rates, 0–1. */
  base: number;
  head: number;
  /** head − base, in percentage points. */
  deltaPoints: number;
  /** Files the change touched (relative to the service directory), with their rates on each side. */
  files: Array<{ path: string; base?: number; head?: number; deltaPoints?: number }>;
}

/** Everything PR mode found, and the verdict it comes to. */
export interface PrReport {
  base: { ref: string; commit: string; how: string };
  head: { commit: string | null; dirty: boolean };
  /** failed when any reason below fails the run. */
  verdict: 'passed' | 'failed';
  /** The findings that decide the verdict, one line each (breaking changes, rolling-deploy failures, regressions, query growth). */
  reasons: string[];
  contract: ContractChange[];
  migrations: MigrationRun[];
  rollingDeploy: RollingDeploy;
  latency: LatencyComparison[];
  noiseFloor?: NoiseFloor;
  queries: QueryComparison[];
  coverage?: CoverageDelta;
  /** What PR mode could not measure, and why. */
  notes: string[];
  /** Where the pr phase's time went: waiting for the base (booting in the background), the A/B round, the migrations with the base's flows. */
  timings?: { waitedForBaseMs: number; abMs: number; migrationsMs: number };
}

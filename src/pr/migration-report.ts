/**
 * The migration script's output (python/pr_migrate.py) read back and turned into the report's migration
 * table: each migration with its time on the base's data, the strongest lock it held per relation,
 * and the classifier's flags. Pure.
 */
import { classifyMigration, type PlannedMigration } from './migration-risk.js';
import type { MigrationLock, MigrationRun } from './types.js';

export const MIGRATE_PREFIX = 'ENID-MIGRATE ';

/** One migration as the script reports it: described, and (with `apply`) timed and locked. */
export interface ScriptMigration extends PlannedMigration {
  durationMs?: number;
  locks?: MigrationLock[];
  error?: string;
}

/** The script's whole output. */
export interface MigrateOutput {
  migrations: ScriptMigration[];
  /** Rows per touched table before applying (apply mode). */
  rows: Record<string, number>;
  /** Migrations applied before the first failure. */
  applied: number;
  errors: string[];
  traceback?: string;
}

/** The `ENID-MIGRATE {json}` line of the script's stdout; throws with what came out instead. */
export function parseMigrateOutput(stdout: string): MigrateOutput {
  const line = stdout.split('\n').find((l) => l.startsWith(MIGRATE_PREFIX));
  if (!line) throw new Error(`the migration script printed no result: ${stdout.trim().split('\n').at(-1) ?? '(nothing)'}`);
  const out = JSON.parse(line.slice(MIGRATE_PREFIX.length)) as Partial<MigrateOutput>;
  return { migrations: out.migrations ?? [], rows: out.rows ?? {}, applied: out.applied ?? 0, errors: out.errors ?? [], ...(out.traceback ? { traceback: out.traceback } : {}) };
}

// PostgreSQL's table-level lock modes, weakest first (each conflicts with more than the one before).
const MODES = ['AccessShareLock', 'RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'];

/** The strongest mode held per relation, strongest first. */
export function strongestLocks(locks: MigrationLock[]): MigrationLock[] {
  const best = new Map<string, string>();
  for (const l of locks) {
    const held = best.get(l.relation);
    if (!held || MODES.indexOf(l.mode) > MODES.indexOf(held)) best.set(l.relation, l.mode);
  }
  return [...best].map(([relation, mode]) => ({ relation, mode }))
    .sort((a, b) => MODES.indexOf(b.mode) - MODES.indexOf(a.mode) || (a.relation < b.relation ? -1 : 1));
}

/** A lock that stops the service's reads (ACCESS EXCLUSIVE) or writes (SHARE and above). */
export function blocks(mode: string): 'reads' | 'writes' | null {
  const rank = MODES.indexOf(mode);
  return rank === MODES.length - 1 ? 'reads' : rank >= MODES.indexOf('ShareLock') ? 'writes' : null;
}

/** The report's migration table from the script's output. */
export function migrationRuns(out: MigrateOutput, options: { largeRows?: number } = {}): MigrationRun[] {
  return out.migrations.map((m) => {
    const { flags, reversible } = classifyMigration(m, { rows: out.rows, ...(options.largeRows ? { largeRows: options.largeRows } : {}) });
    const tables = [...new Set(m.operations.map((o) => o.table).filter((t): t is string => !!t))];
    return {
      app: m.app, name: m.name,
      ...(m.durationMs !== undefined ? { durationMs: m.durationMs } : {}),
      rows: Object.fromEntries(tables.filter((t) => out.rows[t] !== undefined).map((t) => [t, out.rows[t]!])),
      locks: strongestLocks(m.locks ?? []), flags, reversible,
      ...(m.error ? { error: m.error } : {}),
    };
  });
}

import type { RunContext } from '../pipeline/context.js';
import type { Phase } from '../pipeline/phase.js';
import type { CheckStatus } from '../types.js';
import { measureTraffic } from './measure.js';
import { checkScans } from './scans.js';
import { containerMigrations, generatedAtBoot, hostMigrations } from './migrations.js';
import { statementCounter } from './pg-stats.js';
import type { DatabaseOptions } from '../options/resolved-options.js';
import type { DatabaseReport } from './types.js';

/**
 * database: hygiene from the service's real traffic in the run's own PostgreSQL. Requests go one at a
 * time between resets of pg_stat_statements, so each one's statements are its own; list endpoints
 * are measured at two page sizes (an N+1 grows with the rows, a good view stays flat); model changes
 * without a migration, and migrations the entrypoint wrote at boot, are named.
 */
export const databasePhase: Phase<'database'> = {
  name: 'database',
  // A check of the whole service, and it writes rows: split across shards it would count them n times.
  scope: 'first-shard',
  skipReason(ctx) {
    if (ctx.options.database.disabledBecause) return ctx.options.database.disabledBecause;
    if (!ctx.stack.sqlDatabase()) return 'the run has no SQL database';
    return undefined;
  },
  async run(ctx) {
    const settings = ctx.options.database;
    const log = (line: string): void => ctx.reporter.onLog?.(line);
    const report: DatabaseReport = {
      requests: [], nPlusOne: [], flat: [], scans: [], notes: [],
      migrations: { missing: [], generatedAtBoot: [], level: settings.migrations === 'warn' ? 'warn' : 'fail' },
      ...(settings.maxQueriesPerRequest ? { maxQueriesPerRequest: settings.maxQueriesPerRequest } : {}),
    };
    // Listing the container's migration files is a `python -c` that touches no database (nothing it does
    // reaches pg_stat_statements): it runs beside the measured requests instead of before them.
    // Its notes still come first, as when it ran first: the report reads the same for a seed.
    const migrationNotes: string[] = [];
    const migrations = settings.migrations !== 'off' ? checkMigrations(ctx, report, migrationNotes) : Promise.resolve();
    await checkTraffic(ctx, settings, report, log);
    await migrations;
    report.notes.unshift(...migrationNotes);
    if (settings.seqScans !== 'off' && ctx.state.probe && !ctx.signal.aborted) await checkVolume(ctx, settings, report, log);
    for (const r of report.requests) if (settings.maxQueriesPerRequest && r.queries > settings.maxQueriesPerRequest) r.overLimit = true;
    report.notes.forEach((n) => log(`database: ${n}`));
    return { ...verdict(report), result: report };
  },
};

async function checkMigrations(ctx: RunContext, report: DatabaseReport, notes: string[]): Promise<void> {
  const changes = ctx.state.probe?.migrations?.changes;
  if (changes) report.migrations.missing = changes.map((c) => ({ app: c.app, model: c.model, field: c.field, operation: c.operation, description: c.description }));
  else notes.push('the probe could not ask makemigrations for model changes without a migration');
  try {
    report.migrations.generatedAtBoot = generatedAtBoot(await containerMigrations(ctx.stack.service), hostMigrations(ctx.spec.hostCodeDir));
  } catch (err) {
    notes.push(`migrations in the container could not be listed: ${(err as Error).message}`);
  }
}

async function checkTraffic(ctx: RunContext, settings: DatabaseOptions, report: DatabaseReport, log: (line: string) => void): Promise<void> {
  const probe = ctx.state.probe;
  if (!probe) {
    report.notes.push('no probe document: list endpoints and their pagination are unknown, queries were not measured');
    return;
  }
  let counter;
  try {
    counter = await statementCounter(ctx.stack.sqlDatabase()!);
  } catch (err) {
    report.notes.push(`queries cannot be counted: ${(err as Error).message}`);
    return;
  }
  const traffic = await measureTraffic({
    http: ctx.state.http, service: ctx.stack.service, counter, api: ctx.state.api, probe, resources: ctx.state.resources, seed: settings.seed, sizes: settings.sizes,
    level: settings.nPlusOne === 'warn' ? 'warn' : 'fail', signal: ctx.signal, log,
  }).finally(() => counter.close());
  report.requests = traffic.requests;
  report.nPlusOne = settings.nPlusOne === 'off' ? [] : traffic.nPlusOne;
  report.flat = traffic.flat;
  report.notes.push(...traffic.notes);
}

async function checkVolume(ctx: RunContext, settings: DatabaseOptions, report: DatabaseReport, log: (line: string) => void): Promise<void> {
  try {
    const found = await checkScans({ service: ctx.stack.service, resources: ctx.state.resources, rows: settings.volumeRows, pageSize: settings.sizes[1], level: settings.seqScans === 'fail' ? 'fail' : 'warn' });
    report.scans = found.scans;
    if (found.volume) {
      report.volume = found.volume;
      log(`database: ${found.volume.rows} rows through the ORM at ${found.volume.rowsPerSecond} rows/s for EXPLAIN (rolled back)`);
    }
    report.notes.push(...found.notes);
  } catch (err) {
    report.notes.push(`scans at volume not checked: ${(err as Error).message}`);
  }
}

/** Failed when anything at level `fail` was found; skipped when nothing could be measured at all. */
export function verdict(report: DatabaseReport): { status: CheckStatus; detail: string } {
  const failing = [
    ...report.nPlusOne.filter((n) => n.level === 'fail').map((n) => `N+1 at ${n.path} (+${n.perRow} queries per row on ${n.table ?? 'a related table'})`),
    ...report.requests.filter((r) => r.overLimit).map((r) => `${r.queries} queries for GET ${r.path}`),
    ...(report.migrations.level === 'fail' ? report.migrations.missing.map((m) => `no migration for ${m.app}: ${m.description}`) : []),
    ...report.scans.filter((s) => s.level === 'fail').map((s) => `${s.plan} on ${s.table} for ${s.path}`),
  ];
  const warnings = report.nPlusOne.filter((n) => n.level === 'warn').length + report.scans.filter((s) => s.level === 'warn').length
    + report.migrations.generatedAtBoot.length + (report.migrations.level === 'warn' ? report.migrations.missing.length : 0);
  const most = Math.max(0, ...report.requests.map((r) => r.queries));
  const summary = `${report.requests.length} request(s) measured, at most ${most} queries; ${report.flat.length} list endpoint(s) flat${warnings ? `; ${warnings} warning(s)` : ''}`;
  if (failing.length) return { status: 'failed', detail: `${failing.slice(0, 3).join('; ')}${failing.length > 3 ? ` (+${failing.length - 3} more)` : ''}` };
  if (!report.requests.length && !report.migrations.generatedAtBoot.length && report.notes.length) return { status: 'skipped', detail: report.notes[0]! };
  return { status: 'passed', detail: summary };
}

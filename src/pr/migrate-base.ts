/**
 * Migrations on real data, and whether a rolling deploy survives them. The head's code, run in the
 * head container but pointed at the BASE database, lists what that database lacks; the base's own
 * flows run once; the touched tables are filled at volume through the base's models (COPY); the head
 * applies its migrations there, each timed, its locks read, under lock_timeout; then the base's flows
 * run again against the migrated schema. A step that passed before and fails after is the old code
 * breaking on the new schema: what every instance still on the base would do mid-deploy.
 */
import { bootstrap } from '../probe/run-probe.js';
import { createRows } from '../database/volume.js';
import { pythonSource } from '../python/scripts.js';
import { flowsPhase } from '../flows/phase.js';
import type { RunContext } from '../pipeline/context.js';
import { backingModule } from '../backing/registry.js';
import type { StartedDjangoService } from '../stack/django-service-container.js';
import type { FlowResult, ServiceSpec } from '../types.js';
import { migrationRuns, parseMigrateOutput, type MigrateOutput } from './migration-report.js';
import { runOn } from './run-on.js';
import type { MigrationRun, RollingDeploy } from './types.js';

const SCRIPT = '/tmp/enid/pr-migrate.py';

export interface MigrateInput {
  /** The head's context: its service runs the migrations. */
  head: RunContext;
  /** The base's context: its database is migrated, its flows run before and after. */
  base: RunContext;
  volumeRows: number;
  lockTimeoutMs: number;
  log: (line: string) => void;
  /** The plan, when it was read already (migrationPlan, while the head's phases ran); else it is read now. */
  plan?: MigrateOutput;
}

export interface MigrateResult {
  migrations: MigrationRun[];
  rollingDeploy: RollingDeploy;
  notes: string[];
}

/** The head's environment with every backing service pointed where the base's points (its database, its index). */
export function baseDatabaseEnv(head: { spec: Pick<ServiceSpec, 'env' | 'backing'> }, base: { spec: Pick<ServiceSpec, 'backing'> }): Record<string, string> {
  const env = { ...head.spec.env };
  for (const [kind, spec] of Object.entries(base.spec.backing)) if (head.spec.backing[kind]) backingModule(kind).wire(spec, env);
  return env;
}

async function runScript(service: StartedDjangoService, env: Record<string, string>, input: { apply: boolean; lockTimeoutMs: number }): Promise<MigrateOutput> {
  await service.copyContentToContainer([{ content: pythonSource('pr_migrate'), target: SCRIPT, mode: 0o644 }]);
  const res = await service.exec(['python', 'manage.py', 'shell', '-c', bootstrap(SCRIPT)], {
    workingDir: service.codeDir,
    env: { ...env, ENID_MIGRATE_INPUT: JSON.stringify(input), PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' },
  });
  try {
    return parseMigrateOutput(res.stdout);
  } catch (err) {
    throw new Error(`${(err as Error).message} (exit ${res.exitCode}; stderr: ${res.stderr.trim().split('\n').at(-1) ?? ''})`);
  }
}

/**
 * What the base database lacks of the head's migrations, nothing applied. The base session reads it as
 * soon as the base is up, beside the head's phases (a Django start in the head container, seconds on a
 * loaded runner, off the pr phase's path): nothing but the base's own boot writes its migration table.
 */
export function migrationPlan(head: StartedDjangoService, env: Record<string, string>, lockTimeoutMs: number): Promise<MigrateOutput> {
  return runScript(head, env, { apply: false, lockTimeoutMs });
}

export async function migrateBase(input: MigrateInput): Promise<MigrateResult> {
  const notes: string[] = [];
  const env = baseDatabaseEnv(input.head, input.base);
  const headService = input.head.stack.service;
  const plan = input.plan ?? await migrationPlan(headService, env, input.lockTimeoutMs);
  notes.push(...plan.errors.map((e) => `migration plan: ${e}`));
  if (!plan.migrations.length) {
    return { migrations: [], rollingDeploy: { checked: false, failures: [], failingBefore: 0, note: 'the head adds no migration: the base code runs on an unchanged schema' }, notes };
  }
  input.log(`the head adds ${plan.migrations.length} migration(s) the base database lacks: ${plan.migrations.map((m) => `${m.app}.${m.name}`).join(', ')}`);
  const before = (await runOn(flowsPhase, input.base)).result;
  const tables = [...new Set(plan.migrations.flatMap((m) => m.operations.map((o) => o.table)).filter((t): t is string => !!t))];
  if (tables.length && input.volumeRows > 0) {
    const t = Date.now();
    const made = await createRows(input.base.stack.service, { tables, rows: input.volumeRows, commit: true, offset: 3_000_000 }).catch((err: unknown) => {
      notes.push(`the base's tables were not filled at volume (${(err as Error).message}): the migrations ran on the seeded rows only`);
      return undefined;
    });
    if (made) {
      notes.push(...made.errors.map((e) => `volume: ${e}`));
      input.log(`${Object.values(made.tables).reduce((a, b) => a + b, 0)} row(s) in ${Object.keys(made.tables).join(', ')} on the base in ${Date.now() - t} ms`);
    }
  }
  const applied = await runScript(headService, env, { apply: true, lockTimeoutMs: input.lockTimeoutMs });
  notes.push(...applied.errors.map((e) => `migrations: ${e}`));
  const migrations = migrationRuns(applied);
  for (const m of migrations) input.log(`${m.app}.${m.name}: ${m.error ? `failed: ${m.error}` : `${m.durationMs} ms`}${m.locks[0] ? `, ${m.locks[0].mode} on ${m.locks[0].relation}` : ''}`);
  if (migrations.some((m) => m.error)) {
    return { migrations, rollingDeploy: { checked: false, failures: [], failingBefore: 0, note: 'a migration failed on the base\'s data: the base code was not run against a half-migrated schema' }, notes };
  }
  // Other payloads than the first round: a unique value that round left behind must not decide anything.
  const seed = input.base.seed + 1000;
  const after = (await runOn(flowsPhase, { ...input.base, seed, options: { ...input.base.options, flows: { ...input.base.options.flows, seed: seed + 1 } } })).result;
  return { migrations, rollingDeploy: rollingDeploy(before, after), notes };
}

/** Steps that passed on the base before the migrations and fail after them. Pure. */
export function rollingDeploy(before: FlowResult[], after: FlowResult[]): RollingDeploy {
  const passed = new Set(before.filter((f) => f.status === 'passed').map((f) => f.name));
  const failures = after.filter((f) => f.status === 'failed' && passed.has(f.name))
    .map((f) => ({ flow: f.name, ...(f.exchange?.status !== undefined ? { status: f.exchange.status } : {}), error: f.error ?? 'failed' }));
  return { checked: true, failures, failingBefore: before.filter((f) => f.status === 'failed').length };
}

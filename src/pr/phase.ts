/**
 * pr (PR mode only, `run --base REF`): the head against the base, both booted in this run. The API
 * contract diff of their probes; A/B latency and queries per list and detail endpoint against an A/A
 * noise floor; the head's migrations applied to the base's data at volume, then the base's flows
 * against the migrated schema; the coverage delta of their own tests. One verdict, filed as
 * `report.pr`; the phase fails when it does.
 */
import type { Phase } from '../pipeline/phase.js';
import { abRound } from './ab-round.js';
import { diffContracts, statusChanges } from './contract-diff.js';
import { coverageDelta } from './coverage-delta.js';
import { migrateBase } from './migrate-base.js';
import type { PrSession } from './session.js';
import type { PrReport } from './types.js';
import { prVerdict } from './verdict.js';

/**
 * The A/B round's wall-clock budget, shared by its endpoints (each gets its share, 3 to 15 s): on a
 * quiet machine 40 triples of a 5 ms endpoint take well under a second; on a stalled one the verdict
 * is taken from what was measured.
 */
const AB_BUDGET_MS = 45_000;

export const prPhase: Phase<'pr'> = {
  name: 'pr',
  // Two stacks compared once, whatever the sharding.
  scope: 'first-shard',
  skipReason: (ctx) => (ctx.pr ? undefined : 'not a pull-request run (no --base)'),
  async run(ctx) {
    // Only a PrSession is ever put there (src/pipeline/pipeline.ts).
    const session = ctx.pr as PrSession;
    const log = (line: string): void => ctx.reporter.onLog?.(`pr: ${line}`);
    const settings = ctx.options.pr;
    const t0 = Date.now();
    const base = await session.ready();
    const waitedMs = Date.now() - t0;
    const notes = [...base.notes];
    const [baseProbe, headProbe] = [base.ctx.state.probe, ctx.state.probe];
    const contract = baseProbe && headProbe ? diffContracts(baseProbe, headProbe) : [];
    if (!baseProbe || !headProbe) notes.push(`no contract diff: the probe could not run on the ${!baseProbe ? 'base' : 'head'}`);
    log(`contract: ${contract.filter((c) => c.level === 'breaking').length} breaking, ${contract.filter((c) => c.level !== 'breaking').length} other change(s)`);

    const [basePg, headPg] = [base.ctx.stack.sqlDatabase(), ctx.stack.sqlDatabase()];
    const t1 = Date.now();
    const ab = basePg && headPg
      ? await abRound({
        base: { http: base.ctx.state.http, resources: base.ctx.state.resources, service: base.ctx.stack.service, pg: basePg },
        head: { http: ctx.state.http, resources: ctx.state.resources, service: ctx.stack.service, pg: headPg },
        seed: ctx.seed, minSlowdown: settings.minSlowdown, maxTriples: settings.maxTriples, budgetMs: AB_BUDGET_MS, signal: ctx.signal, log,
      })
      : { latency: [], queries: [], statuses: [], notes: ['no PostgreSQL in the run: latency and queries were not compared'] };
    notes.push(...ab.notes);
    contract.push(...statusChanges(ab.statuses));
    if (ab.floor) log(`latency: ${ab.latency.length} endpoint(s), noise floor ${ab.floor.threshold}× (A/A ${ab.floor.aa}×)`);

    const abMs = Date.now() - t1;
    const t2 = Date.now();
    let migrated: Awaited<ReturnType<typeof migrateBase>> = { migrations: [], rollingDeploy: { checked: false, failures: [], failingBefore: 0, note: 'not checked' }, notes: [] };
    try {
      migrated = await migrateBase({ head: ctx, base: base.ctx, volumeRows: settings.volumeRows, lockTimeoutMs: settings.lockTimeoutMs, log, ...(base.migrationPlan ? { plan: base.migrationPlan } : {}) });
    } catch (err) {
      migrated.rollingDeploy.note = `migrations on the base's data could not run: ${(err as Error).message}`;
    }
    notes.push(...migrated.notes);
    const migrationsMs = Date.now() - t2;

    const headCoverage = ctx.earlier?.coverage;
    const coverage = headCoverage && base.coverage ? coverageDelta(base.coverage, headCoverage, session.checkout.changed) : undefined;
    if (!coverage && headCoverage) notes.push('no coverage delta: the base\'s own tests were not measured');

    const parts: Omit<PrReport, 'verdict' | 'reasons'> = {
      base: { ref: session.checkout.ref, commit: session.checkout.commit, how: session.checkout.how },
      head: { commit: session.checkout.headCommit, dirty: session.checkout.dirty },
      contract: contract.sort((a, b) => (a.level === b.level ? 0 : a.level === 'breaking' ? -1 : 1)),
      migrations: migrated.migrations, rollingDeploy: migrated.rollingDeploy,
      latency: ab.latency, ...(ab.floor ? { noiseFloor: ab.floor } : {}), queries: ab.queries,
      ...(coverage ? { coverage } : {}), notes, timings: { waitedForBaseMs: waitedMs, abMs, migrationsMs },
    };
    const { verdict, reasons } = prVerdict(parts);
    for (const r of reasons) log(`✖ ${r}`);
    return {
      status: verdict,
      detail: reasons.length ? reasons.slice(0, 2).join('; ') + (reasons.length > 2 ? ` (+${reasons.length - 2} more)` : '') : summary(parts),
      result: { ...parts, verdict, reasons },
    };
  },
};

function summary(r: Omit<PrReport, 'verdict' | 'reasons'>): string {
  const slower = r.latency.filter((l) => l.verdict === 'faster').length;
  return [
    `${r.contract.length} non-breaking change(s)`,
    `${r.migrations.length} migration(s)${r.rollingDeploy.checked ? ', base code fine on the new schema' : ''}`,
    `${r.latency.length} endpoint(s) within the ${r.noiseFloor?.threshold ?? '–'}× floor${slower ? ` (${slower} faster)` : ''}`,
    ...(r.coverage ? [`coverage ${r.coverage.deltaPoints >= 0 ? '+' : ''}${r.coverage.deltaPoints} pts`] : []),
  ].join('; ');
}

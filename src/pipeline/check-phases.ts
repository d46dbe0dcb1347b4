import type { PhaseReports, RunReport } from '../types.js';
import type { RunContext, RunState } from './context.js';
import type { AnyPhase, PhaseOutcome } from './phase.js';
import type { RunRecorder } from './run-recorder.js';

/**
 * Runs the check phases in order on a booted stack, each with the state the earlier ones handed on;
 * a phase that throws is recorded as an error and the next one runs. Stops at an abort. Returns the
 * state the last phase left (its client is still open: the caller closes it).
 */
export async function runCheckPhases(run: RunRecorder, checks: readonly AnyPhase[], base: Omit<RunContext, 'state'>, initial: RunState): Promise<RunState> {
  let state = initial;
  // Work that needs only the stack starts now, beside the phases before its own (see Phase.begin).
  for (const phase of checks) if (phase.begin && !skipReason(phase, { ...base, state })) phase.begin({ ...base, state });
  for (const phase of checks) {
    if (run.signal.aborted) break;
    const ctx: RunContext = { ...base, state };
    const skipped = skipReason(phase, ctx);
    if (skipped) {
      run.record({ name: phase.name, status: 'skipped', durationMs: 0, detail: skipped });
      continue;
    }
    run.reporter.onPhaseBegin?.(phase.name);
    const t = Date.now();
    try {
      const outcome = await (phase.run as (c: RunContext) => Promise<PhaseOutcome<PhaseReports[typeof phase.name]>>)(ctx);
      fileResult(run.report, phase.name, outcome.result);
      if (outcome.state) state = { ...state, ...outcome.state };
      if (outcome.assumptions?.length) run.report.assumptions.push(...outcome.assumptions);
      run.record({ name: phase.name, status: outcome.status, durationMs: Date.now() - t, ...(outcome.detail ? { detail: outcome.detail } : {}) });
    } catch (err) {
      run.record({ name: phase.name, status: 'error', durationMs: Date.now() - t, detail: run.fail(err, phase.name) });
    }
  }
  return state;
}

function skipReason(phase: AnyPhase, ctx: RunContext): string | undefined {
  const { shard } = ctx;
  // Checks of the whole service are not split: shard 1 runs them, so merged shards count them once.
  if (phase.scope === 'first-shard' && shard && shard.total > 1 && shard.index !== 1) return `runs on shard 1/${shard.total}`;
  return phase.skipReason?.(ctx);
}

// The one place a phase's result enters the report: under its own key, nowhere else.
function fileResult<K extends keyof PhaseReports>(report: RunReport, key: K, value: PhaseReports[K]): void {
  (report as unknown as PhaseReports)[key] = value;
}

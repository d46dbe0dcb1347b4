/** One phase run on a context other than the pipeline's: the base's, in PR mode. */
import type { RunContext } from '../pipeline/context.js';
import type { Phase } from '../pipeline/phase.js';
import type { CheckPhaseName, PhaseReports } from '../types.js';

/** Runs one phase on a context and hands back the context later phases see (its state merged). */
export async function runOn<K extends CheckPhaseName>(phase: Phase<K>, ctx: RunContext): Promise<{ result: PhaseReports[K]; ctx: RunContext; status: string; detail?: string }> {
  const outcome = await phase.run(ctx);
  return { result: outcome.result, ctx: outcome.state ? { ...ctx, state: { ...ctx.state, ...outcome.state } } : ctx, status: outcome.status, ...(outcome.detail ? { detail: outcome.detail } : {}) };
}

import { coveragePhase } from './coverage/phase.js';
import { flowsPhase } from './flows/phase.js';
import { seedPhase } from './seed/phase.js';
import { timingPhase } from './timing/phase.js';
import { suitesPhase } from './vitest/phase.js';
import type { PhaseOutcome, RunContext } from './run-context.js';
import type { RunOptions } from './run-options.js';
import type { PhaseName } from './types.js';

/** A phase after the stack is up. The order of PHASES is the order of the run. */
export interface Phase {
  name: PhaseName;
  enabled(ctx: RunContext, options: RunOptions): boolean;
  run(ctx: RunContext, options: RunOptions): Promise<PhaseOutcome>;
}

export const PHASES: Phase[] = [seedPhase, flowsPhase, suitesPhase, timingPhase, coveragePhase];

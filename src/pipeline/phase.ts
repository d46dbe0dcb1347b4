import type { CheckPhaseName, CheckStatus, PhaseReports } from '../types.js';
import type { RunContext, RunState } from './context.js';

/** What a phase hands back: its status, one line of detail, its own result, and state for later phases. */
export interface PhaseOutcome<R> {
  status: CheckStatus;
  detail?: string;
  /** Filed under the phase's name in the report. */
  result: R;
  /** Merged into the context that later phases see (e.g. a signed-in client, the ids seeding created). */
  state?: Partial<RunState>;
  /** What the phase decided instead of the service (applied its migrations…): appended to the report's. */
  assumptions?: string[];
}

/**
 * A phase after the stack is up. `scope` says whether it runs on every shard (its work is split) or on
 * the first only (a check of the whole service, counted once when shards are merged).
 */
export interface Phase<K extends CheckPhaseName = CheckPhaseName> {
  readonly name: K;
  readonly scope: 'every-shard' | 'first-shard';
  /** Why the phase does not run in this context (`--no-timing`, `coverage.enabled: false`); undefined: it runs. */
  skipReason?(ctx: RunContext): string | undefined;
  /**
   * Starts work that needs only the booted stack, right after it is up, to go on beside the phases before
   * this one (the service's own tests in a sibling container); `run` joins it. Never throws.
   */
  begin?(ctx: RunContext): void;
  run(ctx: RunContext): Promise<PhaseOutcome<PhaseReports[K]>>;
}

/** Any phase, whatever its result type: the pipeline's list holds these. */
export type AnyPhase = { [K in CheckPhaseName]: Phase<K> }[CheckPhaseName];

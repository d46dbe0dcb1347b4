import type {
  FlowResult,
  PhaseName,
  PhaseResult,
  RunError,
  RunReport,
  SeedEndpointResult,
  TestCaseResult,
  TimingResult,
} from '../types.js';

/** What a run announces before its first phase. */
export interface BeginInfo {
  service: { name: string; dir: string };
  phases: PhaseName[];
}

/** The result each kind of case carries in `onCaseEnd`. */
export interface CaseResults {
  flow: FlowResult;
  suite: TestCaseResult;
  timing: TimingResult;
  django: TestCaseResult;
  seed: SeedEndpointResult;
}

export type CaseKind = keyof CaseResults;

/** `onCaseEnd('flow', flowResult)`: a tuple union so the kind narrows the result for implementers. */
export type CaseEndArgs = { [K in CaseKind]: [kind: K, result: CaseResults[K]] }[CaseKind];

/**
 * Receives the run as it happens, in the spirit of Playwright Test's reporters. Every hook is optional;
 * a hook that throws or rejects is isolated by the ReporterMultiplexer and never stops the run.
 */
export interface Reporter {
  /** Shown in warnings when the reporter fails. */
  readonly name?: string;
  onBegin?(info: BeginInfo): void;
  onPhaseBegin?(name: PhaseName): void;
  onPhaseEnd?(phase: PhaseResult): void;
  onCaseEnd?(...args: CaseEndArgs): void;
  /** A progress line (container pulled, service answering, N rows seeded…). */
  onLog?(line: string): void;
  onError?(error: RunError): void;
  /** Called once with the final report; file reporters write here. */
  onEnd?(report: RunReport): Promise<void> | void;
  /** Whether the reporter writes to the terminal (stdout), so `--json` can keep stdout clean. */
  printsToStdio(): boolean;
}

import { toRunError } from '../errors.js';
import type { Reporter } from '../report/reporter.js';
import type { PhaseName, PhaseResult, RunError, RunReport } from '../types.js';
import { interrupted } from './verdict.js';

/**
 * The report of one run as it fills, and the reporter told of each step: every phase result and error
 * goes through here, so the report and what the reporters saw never differ.
 */
export class RunRecorder {
  constructor(
    readonly report: RunReport,
    readonly reporter: Reporter,
    readonly signal: AbortSignal,
  ) {}

  record(result: PhaseResult): void {
    this.report.phases.push(result);
    this.reporter.onPhaseEnd?.(result);
  }

  /** Files an error of `phase` (an interruption once the run was aborted) and returns its message. */
  fail(err: unknown, phase: PhaseName): string {
    const error = this.signal.aborted ? interrupted(phase) : toRunError(err, phase);
    this.error(error);
    return error.message;
  }

  error(error: RunError): void {
    this.report.errors.push(error);
    this.reporter.onError?.(error);
  }

  /** Runs one step of the run as a phase: timed, recorded, its error filed; undefined when it threw. */
  async timed<T>(name: PhaseName, fn: () => Promise<T>): Promise<T | undefined> {
    this.reporter.onPhaseBegin?.(name);
    const t = Date.now();
    try {
      const value = await fn();
      this.record({ name, status: 'passed', durationMs: Date.now() - t });
      return value;
    } catch (err) {
      this.record({ name, status: 'error', durationMs: Date.now() - t, detail: this.fail(err, name) });
      return undefined;
    }
  }
}

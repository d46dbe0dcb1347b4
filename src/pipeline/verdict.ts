import { EnidError } from '../errors.js';
import { ExitCode, worstExitCode } from '../exit-codes.js';
import type { PhaseName, RunError, RunReport, RunStatus } from '../types.js';

/** The exit code and status a report ends with: the most severe error, else 1 for any failed phase. */
export function verdictOf(report: Pick<RunReport, 'errors' | 'phases'>): { exitCode: number; status: RunStatus } {
  const failedChecks = report.phases.some((p) => p.status === 'failed');
  const exitCode = worstExitCode([...report.errors.map((e) => e.exitCode), failedChecks ? ExitCode.CheckFailed : ExitCode.Ok]);
  const status: RunStatus = exitCode === 0 ? 'passed' : report.errors.some((e) => e.exitCode !== ExitCode.CheckFailed) ? 'error' : 'failed';
  return { exitCode, status };
}

export function interrupted(phase: PhaseName): RunError {
  return new EnidError('interrupted; everything the run started was removed', { code: 'ENID_INTERRUPTED', exitCode: ExitCode.Interrupted, phase }).toRunError();
}

import { EnidError } from '../errors.js';
import { ExitCode, worstExitCode } from '../exit-codes.js';
import type { Readiness } from '../stack/readiness.js';
import type { ApiCoverage, PhaseName, RunError, RunReport, RunStatus } from '../types.js';

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

/**
 * "Never green on nothing": a run that found API endpoints and exercised none of them (or found none at
 * all) fails with the cause it saw, unless the config allowed it — then the coverage says so.
 */
export function nothingExercised(report: RunReport, api: ApiCoverage, required: boolean, readiness?: Readiness): RunError | undefined {
  // Reached, not verified is the harness's limit, said in the API line; it is not nothing.
  if (api.exercised > 0 || (api.reached ?? 0) > 0) return undefined;
  const found = api.endpoints.length;
  if (!required) {
    api.optedOut = 'flows.requireExercised is false: a run that exercises no endpoint may pass';
    return undefined;
  }
  const notes = report.inspect?.notes ?? [];
  const guarded = api.endpoints.filter((e) => e.skipped?.startsWith('needs authentication')).length;
  const cause = (readiness && 'problem' in readiness ? readiness.note : undefined)
    ?? (guarded && guarded === found ? `all ${found} need authentication the run could not provide` : undefined)
    ?? notes.find((n) => / answered (\d+|nothing)/.test(n))
    ?? (found ? 'no check reached them' : `Django resolves ${api.urlPatterns} URL pattern(s), none of them a DRF view`);
  return new EnidError(found ? `exercised 0 of ${found} API endpoints: ${cause}` : `found no API endpoint to exercise: ${cause}`, {
    code: 'ENID_NOTHING_EXERCISED', exitCode: ExitCode.CheckFailed, phase: 'flows',
    hint: 'a run that tests nothing is not a pass; fix the cause above, or set flows.requireExercised: false in enid.config.json to allow it on purpose',
  }).toRunError();
}

import { ExitCode } from '../exit-codes.js';
import { EnidError } from '../errors.js';

/** Environment variable that opts in to installing coverage for the run when the image lacks it. */
export const INSTALL_ENV = 'ENID_COVERAGE_INSTALL';

export function coverageMissing(service: string, installError?: string): EnidError {
  const tried = installError ? ` (${INSTALL_ENV}=1 could not install it: ${installError})` : '';
  return new EnidError(`coverage is not installed in the ${service} image${tried}`, {
    code: 'ENID_COVERAGE_MISSING',
    exitCode: ExitCode.BadInput,
    phase: 'coverage',
    service,
    hint: installError
      ? 'add `coverage` to requirements.txt so the image has it, or run with --no-coverage'
      : `add \`coverage\` to requirements.txt, run with --no-coverage, or set ${INSTALL_ENV}=1 to pip-install it into the container for this run (needs a reachable package index)`,
  });
}

export function testsCrashed(service: string, exitCode: number, logTail: string[]): EnidError {
  const createDb = logTail.some((l) => /permission denied to create database/i.test(l));
  return new EnidError(`the Django tests of ${service} stopped before any result (exit ${exitCode})`, {
    code: 'ENID_TESTS_CRASHED',
    exitCode: ExitCode.CheckFailed,
    phase: 'coverage',
    service,
    logTail,
    hint: createDb
      ? 'Django creates and drops test_<db>: the database user needs CREATEDB (ALTER USER … CREATEDB)'
      : 'the log tail shows why; run `python manage.py test` in the container (`enid-test up`) to reproduce',
  });
}

export function coverageCommandFailed(service: string, what: string, output: string): EnidError {
  return new EnidError(`coverage ${what} failed in the ${service} container`, {
    code: 'ENID_COVERAGE_FAILED',
    exitCode: ExitCode.CheckFailed,
    phase: 'coverage',
    service,
    logTail: tail(output),
    hint: 'the log tail is coverage.py\'s own message; check the service\'s coverage config (.coveragerc, setup.cfg, pyproject.toml)',
  });
}

/** The last `n` non-empty lines of a command's output. */
export function tail(output: string, n = 20): string[] {
  return output.split(/\r?\n/).filter((l) => l.trim() !== '').slice(-n);
}

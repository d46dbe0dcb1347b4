import type { CheckStatus, TestCaseResult } from '../types.js';
import { coverageGate } from './gate.js';
import { failedNames } from './test-results.js';

/** What the coverage phase measured, and the rules it is judged by. */
export interface CoverageVerdictInput {
  tests: TestCaseResult[];
  /** Exit code of the test command. */
  exitCode: number;
  /** The test command as the user would type it after `python` (`manage.py test -v 2`). */
  command: string;
  totals: { lineRate: number; linesCovered: number; linesValid: number };
  /** Where the measurement came from (`unit`, `unit+e2e`). */
  source: string;
  /** A run of 0 tests fails (coverage.requireTests). */
  requireTests: boolean;
  /** Percentage the line coverage must reach, when one applies. */
  minCoverage?: number;
  /** What the phase noticed on the way (E2E data, export), appended to the detail. */
  notes: string[];
}

/**
 * Pure: failed for failing tests, a test command that failed on its own, no test at all (unless
 * allowed) or coverage under the minimum; otherwise the rate and the tests that passed. One line.
 */
export function coverageVerdict(input: CoverageVerdictInput): { status: CheckStatus; detail: string } {
  const { tests, totals } = input;
  const notes = [...input.notes];
  const problems = testProblems(tests, input.exitCode);
  if (tests.length === 0) {
    if (input.requireTests) problems.push(`0 tests ran: \`${input.command}\` found no test in the image (the service's own tests are mandatory; coverage.requireTests: false allows none)`);
    else notes.push('0 tests ran, allowed by coverage.requireTests: false');
  }
  if (input.minCoverage !== undefined) {
    const gate = coverageGate(totals.linesCovered, totals.linesValid, input.minCoverage);
    if (!gate.passed) problems.push(gate.message);
  }
  const rate = `${(totals.lineRate * 100).toFixed(1)}% of ${totals.linesValid} lines (${input.source})`;
  const passedCount = tests.filter((t) => t.status === 'passed').length;
  const detail = problems.length ? [...problems, ...notes].join('; ') : [`${rate}, ${passedCount}/${tests.length} tests passed`, ...notes].join('; ');
  return { status: problems.length ? 'failed' : 'passed', detail };
}

function testProblems(tests: TestCaseResult[], exitCode: number): string[] {
  const failed = failedNames(tests);
  if (failed.length) {
    const shown = failed.slice(0, 5).join(', ');
    return [`${failed.length} Django test${failed.length === 1 ? '' : 's'} failed: ${shown}${failed.length > 5 ? `, and ${failed.length - 5} more` : ''}`];
  }
  return exitCode === 0 ? [] : [`the test command exited ${exitCode} although no test failed`];
}

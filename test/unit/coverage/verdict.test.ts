import { describe, expect, it } from 'vitest';
import { coverageVerdict, type CoverageVerdictInput } from '../../../src/coverage/verdict.js';
import type { TestCaseResult } from '../../../src/types.js';

const test = (name: string, status: TestCaseResult['status']): TestCaseResult => ({ suite: 'notes.tests.NoteTests', name, status, durationMs: 1 } as TestCaseResult);
const input = (over: Partial<CoverageVerdictInput> = {}): CoverageVerdictInput => ({
  tests: [test('test_a', 'passed'), test('test_b', 'passed')],
  exitCode: 0,
  command: 'manage.py test -v 2',
  totals: { lineRate: 0.8, linesCovered: 80, linesValid: 100 },
  source: 'unit',
  requireTests: true,
  notes: [],
  ...over,
});

describe('coverageVerdict', () => {
  it('passes with the rate and the tests that passed, notes appended', () => {
    expect(coverageVerdict(input({ notes: ['E2E data combined'] }))).toEqual({ status: 'passed', detail: '80.0% of 100 lines (unit), 2/2 tests passed; E2E data combined' });
  });

  it('fails naming the failed tests (five at most), whatever the coverage', () => {
    const tests = Array.from({ length: 7 }, (_, i) => test(`test_${i}`, 'failed'));
    expect(coverageVerdict(input({ tests, exitCode: 1 }))).toEqual({
      status: 'failed',
      detail: '7 Django tests failed: notes.tests.NoteTests.test_0, notes.tests.NoteTests.test_1, notes.tests.NoteTests.test_2, notes.tests.NoteTests.test_3, notes.tests.NoteTests.test_4, and 2 more',
    });
  });

  it('fails a test command that failed although no test did', () => {
    expect(coverageVerdict(input({ exitCode: 2 })).detail).toBe('the test command exited 2 although no test failed');
  });

  it('fails a run of 0 tests, naming the command, unless coverage.requireTests is false', () => {
    expect(coverageVerdict(input({ tests: [] }))).toEqual({
      status: 'failed',
      detail: "0 tests ran: `manage.py test -v 2` found no test in the image (the service's own tests are mandatory; coverage.requireTests: false allows none)",
    });
    expect(coverageVerdict(input({ tests: [], requireTests: false }))).toEqual({ status: 'passed', detail: '80.0% of 100 lines (unit), 0/0 tests passed; 0 tests ran, allowed by coverage.requireTests: false' });
  });

  it('applies the minimum through the gate: 80 % meets 80, not 80.5', () => {
    expect(coverageVerdict(input({ minCoverage: 80 })).status).toBe('passed');
    expect(coverageVerdict(input({ minCoverage: 80.5 }))).toEqual({ status: 'failed', detail: 'line rate 80.0% (80/100 lines) is below the minimum 80.5%' });
  });
});

import { describe, expect, it } from 'vitest';
import { failureText, SuiteResultCollector, toTestCaseResult, type ReportedCase } from '../../../src/vitest/results.js';
import type { TestCaseResult } from '../../../src/types.js';

const file = { type: 'module' } as const;
const suite = (name: string, parent: ReportedCase['parent'] = file): ReportedCase['parent'] => ({ type: 'suite', name, parent });

function testCase(name: string, parent: ReportedCase['parent'], state: string, errors?: Array<{ message?: string; name?: string; stack?: string; hint?: unknown }>, duration = 12.5): ReportedCase {
  return {
    name,
    module: { relativeModuleId: 'e2e/books.test.ts' },
    parent,
    result: () => ({ state, ...(errors ? { errors } : {}) }),
    diagnostic: () => ({ duration }),
  };
}

const STACK = [
  'AssertionError: expected 404 to be 200',
  '    at /srv/notes/e2e/books.test.ts:14:25',
  '    at file:///srv/notes/node_modules/vitest/dist/chunks/run.js:1695:35',
  '    at new Promise (<anonymous>)',
  '    at node:internal/process/task_queues:104:5',
].join('\n');

describe('toTestCaseResult', () => {
  it('names the suite by file and describe path, and keeps the duration', () => {
    const row = toTestCaseResult(testCase('create', suite('CRUD', suite('/api/books/')), 'passed'));
    expect(row).toEqual({ suite: 'e2e/books.test.ts > /api/books/ > CRUD', name: 'create', status: 'passed', durationMs: 12.5 });
  });

  it('a test directly in the file has the file as its suite', () => {
    expect(toTestCaseResult(testCase('top', file, 'passed')).suite).toBe('e2e/books.test.ts');
  });

  it('a failed test carries the message and the test\'s own stack frames', () => {
    const row = toTestCaseResult(testCase('list', suite('CRUD'), 'failed', [{ name: 'AssertionError', message: 'expected 404 to be 200', stack: STACK }]));
    expect(row.status).toBe('failed');
    expect(row.failure).toBe('AssertionError: expected 404 to be 200\n    at /srv/notes/e2e/books.test.ts:14:25');
  });

  it('skipped and todo tests are skipped, with no failure', () => {
    const row = toTestCaseResult(testCase('later', file, 'skipped', undefined, 0));
    expect(row).toEqual({ suite: 'e2e/books.test.ts', name: 'later', status: 'skipped', durationMs: 0 });
  });
});

describe('failureText', () => {
  it('keeps some frames when all of them are the framework\'s', () => {
    const text = failureText([{ message: 'boom', stack: 'Error: boom\n    at a (node:internal/x:1:1)\n    at b (node:internal/y:1:1)' }]);
    expect(text).toBe('boom\n    at a (node:internal/x:1:1)\n    at b (node:internal/y:1:1)');
  });

  it('adds an EnidError\'s hint and separates several errors with a blank line', () => {
    const text = failureText([{ name: 'EnidError', message: 'no stack provided', hint: 'add the globalSetup' }, { message: 'second' }]);
    expect(text).toBe('EnidError: no stack provided\nhint: add the globalSetup\n\nsecond');
  });
});

describe('SuiteResultCollector', () => {
  it('collects each finished test and forwards it as it comes', () => {
    const forwarded: TestCaseResult[] = [];
    const collector = new SuiteResultCollector((r) => forwarded.push(r));
    collector.onTestCaseResult(testCase('create', suite('CRUD'), 'passed') as never);
    collector.onTestCaseResult(testCase('list', suite('CRUD'), 'failed', [{ message: 'expected 1 row' }]) as never);
    expect(collector.results.map((r) => [r.name, r.status])).toEqual([['create', 'passed'], ['list', 'failed']]);
    expect(forwarded).toEqual(collector.results);
  });

  it('a test reported twice (a cancelled run reports finished tests again) is one row, forwarded once', () => {
    const forwarded: TestCaseResult[] = [];
    const collector = new SuiteResultCollector((r) => forwarded.push(r));
    const first = { ...testCase('create', suite('CRUD'), 'passed'), id: 'abc_0_0' };
    collector.onTestCaseResult(first as never);
    collector.onTestCaseResult(first as never);
    collector.onTestCaseResult({ ...testCase('create', suite('CRUD'), 'passed'), id: 'abc_0_1' } as never);
    expect(collector.results).toHaveLength(2);
    expect(forwarded).toHaveLength(2);
  });

  it('a file that failed to load, a failed hook and unhandled errors become failed rows', () => {
    const collector = new SuiteResultCollector();
    collector.onTestModuleEnd({ relativeModuleId: 'e2e/broken.test.ts', errors: () => [{ message: "Cannot find module 'enid-test/suites'" }] } as never);
    collector.onTestModuleEnd({ relativeModuleId: 'e2e/fine.test.ts', errors: () => [] } as never);
    collector.onTestSuiteResult({ module: { relativeModuleId: 'e2e/a.test.ts' }, type: 'suite', name: 'with db', parent: file, errors: () => [{ message: 'beforeAll broke' }] } as never);
    collector.onTestRunEnd([], [{ message: 'socket hang up' }]);
    expect(collector.results).toEqual([
      { suite: 'e2e/broken.test.ts', name: '(file)', status: 'failed', durationMs: 0, failure: "Cannot find module 'enid-test/suites'" },
      { suite: 'e2e/a.test.ts > with db', name: '(beforeAll/afterAll)', status: 'failed', durationMs: 0, failure: 'beforeAll broke' },
      { suite: '(run)', name: 'unhandled errors', status: 'failed', durationMs: 0, failure: 'socket hang up' },
    ]);
  });
});

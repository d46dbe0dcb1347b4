import { describe, expect, it } from 'vitest';
import { collectTests, failedNames, fromJunitXml, fromRunnerJson } from '../../../src/coverage/test-results.js';

const RUNNER_JSON = JSON.stringify({
  version: 1,
  tests: [
    { id: 'notes.tests.test_models.NoteModelTests.test_str', status: 'passed', durationMs: 4.9, detail: null },
    { id: 'notes.tests.test_models.NoteModelTests.test_sub', status: 'failed', durationMs: 1, detail: '(case=1)\nTraceback...\nAssertionError: one' },
    { id: 'notes.tests.test_models.NoteModelTests.test_sub', status: 'failed', durationMs: 2, detail: '(case=2)\nTraceback...\nAssertionError: two' },
    { id: 'notes.tests.test_models.NoteModelTests.test_err', status: 'error', durationMs: 1, detail: 'Traceback...\nKeyError: x' },
    { id: 'notes.tests.test_models.NoteModelTests.test_skip', status: 'skipped', durationMs: 0, detail: 'later' },
    { id: 'notes.tests.test_models.NoteModelTests.test_xfail', status: 'passed', durationMs: 0, detail: 'expected failure' },
  ],
});

describe('fromRunnerJson', () => {
  const tests = fromRunnerJson(RUNNER_JSON);
  it('keeps one case per test with its duration, merging failed subtests', () => {
    expect(tests.map((t) => [t.name, t.status])).toEqual([
      ['test_str', 'passed'], ['test_sub', 'failed'], ['test_err', 'failed'], ['test_skip', 'skipped'], ['test_xfail', 'passed'],
    ]);
    expect(tests[0]).toEqual({ suite: 'notes.tests.test_models.NoteModelTests', name: 'test_str', status: 'passed', durationMs: 4.9 });
    expect(tests[1]!.failure).toMatch(/AssertionError: one[\s\S]*AssertionError: two/);
    expect(tests[3]!.failure).toBe('later');
  });

  it('names the failed tests in full', () => {
    expect(failedNames(tests)).toEqual(['notes.tests.test_models.NoteModelTests.test_sub', 'notes.tests.test_models.NoteModelTests.test_err']);
  });
});

const JUNIT = `<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" errors="0" failures="1" skipped="1" tests="3" time="0.5">
<testcase classname="tests.test_api" name="test_ok" time="0.120" />
<testcase classname="tests.test_api" name="test_bad" time="0.010"><failure message="assert 1 == 2">def test_bad():
&gt;       assert 1 == 2
E       assert 1 == 2</failure></testcase>
<testcase classname="tests.test_api" name="test_skip" time="0.000"><skipped type="pytest.skip" message="no redis">skip reason</skipped></testcase>
</testsuite></testsuites>`;

describe('fromJunitXml', () => {
  it('reads pytest cases with durations, failures and skips', () => {
    const tests = fromJunitXml(JUNIT);
    expect(tests.map((t) => [t.suite, t.name, t.status, t.durationMs])).toEqual([
      ['tests.test_api', 'test_ok', 'passed', 120], ['tests.test_api', 'test_bad', 'failed', 10], ['tests.test_api', 'test_skip', 'skipped', 0],
    ]);
    expect(tests[1]!.failure).toBe('assert 1 == 2\ndef test_bad():\n>       assert 1 == 2\nE       assert 1 == 2');
    expect(tests[2]!.failure).toMatch(/no redis/);
  });
});

describe('collectTests', () => {
  const files = new Map([['tests.json', Buffer.from(RUNNER_JSON)], ['pytest-junit.xml', Buffer.from(JUNIT)]]);
  it('prefers the runner JSON, then JUnit XML, then the verbose output', () => {
    expect(collectTests(files, { runnerJson: 'tests.json' }, '')).toHaveLength(5);
    expect(collectTests(files, { junitXml: 'pytest-junit.xml' }, '')).toHaveLength(3);
    expect(collectTests(new Map(), { runnerJson: 'tests.json' }, 'test_a (m.C.test_a) ... ok\n')).toEqual([{ suite: 'm.C', name: 'test_a', status: 'passed', durationMs: 0 }]);
  });
});

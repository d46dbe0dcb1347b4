import { describe, expect, it } from 'vitest';
import { parseDjangoVerbose, split } from '../../../src/coverage/django-output.js';

// Recorded from `python manage.py test -v 2` (Django 3.2, Python 3.11) on fixtures, trimmed.
const PY311 = `Creating test database for alias 'default' ('test_checks')...
Operations to perform:
  Apply all migrations: checks, contenttypes
Running migrations:
  Applying checks.0001_initial... OK
System check identified no issues (0 silenced).
test_create_and_list (checks.tests.test_checks.CheckTests.test_create_and_list) ... ok
test_str (checks.tests.test_checks.CheckTests.test_str) ... ok
test_deliberately_fails (checks.tests.test_checks.DeliberateFailureTests.test_deliberately_fails)
Fails on purpose: the fixture exists to exercise the harness's 'Django tests failed' path. ... FAIL
test_create_rejects_invalid_priority (notes.tests.test_views.NoteApiTests.test_create_rejects_invalid_priority) ... Bad Request: /api/notes/
ok
test_skipped_one (notes.tests.test_views.NoteApiTests.test_skipped_one) ... skipped 'not on sqlite'
test_boom (notes.tests.test_views.NoteApiTests.test_boom) ... ERROR

======================================================================
ERROR: test_boom (notes.tests.test_views.NoteApiTests.test_boom)
----------------------------------------------------------------------
Traceback (most recent call last):
  File "/app/notes/tests/test_views.py", line 60, in test_boom
    raise RuntimeError('boom')
RuntimeError: boom

======================================================================
FAIL: test_deliberately_fails (checks.tests.test_checks.DeliberateFailureTests.test_deliberately_fails)
Fails on purpose: the fixture exists to exercise the harness's 'Django tests failed' path.
----------------------------------------------------------------------
Traceback (most recent call last):
  File "/app/checks/tests/test_checks.py", line 19, in test_deliberately_fails
    self.assertEqual(Check.objects.count(), 1, 'deliberate failure: this fixture must have one failing test')
AssertionError: 0 != 1 : deliberate failure: this fixture must have one failing test

----------------------------------------------------------------------
Ran 6 tests in 0.061s

FAILED (failures=1, errors=1, skipped=1)
Destroying test database for alias 'default' ('test_checks')...
`;

describe('parseDjangoVerbose', () => {
  const tests = parseDjangoVerbose(PY311);
  const byName = Object.fromEntries(tests.map((t) => [t.name, t]));

  it('finds every test once, with suite and name from the unittest id', () => {
    expect(tests.map((t) => `${t.suite}.${t.name}`).sort()).toEqual([
      'checks.tests.test_checks.CheckTests.test_create_and_list',
      'checks.tests.test_checks.CheckTests.test_str',
      'checks.tests.test_checks.DeliberateFailureTests.test_deliberately_fails',
      'notes.tests.test_views.NoteApiTests.test_boom',
      'notes.tests.test_views.NoteApiTests.test_create_rejects_invalid_priority',
      'notes.tests.test_views.NoteApiTests.test_skipped_one',
    ]);
  });

  it('reads statuses after a docstring line and after what a test logged', () => {
    expect(byName.test_deliberately_fails!.status).toBe('failed');
    expect(byName.test_create_rejects_invalid_priority!.status).toBe('passed');
    expect(byName.test_skipped_one).toMatchObject({ status: 'skipped', failure: "skipped 'not on sqlite'" });
  });

  it('attaches the traceback of FAIL and ERROR blocks, errors counted as failures', () => {
    expect(byName.test_deliberately_fails!.failure).toMatch(/^Traceback[\s\S]*AssertionError: 0 != 1 : deliberate failure/);
    expect(byName.test_deliberately_fails!.failure).not.toMatch(/Ran 6 tests/);
    expect(byName.test_boom).toMatchObject({ status: 'failed', failure: expect.stringMatching(/RuntimeError: boom$/) });
  });

  it('understands the Python ≤ 3.10 form, where the parentheses hold only the class', () => {
    const old = 'test_str (checks.tests.test_checks.CheckTests) ... ok\ntest_x (checks.tests.test_checks.CheckTests) ... FAIL\n';
    expect(parseDjangoVerbose(old)).toEqual([
      { suite: 'checks.tests.test_checks.CheckTests', name: 'test_str', status: 'passed', durationMs: 0 },
      { suite: 'checks.tests.test_checks.CheckTests', name: 'test_x', status: 'failed', durationMs: 0 },
    ]);
  });

  it('finds nothing in output without test lines', () => {
    expect(parseDjangoVerbose('ImportError: No module named foo\n')).toEqual([]);
  });
});

describe('split', () => {
  it('names setUpClass errors and failed imports by where they happened', () => {
    expect(split('setUpClass (notes.tests.test_x.Foo)')).toEqual({ suite: 'notes.tests.test_x.Foo', name: 'setUpClass' });
    expect(split('unittest.loader._FailedTest.notes.tests.test_broken')).toEqual({ suite: 'notes.tests.test_broken', name: '(import)' });
    expect(split('lonely')).toEqual({ suite: 'django', name: 'lonely' });
  });
});

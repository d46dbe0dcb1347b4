import type { RunReport } from '../../../src/types.js';

/**
 * A recorded failed run of a notes service: one failing flow (with `<&"'`, a `|` and control
 * characters in it), a cached and a not-cached timing check with their latencies, combined coverage
 * with 12 files and three Django tests of which one failed, and one RunError with a hint and a log tail.
 */
export function recordedReport(): RunReport {
  return {
    runId: 'notes-3f9c2a1b',
    status: 'failed',
    exitCode: 1,
    startedAt: '2025-03-14T09:26:53.000Z',
    durationMs: 48_734,
    service: { name: 'notes', dir: '/srv/services/notes' },
    phases: [
      { name: 'discover', status: 'passed', durationMs: 142 },
      { name: 'stack', status: 'passed', durationMs: 21_318 },
      { name: 'inspect', status: 'passed', durationMs: 1_204, detail: '2 API endpoint(s) of 9 URL pattern(s)' },
      { name: 'seed', status: 'passed', durationMs: 3_207 },
      { name: 'flows', status: 'failed', durationMs: 4_116, detail: '1 of 4 flows failed' },
      { name: 'suites', status: 'passed', durationMs: 2_950 },
      { name: 'timing', status: 'failed', durationMs: 6_480, detail: '1 of 2 timing checks failed' },
      { name: 'coverage', status: 'failed', durationMs: 9_871, detail: '1 of 3 Django tests failed' },
      { name: 'teardown', status: 'passed', durationMs: 650 },
    ],
    assumptions: [
      'port 8000 taken from the EXPOSE line of Dockerfile',
      'API root /api/ found in notes_project/urls.py | no other roots',
    ],
    api: {
      urlPatterns: 9,
      exercised: 2,
      endpoints: [
        { route: 'api/^notes/$', view: 'notes.views.NoteViewSet', methods: ['GET', 'POST'], exercised: ['POST', 'GET'] },
        { route: 'api/^notes/(?P<pk>[^/.]+)/$', view: 'notes.views.NoteViewSet', methods: ['GET', 'PUT', 'PATCH', 'DELETE'], exercised: [], skipped: 'no check reaches it yet' },
        { route: 'api/^tags/$', view: 'notes.views.TagViewSet', methods: ['GET', 'POST'], exercised: ['POST'] },
      ],
    },
    seed: {
      seed: 42,
      rows: 98,
      durationMs: 3_207,
      rowsPerSecond: 30.6,
      endpoints: [
        { path: '/api/notes/', created: 50, failed: 0, durationMs: 1_600, errors: [] },
        { path: '/api/tags/', created: 48, failed: 2, durationMs: 1_200, errors: ['400 {"name":["tag with this name already exists."]}'] },
      ],
    },
    flows: [
      { name: 'notes: create', endpoint: '/api/notes/', step: 'create', status: 'passed', durationMs: 84 },
      { name: 'notes: list', endpoint: '/api/notes/', step: 'list', status: 'passed', durationMs: 41 },
      {
        name: 'tags: update',
        endpoint: '/api/tags/',
        step: 'update',
        status: 'failed',
        durationMs: 67,
        error: 'expected status 200, got 400 | field "name" <invalid> & \'quoted\'\u0007\u001b[31m red\u001b[0m',
        exchange: {
          method: 'PUT',
          url: 'http://notes:8000/api/tags/7/',
          requestBody: { name: 'a<b & "c"' },
          status: 400,
          responseBody: { name: ['Ensure this field has no more than 20 characters.'] },
        },
      },
      { name: 'tags: delete', endpoint: '/api/tags/', step: 'delete', status: 'skipped', durationMs: 0, error: 'update failed' },
    ],
    suites: [
      { suite: 'suites/notes.test.ts', name: 'pagination returns 20 notes', status: 'passed', durationMs: 312 },
      { suite: 'suites/notes.test.ts', name: 'search by tag', status: 'skipped', durationMs: 0 },
    ],
    timing: [
      {
        path: '/api/notes/',
        coldMs: 48.2,
        warmMs: 9.3,
        coldP90Ms: 61.0,
        warmP90Ms: 12.4,
        speedup: 5.18,
        speedupLow: 3.92,
        speedupHigh: 6.81,
        minSpeedup: 3,
        samples: 30,
        verdict: 'cached',
        status: 'passed',
        evidence: { redisKeys: 3, keyPattern: ':1:views.decorators.cache.*', identical: true, fresh: true, cacheHeaders: ['Cache-Control: max-age=60'] },
        latencies: {
          coldMs: [88.7, 61.0, 44.0, 48.2, 41.8, 47.5, 56.4, 49.9, 48.2, 45.3, 51.3, 53.0, 46.1],
          warmMs: [9.3, 7.9, 8.8, 9.1, 8.4, 9.3, 11.8, 10.9, 14.0, 9.6, 12.4, 9.0, 10.2],
        },
      },
      {
        path: '/api/tags/',
        coldMs: 22.1,
        warmMs: 21.4,
        coldP90Ms: 30.2,
        warmP90Ms: 29.8,
        speedup: 1.03,
        speedupLow: 0.94,
        speedupHigh: 1.12,
        minSpeedup: 2,
        samples: 30,
        verdict: 'not-cached',
        status: 'failed',
        evidence: { redisKeys: 0, identical: true },
        detail: 'no Redis key appeared after the cold request: the view is not wrapped in cache_page',
        latencies: {
          coldMs: [22.1, 28.7, 22.1, 21.6, 31.0, 24.8, 19.9, 30.2, 21.0, 20.4, 19.2, 23.5, 26.0],
          warmMs: [29.8, 21.4, 21.1, 19.5, 21.4, 18.8, 25.2, 20.7, 23.9, 27.6, 20.2, 22.3, 30.5],
        },
      },
    ],
    coverage: {
      lineRate: 0.8125,
      linesCovered: 390,
      linesValid: 480,
      source: 'combined',
      parts: { unit: 0.72, e2e: 0.55, combined: 0.8125 },
      minCoverage: 80,
      files: [
        file('notes/models.py', 40, 40),
        file('notes/views.py', 88, 100),
        file('notes/serializers.py', 30, 36),
        file('notes/admin.py', 10, 20),
        file('notes/urls.py', 8, 8),
        file('notes/apps.py', 4, 4),
        file('notes/signals.py', 6, 15),
        file('notes/permissions.py', 12, 18),
        file('notes/filters.py', 20, 25),
        file('notes/management/commands/create_test_data.py', 0, 30),
        file('notes/tasks.py', 48, 60),
        file('notes_project/settings.py', 124, 124),
      ],
      tests: [
        { suite: 'notes.tests.test_models.NoteModelTests', name: 'test_str', status: 'passed', durationMs: 3 },
        { suite: 'notes.tests.test_views.NoteApiTests', name: 'test_list', status: 'passed', durationMs: 57 },
        {
          suite: 'notes.tests.test_views.NoteApiTests',
          name: 'test_update_tag',
          status: 'failed',
          durationMs: 41,
          failure: [
            'Traceback (most recent call last):',
            '  File "/app/notes/tests/test_views.py", line 88, in test_update_tag',
            '    self.assertEqual(response.status_code, 200)',
            'AssertionError: 400 != 200',
          ].join('\n'),
        },
      ],
    },
    errors: [
      {
        exitCode: 1,
        code: 'ENID_DJANGO_TESTS',
        phase: 'coverage',
        message: 'manage.py test exited with status 1 (1 of 3 tests failed)',
        hint: 'run `python manage.py test notes.tests.test_views` in the service directory to reproduce',
        logTail: [
          'FAIL: test_update_tag (notes.tests.test_views.NoteApiTests)',
          'AssertionError: 400 != 200',
          '\u001b[31mRan 3 tests in 0.101s\u001b[0m',
          'FAILED (failures=1) <see above> & ```',
        ],
      },
    ],
  };
}

function file(path: string, linesCovered: number, linesValid: number) {
  return { path, lineRate: linesCovered / linesValid, linesCovered, linesValid };
}

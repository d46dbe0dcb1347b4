import { describe, expect, it } from 'vitest';
import { checksConsoleLines, checksJunitCases, checksMarkdown } from '../../../src/checks/render.js';
import type { ChecksReport } from '../../../src/checks/types.js';
import { renderJunit } from '../../../src/report/junit-reporter.js';
import { renderMarkdown } from '../../../src/report/markdown-render.js';
import type { RunReport } from '../../../src/types.js';

const finding = {
  check: 'notAServerError' as const, endpoint: '/api/quotes/split/', method: 'POST', level: 'fail' as const,
  message: 'POST /api/quotes/split/ with parts: 0 answered 500 (decimal.DivisionByZero)',
  reproduction: {
    curl: `curl -sS -X POST 'http://localhost:1/api/quotes/split/' -H 'Host: localhost:1' -H "Authorization: Token $TOKEN" --data-raw '{"parts":0}'`,
    request: { method: 'POST', url: '/api/quotes/split/', body: { parts: 0 } },
    response: { status: 500, body: '<h1>Server Error (500)</h1>' },
    traceback: ['Traceback (most recent call last):', '  File "/app/shop/views.py", line 44, in post', 'decimal.DivisionByZero: [<class \'decimal.DivisionByZero\'>]'],
  },
};
const report: ChecksReport = {
  findings: [finding, { ...finding, check: 'cacheStaleness', level: 'warn', message: 'stale after PATCH' }],
  checks: [
    { name: 'notAServerError', question: 'never a 5xx', setting: 'fail', judged: 40, findings: 1, skipped: [] },
    { name: 'cacheStaleness', question: 'invalidation', setting: 'fail', judged: 1, findings: 1, skipped: [] },
    { name: 'crossUserAccess', question: 'two users', setting: 'fail', judged: 0, findings: 0, skipped: ['no second user'] },
    { name: 'staffOnly', question: 'staff', setting: 'off', judged: 0, findings: 0, skipped: [] },
    { name: 'updatePersists', question: 'writes stick', setting: 'fail', judged: 3, findings: 0, skipped: [] },
  ],
  endpoints: [{ endpoint: '/api/quotes/split/', method: 'POST', statuses: { 200: 1, 400: 12, 500: 1 } }],
  caches: [{ path: '/api/stats/', ttlSeconds: 60, staleAfter: ['POST /api/notes/'], freshAfter: [] }],
  requests: 14, maxRequestsPerEndpoint: 60, durationMs: 1234, notes: ['no second user: every endpoint answers anonymous clients'],
};

describe('checks in the reports', () => {
  it('JUnit: one case per check, failing with every reproduction, warnings shown but passing, off and unjudged skipped', () => {
    const cases = Object.fromEntries(checksJunitCases(report).map((c) => [c.name, c]));
    expect(cases.notAServerError!.failure!.body).toContain('DivisionByZero');
    expect(cases.notAServerError!.failure!.body).toContain('curl -sS -X POST');
    expect(cases.cacheStaleness!.failure).toBeUndefined();
    expect(cases.cacheStaleness!.systemOut).toContain('stale after PATCH');
    expect(cases.crossUserAccess!.skipped).toBe('no second user');
    expect(cases.staffOnly!.skipped).toMatch(/turned off/);
    expect(cases.updatePersists!.failure ?? cases.updatePersists!.skipped).toBeUndefined();
    const xml = renderJunit({ ...base(), checks: report });
    expect(xml).toMatch(/<testsuite name="checks" tests="5" failures="1" errors="0" skipped="2"/);
  });

  it('Markdown: the checks table, each finding with its curl line and traceback, the statuses per endpoint', () => {
    const md = checksMarkdown(report);
    expect(md).toContain('| `notAServerError` |');
    expect(md).toMatch(/```sh\ncurl -sS -X POST/);
    expect(md).toMatch(/```python\nTraceback/);
    expect(md).toContain('| `/api/quotes/split/` | POST | 200×1 400×12 500×1 |');
    expect(md).toContain('cache `/api/stats/` (TTL 60 s): stale after POST /api/notes/');
    expect(renderMarkdown({ ...base(), checks: report })).toContain('### Checks');
  });

  it('console: a line and the curl line per finding, the traceback\'s last line, then a summary', () => {
    const lines = checksConsoleLines(report);
    expect(lines[0]).toMatch(/^✗ notAServerError POST \/api\/quotes\/split\/:/);
    expect(lines[1]).toMatch(/^ {4}curl /);
    expect(lines[2]).toMatch(/DivisionByZero/);
    expect(lines.at(-1)).toBe('checks: 14 request(s), 3 of 5 checks judged something, 2 finding(s)');
  });
});

function base(): RunReport {
  return {
    status: 'failed', exitCode: 1, startedAt: '2026-01-01T00:00:00Z', durationMs: 1, service: { name: 's', dir: '/s' },
    phases: [], assumptions: [], flows: [], suites: [], timing: [], errors: [],
  };
}

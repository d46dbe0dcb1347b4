import type { PrReport } from '../../../src/pr/types.js';
import type { ChecksReport, RunReport } from '../../../src/types.js';
import { FAILING_PR } from '../pr/sample-pr.js';
import { sampleReport } from '../database/sample-report.js';
import { recordedReport } from './recorded-report.js';

const TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "/app/notes/views.py", line 41, in list',
  '    per_page = int(request.query_params.get("per_page"))',
  "ValueError: invalid literal for int() with base 10: '<script>'",
];

/**
 * The recorded run with every optional part a report can have: endpoint states (one reached, one
 * derived from an older report), what inspect learnt, the database phase of fixtures/db-hygiene, a
 * checks phase with three findings, its tallies and status-code table (src/checks/types.ts), and a PR
 * part (the shape agreed with the branch that produces it).
 */
export function fullReport(): RunReport {
  const report = recordedReport();
  const [list, detail] = report.api!.endpoints;
  Object.assign(list!, { state: 'verified' });
  Object.assign(detail!, { state: 'reached', reason: 'PATCH reached it, but no payload the serializer accepts could be built (400 naming "title")', reached: ['PATCH'] });
  delete detail!.skipped;
  report.api!.endpoints.push({ route: 'api/^audit/$', view: 'notes.views.AuditView', methods: ['GET'], exercised: [], skipped: 'flows.skip in enid.config.json' });
  report.inspect = {
    routes: 9,
    apiRoutes: [
      { route: 'api/^notes/$', path: '/api/notes/', view: 'notes.views.NoteViewSet', methods: ['GET', 'POST'], kind: 'collection' },
      { route: 'api/^notes/(?P<pk>[^/.]+)/$', path: null, view: 'notes.views.NoteViewSet', methods: ['GET', 'PUT', 'PATCH', 'DELETE'], kind: 'detail' },
      { route: 'api/^tags/$', path: '/api/tags/', view: 'notes.views.TagViewSet', methods: ['GET', 'POST'], kind: 'collection' },
    ],
    endpoints: [],
    protected: [],
    hostHeader: 'notes.internal',
    proxyHeaders: { 'X-Forwarded-Proto': 'https' },
    signedInAs: 'superuser enid-admin (HTTP Basic)',
    anonymousRefused: [{ method: 'POST', path: '/api/notes/', status: 403, refused: true }],
    django: '4.2.16',
    drf: '3.15.2',
    notes: ['schema of /api/tags/ from the serializer (TagSerializer)', 'ALLOWED_HOSTS has no "*": Host header notes.internal'],
  };
  report.database = sampleReport();
  report.phases.splice(6, 0, { name: 'database', status: 'failed', durationMs: 24_310, detail: '2 N+1' });
  Object.assign(report, { checks: checks() });
  report.pr = pr();
  return report;
}

function checks(): ChecksReport {
  return {
    findings: [
      {
        check: 'notAServerError',
        endpoint: '/api/notes/',
        method: 'GET',
        level: 'fail',
        message: 'GET /api/notes/?per_page=<script> answered 500',
        reproduction: {
          curl: "curl -sS -i -H 'Host: notes.internal' -H 'Authorization: $TOKEN' 'http://127.0.0.1:49154/api/notes/?per_page=<script>'",
          request: { method: 'GET', url: 'http://127.0.0.1:49154/api/notes/?per_page=<script>', headers: { Host: 'notes.internal', Authorization: '$TOKEN' } },
          response: { status: 500, body: '<h1>Server Error (500)</h1>' },
          traceback: TRACEBACK,
          statements: ['SELECT COUNT(*) AS "__count" FROM "notes_note"'],
        },
      },
      {
        check: 'crossUserAccess',
        endpoint: '/api/notes/{id}/',
        method: 'PATCH',
        level: 'fail',
        message: "user B changed user A's note 7, which B's list does not show",
        reproduction: {
          curl: "curl -sS -i -X PATCH -H 'Host: notes.internal' -H 'Authorization: $TOKEN_B' -H 'Content-Type: application/json' --data-raw '{\"title\":\"changed by B\"}' http://127.0.0.1:49154/api/notes/7/",
          request: { method: 'PATCH', url: 'http://127.0.0.1:49154/api/notes/7/', body: { title: 'changed by B' } },
          response: { status: 200, body: { id: 7, title: 'changed by B', owner: 1 } },
        },
      },
      {
        check: 'cacheStaleness',
        endpoint: '/api/stats/',
        method: 'GET',
        level: 'warn',
        message: 'GET /api/stats/ stayed stale for 60 s after POST /api/notes/ (cache_page TTL 60 s)',
        reproduction: {
          curl: "curl -sS -i -H 'Host: notes.internal' http://127.0.0.1:49154/api/stats/",
          request: { method: 'GET', url: 'http://127.0.0.1:49154/api/stats/' },
          response: { status: 200, body: { notes: 50 } },
        },
      },
    ],
    checks: [
      { name: 'notAServerError', question: 'Does any input make the service answer 5xx?', setting: 'fail', judged: 41, findings: 1, skipped: [] },
      { name: 'crossUserAccess', question: 'Can a second user read or change the first one\'s rows?', setting: 'fail', judged: 2, findings: 1, skipped: [] },
      { name: 'cacheStaleness', question: 'Does a cached response outlive the write that changed it?', setting: 'warn', judged: 1, findings: 1, skipped: ['/api/tags/: no evidence of a cache'] },
    ],
    endpoints: [
      { endpoint: '/api/notes/', method: 'GET', statuses: { '200': 41, '400': 12, '500': 1 } },
      { endpoint: '/api/notes/{id}/', method: 'PATCH', statuses: { '200': 9, '400': 22, '404': 3 } },
      { endpoint: '/api/stats/', method: 'GET', statuses: { '200': 6 } },
    ],
    caches: [{ path: '/api/stats/', ttlSeconds: 60, staleAfter: ['POST /api/notes/'], freshAfter: [] }],
    requests: 94,
    maxRequestsPerEndpoint: 60,
    durationMs: 12_400,
    notes: ['no second user for /api/audit/: it needs credentials the run lacks'],
  };
}

/** The failing PR report of the unit tests (the `combined` fixture case), one latency row keeping its samples. */
function pr(): PrReport {
  const pr = structuredClone(FAILING_PR);
  pr.latency[0]!.samplesMs = {
    base: [6.1, 6.2, 6.4, 5.9, 6.3, 7.0, 6.0, 6.2, 6.5, 6.1],
    head: [18.9, 19.2, 19.8, 18.5, 19.6, 21.0, 19.1, 19.4, 18.7, 20.2],
    baseAgain: [6.0, 6.3, 6.2, 6.1, 6.6, 6.4, 5.8, 6.2, 6.3, 6.9],
  };
  pr.timings = { waitedForBaseMs: 4_100, abMs: 9_800, migrationsMs: 6_300 };
  return pr;
}

/** Text a hostile service could put in a report, in every place report.html shows service data. */
export const HOSTILE = `</script><img src=x onerror="window.pwned=1"><script>window.pwned=1</script>`;

/** The full report with hostile text in names, paths, bodies, messages, tracebacks and keys. */
export function hostileReport(): RunReport {
  const report = fullReport();
  report.service = { name: `notes${HOSTILE}`, dir: `/srv/${HOSTILE}` };
  report.flows[2]!.exchange!.responseBody = HOSTILE;
  report.flows[2]!.exchange!.url = `http://notes/api/tags/7/?q="><svg onload=alert(1)>`;
  report.flows[2]!.error = HOSTILE;
  report.api!.endpoints[0]!.route = `api/${HOSTILE}`;
  report.errors[0]!.message = HOSTILE;
  report.errors[0]!.logTail = [HOSTILE];
  report.coverage!.files[0]!.path = HOSTILE;
  report.assumptions.push(HOSTILE);
  report.database!.nPlusOne[0]!.statement = HOSTILE;
  const extra = report as unknown as { checks: { findings: Array<{ message: string; reproduction: { curl: string; traceback: string[] } }>; [k: string]: unknown } };
  extra.checks.findings[0]!.message = HOSTILE;
  extra.checks.findings[0]!.reproduction.curl = `curl '${HOSTILE}'`;
  extra.checks.findings[0]!.reproduction.traceback = [HOSTILE];
  extra.checks[HOSTILE] = { [HOSTILE]: HOSTILE };
  report.pr!.contract[0]!.detail = HOSTILE;
  report.pr!.notes.push(HOSTILE);
  return report;
}

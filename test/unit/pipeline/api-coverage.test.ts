import { describe, expect, it } from 'vitest';
import { apiCoverage } from '../../../src/pipeline/api-coverage.js';
import { nothingExercised } from '../../../src/pipeline/verdict.js';
import type { FlowResult, InspectReport, RunReport } from '../../../src/types.js';

// The DRF routes of the notes fixture as Django's resolver reports them (router regexes, format suffixes).
const ROUTES: InspectReport['apiRoutes'] = [
  { route: 'api/stats/', path: '/api/stats/', view: 'notes.views.stats', methods: ['get'] },
  { route: 'api/^notes/$', path: '/api/notes/', view: 'notes.views.NoteViewSet', methods: ['get', 'post'] },
  { route: 'api/^notes\\.(?P<format>[a-z0-9]+)/?$', path: null, view: 'notes.views.NoteViewSet', methods: ['get', 'post'] },
  { route: 'api/^notes/(?P<pk>[^/.]+)/$', path: null, view: 'notes.views.NoteViewSet', methods: ['get', 'put', 'patch', 'delete'] },
  { route: 'api/^private-notes/$', path: '/api/private-notes/', view: 'notes.views.PrivateNoteViewSet', methods: ['get', 'post'] },
];

function report(flows: FlowResult[], extra: Partial<RunReport> = {}): RunReport {
  return {
    status: 'passed', exitCode: 0, startedAt: '', durationMs: 0, service: { name: 'notes', dir: '/x' }, phases: [], assumptions: [],
    inspect: { routes: 14, apiRoutes: ROUTES, endpoints: [], protected: [{ path: '/api/private-notes/', status: 401 }], notes: [] },
    flows, suites: [], timing: [], errors: [], ...extra,
  };
}
const step = (endpoint: string, name: string, status: FlowResult['status'] = 'passed'): FlowResult => ({ name: `${endpoint} ${name}`, endpoint, step: name, status, durationMs: 1 });

describe('apiCoverage', () => {
  it('counts each route once (format suffixes are aliases) and maps flow steps to collection and detail routes', () => {
    const flows = ['create', 'list', 'retrieve', 'update', 'partial update', 'delete', '404 after delete', '400 on title: required field left out'].map((s) => step('/api/notes/', s));
    const api = apiCoverage(report(flows))!;
    expect(api.endpoints.map((e) => e.route)).toEqual(['api/stats/', 'api/^notes/$', 'api/^notes/(?P<pk>[^/.]+)/$', 'api/^private-notes/$']);
    expect(api.endpoints[1]).toMatchObject({ methods: ['GET', 'POST'], exercised: ['POST', 'GET'] });
    expect(api.endpoints[2]).toMatchObject({ methods: ['GET', 'PUT', 'PATCH', 'DELETE'], exercised: ['GET', 'PUT', 'PATCH', 'DELETE'] });
    expect(api.endpoints[3]).toMatchObject({ exercised: [], skipped: 'needs authentication (answered 401)' });
    expect(api.exercised).toBe(2);
    expect(api.urlPatterns).toBe(14);
  });

  it('a step skipped after it reached the endpoint makes it "reached, not verified", never verified', () => {
    const why = 'reached, not verified: the service\'s own validation of "code" refused every value the run tried (8 tries at /api/notes/; its message: "Use AB-123")';
    const flows = [
      { ...step('/api/notes/', 'create', 'skipped'), reached: true, error: why },
      step('/api/notes/', 'retrieve', 'skipped'),
      { ...step('/api/notes/', 'update', 'skipped'), reached: true, error: why },
      step('/api/stats/', 'retrieve'),
    ];
    const api = apiCoverage(report(flows))!;
    expect(api.endpoints[1]).toMatchObject({ exercised: [], reached: ['POST'], state: 'reached', reason: expect.stringContaining('"code" refused every value') });
    expect(api.endpoints[2]).toMatchObject({ exercised: [], reached: ['PUT'], state: 'reached' });
    expect(api.endpoints[0]).toMatchObject({ exercised: ['GET'], state: 'verified' });
    expect(api.endpoints[3]).toMatchObject({ state: 'skipped' });
    expect(api).toMatchObject({ exercised: 1, reached: 2 });
  });

  it('skipped flow steps exercise nothing; seeding and timing samples do', () => {
    const api = apiCoverage(report([step('/api/notes/', 'create', 'skipped')], {
      seed: { seed: 1, rows: 1, durationMs: 1, rowsPerSecond: 1, endpoints: [{ path: '/api/notes/', created: 3, failed: 0, durationMs: 1, errors: [] }] },
      timing: [{ path: '/api/stats/', samples: 14 } as RunReport['timing'][number]],
    }))!;
    expect(api.endpoints.filter((e) => e.exercised.length).map((e) => [e.route, e.exercised])).toEqual([['api/stats/', ['GET']], ['api/^notes/$', ['POST']]]);
  });
});

describe('nothingExercised', () => {
  it('is an exit-1 error naming the cause when nothing was reached', () => {
    const r = report([]);
    const api = apiCoverage(r)!;
    const error = nothingExercised({ ...r, inspect: { ...r.inspect!, notes: ['API root /api/ answered 400'] } }, api, true);
    expect(error).toMatchObject({ exitCode: 1, code: 'ENID_NOTHING_EXERCISED', message: 'exercised 0 of 4 API endpoints: API root /api/ answered 400' });
    const host = nothingExercised(r, api, true, { state: 'ready', problem: 'disallowed-host', note: "Django refused the Host header 'x' (ALLOWED_HOSTS)" });
    expect(host?.message).toBe("exercised 0 of 4 API endpoints: Django refused the Host header 'x' (ALLOWED_HOSTS)");
  });

  it('says so in the coverage, and passes, when the config allows it', () => {
    const api = apiCoverage(report([]))!;
    expect(nothingExercised(report([]), api, false)).toBeUndefined();
    expect(api.optedOut).toMatch(/flows\.requireExercised is false/);
  });

  it('a service with no DRF view at all is "found no API endpoint"', () => {
    const r = report([], { inspect: { routes: 3, apiRoutes: [], endpoints: [], protected: [], notes: [] } });
    expect(nothingExercised(r, apiCoverage(r)!, true)?.message).toBe('found no API endpoint to exercise: Django resolves 3 URL pattern(s), none of them a DRF view');
  });

  it('is nothing to say once one endpoint was exercised', () => {
    const r = report([step('/api/notes/', 'list')]);
    expect(nothingExercised(r, apiCoverage(r)!, true)).toBeUndefined();
  });
});

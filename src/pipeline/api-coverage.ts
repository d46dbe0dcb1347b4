import { stripAnchors } from '../api/route-path.js';
import type { ApiCoverage, ApiEndpointCoverage, RunReport } from '../types.js';

// Which method each generated flow step sends, and whether it goes to the collection or to one row.
const STEP_METHODS: Array<[RegExp, string, 'collection' | 'detail']> = [
  [/^create$/, 'POST', 'collection'],
  [/^list$/, 'GET', 'collection'],
  [/^400 on /, 'POST', 'collection'],
  [/^retrieve$/, 'GET', 'detail'],
  [/^update$/, 'PUT', 'detail'],
  [/^partial update$/, 'PATCH', 'detail'],
  [/^delete$/, 'DELETE', 'detail'],
  [/^404 after delete$/, 'GET', 'detail'],
];

// `notes.json` and friends: the same view as its route without the suffix, not an endpoint of its own.
const FORMAT_SUFFIX = /\(\?P<format>|<format>|<drf_format_suffix/;

/**
 * What the run reached of the API it found: every DRF view of the URLconf (else every endpoint the API
 * roots listed) with the methods that seeding, flows and timing sent to it. Pure: reads the report.
 */
export function apiCoverage(report: RunReport): ApiCoverage | undefined {
  const inspect = report.inspect;
  if (!inspect) return undefined;
  const endpoints: ApiEndpointCoverage[] = inspect.apiRoutes.length
    ? inspect.apiRoutes.filter((r) => !FORMAT_SUFFIX.test(r.route)).map((r) => ({ route: r.route, view: r.view, methods: r.methods.map((m) => m.toUpperCase()), exercised: [] }))
    : inspect.endpoints.map((e) => ({ route: e.path.replace(/^\//, ''), view: '', methods: e.canCreate ? ['GET', 'POST'] : ['GET'], exercised: [] }));
  const touch = (path: string, kind: 'collection' | 'detail', method: string): void => {
    const target = endpointFor(endpoints, path, kind);
    if (target && !target.exercised.includes(method)) target.exercised.push(method);
  };
  for (const e of report.seed?.endpoints ?? []) if (e.created + e.failed > 0) touch(e.path, 'collection', 'POST');
  const reachedWhy = new Map<ApiEndpointCoverage, string>();
  for (const f of report.flows) {
    const rule = STEP_METHODS.find(([pattern]) => pattern.test(f.step));
    if (!rule) continue;
    if (f.status !== 'skipped') touch(f.endpoint, rule[2], rule[1]);
    else if (f.reached) {
      const target = endpointFor(endpoints, f.endpoint, rule[2]);
      if (!target) continue;
      target.reached ??= [];
      if (!target.reached.includes(rule[1])) target.reached.push(rule[1]);
      if (!reachedWhy.has(target) && f.error) reachedWhy.set(target, f.error.replace(/^reached, not verified: /, ''));
    }
  }
  for (const e of report.seed?.endpoints ?? []) {
    const target = e.skipped?.startsWith('reached, not verified') ? endpointFor(endpoints, e.path, 'collection') : undefined;
    if (!target) continue;
    target.reached ??= [];
    if (!target.reached.includes('POST')) target.reached.push('POST');
    if (!reachedWhy.has(target)) reachedWhy.set(target, e.skipped!.replace(/^reached, not verified: /, ''));
  }
  for (const t of report.timing) if (t.samples > 0) touch(t.path, 'collection', 'GET');
  const guarded = new Map(inspect.protected.map((p) => [p.path.replace(/^\//, ''), p.status]));
  for (const e of endpoints) {
    if (e.reached) e.reached = e.reached.filter((m) => !e.exercised.includes(m));
    if (!e.reached?.length) delete e.reached;
    if (e.exercised.length) {
      e.state = 'verified';
      if (e.reached) e.reason = `${e.reached.join(' ')} reached, not verified: ${reachedWhy.get(e)}`;
      continue;
    }
    if (e.reached) {
      e.state = 'reached';
      e.reason = reachedWhy.get(e) ?? 'reached, not verified';
      continue;
    }
    const status = guarded.get(stripAnchors(e.route));
    e.state = 'skipped';
    e.skipped = e.reason = status ? `needs authentication (answered ${status})` : 'no check reaches it yet';
  }
  const reached = endpoints.filter((e) => e.state === 'reached').length;
  return { urlPatterns: inspect.routes, endpoints, exercised: endpoints.filter((e) => e.exercised.length).length, ...(reached ? { reached } : {}) };
}

/** The endpoint a request path belongs to: the route itself, or for one row the detail route under it. */
function endpointFor(endpoints: ApiEndpointCoverage[], path: string, kind: 'collection' | 'detail'): ApiEndpointCoverage | undefined {
  const route = path.replace(/^\//, '');
  const same = endpoints.find((e) => stripAnchors(e.route) === route);
  if (kind === 'collection') return same;
  // "api/notes/" + a parameter segment: "api/notes/<pk>/" or a router's "api/^notes/(?P<pk>[^/.]+)/$".
  return endpoints.find((e) => stripAnchors(e.route).startsWith(route) && /^[<(]/.test(stripAnchors(e.route).slice(route.length))) ?? same;
}


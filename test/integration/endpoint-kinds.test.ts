import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/types.js';
import { fixture, readReport, runCli, tempDir, type CliResult } from './helpers.js';

/**
 * One run of each drift fixture (two at a time, as `enid-test run a b c d --parallel 2` runs them): every
 * kind of endpoint gets its flow — generic views, `@api_view` functions, an APIView, an `@action`, a
 * `/me/` singleton, create-only sign-up, cursor / limit-offset / no pagination, a UUID lookup, nested
 * writes — and no sign-in, schema or admin view is ever seeded or driven. Seed 2: these fixtures run with
 * seed 3 in django42.test.ts (same input, same verdict, whatever the seed).
 */
const FIXTURES = {
  'drift-subfolder': {
    seeded: ['/api/warehouses/', '/api/items/'],
    // Everything is AllowAny: the run stays anonymous.
    signedInAs: null,
  },
  'drift-pytest': {
    seeded: ['/api/users/', '/api/expenses/'],
    // TokenAuthentication + IsAuthenticated everywhere but the sign-up: a DRF authtoken of a user it created.
    signedInAs: /^user \S+ \(DRF authtoken, Authorization: Token …\)$/,
  },
  'drift-nomigrate': {
    seeded: ['/api/instructors/', '/api/tags/', '/api/courses/'],
    // IsAuthenticatedOrReadOnly over Session + Basic authentication: writes go as HTTP Basic.
    signedInAs: /^user \S+ \(HTTP Basic\)$/,
  },
  'auth-jwt': {
    seeded: ['/api/products/', '/api/orders/'],
    // JWTAuthentication + IsAuthenticated everywhere, IsAdminUser on the sales report: a superuser's simplejwt access token.
    signedInAs: /^superuser \S+ \(simplejwt access token\)$/,
  },
} as const;
type Name = keyof typeof FIXTURES;

// Views that are never resources, by route: sign-in (token, JWT, session), the router root, the admin.
const NOT_RESOURCES = /^\/?(api\/auth\/token\/|api\/token\/|api\/token\/refresh\/|api-auth\/|admin\/|api\/\^?\$?$)/;

const reports = new Map<Name, RunReport>();
let cli: CliResult;

beforeAll(async () => {
  const dir = tempDir('endpoint-kinds');
  cli = await runCli(['run', ...Object.keys(FIXTURES).map(fixture), '--reports', dir, '--rows', '2', '--seed', '2', '--no-timing', '--no-coverage', '--no-database', '--parallel', '2'], { timeoutMs: 280_000 });
  for (const name of Object.keys(FIXTURES) as Name[]) reports.set(name, readReport(path.join(dir, name)));
}, 300_000);

const steps = (r: RunReport, endpoint: string): string[] => r.flows.filter((f) => f.endpoint === endpoint && f.status === 'passed').map((f) => f.step);

describe.each(Object.keys(FIXTURES) as Name[])('endpoint kinds: %s', (name) => {
  const expected = FIXTURES[name];

  it('every flow step passes, or is skipped only for credentials the run lacks', () => {
    const r = reports.get(name)!;
    expect(r.flows.filter((f) => f.status === 'failed').map((f) => `${f.name}: ${f.error}`), cli.stdout).toEqual([]);
    for (const f of r.flows.filter((x) => x.status === 'skipped')) expect(f.error, f.name).toMatch(/needs authentication|may not do this/);
    expect(r.phases.find((p) => p.name === 'flows')?.status).toBe('passed');
  });

  it('signs in with the scheme the API asks for, by itself, or stays anonymous where nothing needs a user', () => {
    const r = reports.get(name)!;
    if (expected.signedInAs) expect(r.inspect?.signedInAs, cli.stdout).toMatch(expected.signedInAs);
    else expect(r.inspect?.signedInAs).toBeUndefined();
  });

  it('exercises every API endpoint the probe classified as a resource', () => {
    const r = reports.get(name)!;
    const unexercised = r.api!.endpoints.filter((e) => !e.exercised.length).map((e) => `${e.route}: ${e.skipped}`);
    expect(unexercised).toEqual([]);
    expect(r.api!.endpoints.length).toBeGreaterThan(0);
  });

  it('the checks phase finds nothing in a clean service (no false red)', () => {
    const r = reports.get(name)!;
    expect(r.checks?.findings.map((f) => `${f.check} ${f.method} ${f.endpoint}: ${f.message}`), cli.stdout).toEqual([]);
    expect(r.phases.find((p) => p.name === 'checks')?.status).toBe('passed');
  });

  it('seeds the collections that take POST, and never a sign-in, schema, docs or admin view', () => {
    const r = reports.get(name)!;
    expect(r.seed!.endpoints.map((e) => e.path)).toEqual([...expected.seeded]);
    expect(r.seed!.endpoints.filter((e) => !e.skipped).every((e) => e.failed === 0 && e.created === 2)).toBe(true);
    expect(r.flows.filter((f) => NOT_RESOURCES.test(f.endpoint)).map((f) => f.name)).toEqual([]);
  });
});

describe('endpoint kinds: what each flow did', () => {
  it('drift-subfolder: generic list/detail pairs get full CRUD, the @api_view functions one call each', () => {
    const r = reports.get('drift-subfolder')!;
    // Its .env is never committed: the run read .env.example, as a developer would, and said so.
    expect(r.assumptions).toContain('env_file .env is missing (not committed?): read .env.example instead, as `cp .env.example .env` would');
    for (const collection of ['/api/warehouses/', '/api/items/']) {
      expect(steps(r, collection)).toEqual(expect.arrayContaining(['create', 'list', 'retrieve', 'update', 'partial update', 'delete', '404 after delete']));
    }
    // A function view that validates with a serializer its code calls with data=: a valid body must be
    // accepted (delta and reason, learnt from its 400s when the stock is too low) and each invalid one refused.
    const adjust = steps(r, '/api/items/<int:pk>/adjust/');
    expect(adjust[0]).toBe('create');
    expect(adjust).toEqual(expect.arrayContaining(['400 on delta: required field left out', '400 on reason: value not among the choices']));
    expect(steps(r, '/api/summary/')).toEqual(['retrieve']);
  });

  it('drift-pytest: sign-up is create-only with a write-only password; /me/ is read and updated, never deleted', () => {
    const r = reports.get('drift-pytest')!;
    expect(steps(r, '/api/users/').filter((s) => !s.startsWith('400 on '))).toEqual(['create']);
    expect(steps(r, '/api/users/')).toContain('400 on password: blank, allow_blank false');
    // Behind IsAuthenticated, reached with the token: anonymous, the same requests were refused.
    expect(r.inspect?.anonymousRefused).toEqual(expect.arrayContaining([{ method: 'GET', path: '/api/expenses/', status: 401, refused: true }]));
    expect(steps(r, '/api/expenses/')).toEqual(expect.arrayContaining(['create', 'list', 'retrieve', 'update', 'delete']));
    expect(steps(r, '/api/users/me/')).toEqual(['retrieve', 'update', 'partial update']);
    expect(steps(r, '/api/expenses/totals/')).toEqual(['retrieve']);
  });

  it('drift-nomigrate: cursor and limit-offset lists, rows reached by their UUID', () => {
    const r = reports.get('drift-nomigrate')!;
    // SECURE_SSL_REDIRECT behind a proxy: every request carries what the proxy would add, or it is a 301.
    expect(r.inspect?.proxyHeaders).toEqual({ 'x-forwarded-proto': 'https', referer: `https://${r.inspect?.hostHeader}/` });
    expect(r.inspect?.notes.join('\n')).toMatch(/x-forwarded-proto: https.*SECURE_SSL_REDIRECT is on/);
    for (const collection of ['/api/instructors/', '/api/tags/', '/api/courses/']) expect(steps(r, collection)).toContain('list');
    expect(steps(r, '/api/stats/')).toEqual(['retrieve']);
    expect(steps(r, '/api/metrics/')).toEqual(['retrieve']);
    // Writes need a user: signed in as HTTP Basic, they went through.
    expect(steps(r, '/api/courses/')).toEqual(expect.arrayContaining(['create', 'retrieve', 'update', 'delete', '404 after delete']));
  });

  it('auth-jwt: orders are written with nested lines pointing at seeded products', () => {
    const r = reports.get('auth-jwt')!;
    // Every request behind IsAuthenticated went with the access token; anonymous, they were refused.
    expect(r.inspect?.anonymousRefused).toEqual(expect.arrayContaining([{ method: 'GET', path: '/api/orders/', status: 401, refused: true }]));
    expect(steps(r, '/api/orders/')).toEqual(expect.arrayContaining(['create', 'list', 'retrieve', 'update', 'partial update', 'delete']));
    expect(steps(r, '/api/reports/sales/')).toEqual(['retrieve']);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../src/http/client.js';
import { discoverApi } from '../../src/api/endpoints.js';
import { findSchemaRoutes, parseOpenApi } from '../../src/api/openapi.js';
import { seedApi } from '../../src/seed/run-seed.js';
import type { StartedStack } from '../../src/stack/start-stack.js';
import { runPipeline } from '../../src/pipeline/pipeline.js';
import { createReporters } from '../../src/report/index.js';
import type { EnidConfig } from '../../src/config.js';
import type { RunReport } from '../../src/types.js';
import { fixture, readReport, runCli, tempDir, stackClient } from './helpers.js';

async function count(stack: StartedStack, table: string): Promise<number> {
  const { settings } = stack.spec.backing.postgres!;
  const res = await stack.backing.postgres!.container.exec(['psql', '-U', String(settings.user), '-d', String(settings.database), '-tAc', `SELECT count(*) FROM ${table}`]);
  expect(res.exitCode, res.output).toBe(0);
  return Number(res.output.trim());
}

// One pipeline run per fixture (rows 12, seeds 2 and 3: every other run of these fixtures has the default,
// 1), its stack kept: the generated flows are read from its reports, then seeding is driven directly on the
// same stack. Each boot costs the suite ~20 s of its two cores. notes-redis runs with a superuser in its
// config (given in code: the fixture and its cached image stay as they are); a user the run creates for
// itself under HTTP Basic is endpoint-kinds.test.ts's (drift-nomigrate).
const SUPERUSER: EnidConfig = { flows: { superuser: { username: 'enid-admin' } } };
describe.each([
  ['library-pg', 3, { '/api/authors/': 'catalog_author', '/api/books/': 'catalog_book' }, undefined],
  ['notes-redis', 2, { '/api/notes/': 'notes_note' }, SUPERUSER],
] as const)('%s with seed %i: generated flows, then seeding through its API', (name, seed, tables, config) => {
  let stack: StartedStack;
  let http: HttpClient;
  let report: RunReport;
  let out = '';
  const reports = tempDir(`flows-${name}`);
  beforeAll(async () => {
    const sink = new PassThrough();
    sink.on('data', (d: Buffer) => { out += d.toString(); });
    const run = await runPipeline({
      serviceDir: fixture(name), reportsDir: reports, rows: 12, seed, coverage: false, timing: false, database: false, suites: false, config,
      keepStack: 'always', runLabel: 'it-seed-flows', reporter: createReporters({ reportsDir: reports, json: false, stdout: sink }),
    });
    report = run.report;
    stack = run.stack!;
    expect(stack, JSON.stringify(report.errors)).toBeDefined();
    http = await stackClient(stack);
  }, 300_000);
  afterAll(async () => {
    await http?.close();
    await stack?.stop();
  });

  it('every auto flow passes, and the results reach report.json and junit.xml', () => {
    expect(report.flows.filter((f) => f.status !== 'passed'), out).toEqual([]);
    // A clean service: the checks phase ran and found nothing (no false red).
    expect(report.checks?.findings.map((f) => `${f.check} ${f.method} ${f.endpoint}: ${f.message}`), out).toEqual([]);
    expect(report.checks!.requests).toBeGreaterThan(20);
    if (name === 'notes-redis') {
      // Its one collection behind HTTP Basic: the run signs in as the configured superuser, seeds the
      // collection and runs its flow as that user.
      expect(report.inspect?.signedInAs).toMatch(/^superuser enid-admin \(HTTP Basic\)$/);
      // Through the API as that user (a few rows; COPY takes the rest of --rows).
      const privateNotes = report.seed?.endpoints.find((e) => e.path === '/api/private-notes/');
      expect(privateNotes).toMatchObject({ failed: 0 });
      expect(privateNotes!.created).toBeGreaterThanOrEqual(3);
      expect(report.flows.filter((f) => f.endpoint === '/api/private-notes/').length).toBeGreaterThan(7);
      expect(report.inspect?.anonymousRefused?.every((r) => r.refused)).toBe(true);
    } else {
      expect(report.inspect?.signedInAs).toBeUndefined();
    }
    expect(report.exitCode, out).toBe(0);
    const steps = new Set(report.flows.map((f) => f.step));
    for (const s of ['create', 'list', 'retrieve', 'update', 'partial update', 'delete', '404 after delete']) expect(steps).toContain(s);
    expect([...steps].some((s) => s.startsWith('400 on '))).toBe(true);
    expect(report.seed?.rows).toBeGreaterThanOrEqual(12);
    expect(readReport(reports).status).toBe('passed');
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(path.join(reports, 'junit.xml'), 'utf8'));
    const suites = [junit.testsuites.testsuite].flat() as Array<{ name: string; tests: string }>;
    expect(Number(suites.find((s) => s.name.endsWith('flows'))?.tests)).toBe(report.flows.length);
    expect(Number(suites.find((s) => s.name.endsWith('seed'))?.tests)).toBe(report.seed?.endpoints.length);
  });

  it('creates the seeded rows in the run\'s PostgreSQL, parents before children', async () => {
    const { api } = await discoverApi(http, stack.service, stack.spec.apiRoots);
    expect(api.schemas.map((s) => s.path).sort()).toEqual(Object.keys(tables).sort());
    const before = Object.fromEntries(await Promise.all(Object.values(tables).map(async (t) => [t, await count(stack, t)] as const)));
    const { report: seeded, created } = await seedApi(http, api, { seed: 7, rows: 25, concurrency: 4 });
    expect(seeded.endpoints.map((e) => [e.path, e.created, e.failed])).toEqual(
      expect.arrayContaining(Object.keys(tables).map((p) => [p, 25, 0])),
    );
    for (const [endpoint, table] of Object.entries(tables)) {
      expect(await count(stack, table)).toBe(before[table]! + 25);
      expect(created[endpoint]).toHaveLength(25);
    }
    if (name === 'library-pg') {
      // Every book seeded here points at an author (ids as created, the run's rows left aside).
      const books = created['/api/books/']!.map(Number);
      const { settings } = stack.spec.backing.postgres!;
      const res = await stack.backing.postgres!.container.exec(['psql', '-U', String(settings.user), '-d', String(settings.database), '-tAc',
        `SELECT count(*) FROM catalog_book b JOIN catalog_author a ON a.id = b.author_id WHERE b.id IN (${books.join(',')})`]);
      expect(Number(res.output.trim())).toBe(25);
    }
  });

  it.runIf(name === 'library-pg')('finds the published OpenAPI schema, and seeding from it alone creates rows too', async () => {
    const { api, notes } = await discoverApi(http, stack.service, stack.spec.apiRoots);
    expect(findSchemaRoutes(api.routes)).toEqual(['/api/schema/']);
    expect(notes).toEqual(expect.arrayContaining([
      'OpenAPI schema read from /api/schema/: 2 collection(s)', 'schema of /api/authors/ from OPTIONS', 'schema of /api/books/ from OPTIONS',
    ]));
    expect(api.schemas.map((s) => s.path).sort()).toEqual(Object.keys(tables).sort());
    // The schema-derived endpoints on their own, as a service without OPTIONS metadata would be seeded.
    const doc = await http.get('/api/schema/', { headers: { accept: 'application/vnd.oai.openapi+json' } });
    const schemas = parseOpenApi(doc.body);
    expect(schemas.map((s) => s.path)).toEqual(['/api/authors/', '/api/books/']);
    const before = await count(stack, 'catalog_book');
    const { report } = await seedApi(http, { ...api, schemas }, { seed: 11, rows: 5, concurrency: 2 });
    expect(report.endpoints.map((e) => [e.path, e.created, e.failed, e.errors])).toEqual([
      ['/api/authors/', 5, 0, []], ['/api/books/', 5, 0, []],
    ]);
    expect(await count(stack, 'catalog_book')).toBe(before + 5);
  });
});

describe('enid-test run: generated flows', () => {
  it('a deliberately buggy endpoint fails the flow, naming the step, the request and the response', async () => {
    const reports = tempDir('buggy');
    const result = await runCli(['run', '--no-database', '--no-checks', fixture('broken/buggy-endpoint'), '--reports', reports, '--rows', '3', '--no-coverage', '--no-timing']);
    expect(result.code).toBe(1);
    const report = readReport(reports);
    expect(report.status).toBe('failed');
    const failed = Object.fromEntries(report.flows.filter((f) => f.status === 'failed').map((f) => [f.step, f]));
    expect(failed.create?.error).toMatch(/field "priority": sent \d+, got 3/);
    expect(failed.create?.exchange).toMatchObject({ method: 'POST', url: '/api/tickets/', status: 201 });
    expect(failed['404 after delete']?.error).toMatch(/still there after DELETE: GET answered 200/);
    expect(failed['404 after delete']?.exchange).toMatchObject({ method: 'GET', status: 200 });
    expect(failed.delete?.error).toBe('expected HTTP 204, got 200');
    expect(failed['404 on unknown id']?.error).toBe('GET of a row that does not exist answered 500, expected 404');
    expect(failed['404 on unknown id']?.exchange).toMatchObject({ method: 'GET', url: '/api/tickets/987654321/', status: 500 });
    expect(result.stdout).toContain('✖ flow /api/tickets/ 404 after delete');
  });
});

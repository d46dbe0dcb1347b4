import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckFinding, CheckName } from '../../src/checks/types.js';
import type { RunReport } from '../../src/types.js';
import { fixture, readReport, runCli, runResources, tempDir, type CliResult } from './helpers.js';

/**
 * One run of fixtures/buggy-api (one planted defect per class, its README lists them): each defect is
 * found by the check meant for it, with a reproduction; the control endpoints next to them are not.
 * The clean fixtures staying clean is asserted where other tests already run them (seed-flows,
 * endpoint-kinds, django42, database).
 */
const PLANTED: Array<{ bug: string; check: CheckName; endpoint: RegExp; message: RegExp; traceback?: RegExp; statements?: true }> = [
  { bug: '1 serializer max_length over a shorter column', check: 'notAServerError', endpoint: /^\/api\/products\/$/, message: /answered 500 \(django\.db\.utils\.DataError: value too long for type character varying\(20\)\)/, traceback: /value too long for type character varying\(20\)/ },
  { bug: '2 int() of a query parameter', check: 'notAServerError', endpoint: /^\/api\/stock-alerts\/$/, message: /\?below=.* answered 500 \(ValueError: invalid literal for int\(\)/, traceback: /ValueError: invalid literal for int\(\)/ },
  { bug: '3 division by a client\'s zero', check: 'notAServerError', endpoint: /^\/api\/quotes\/split\/$/, message: /answered 500 \(decimal\.(DivisionByZero|InvalidOperation)/, traceback: /DivisionByZero|InvalidOperation/ },
  { bug: '4 another user\'s row through the detail route', check: 'crossUserAccess', endpoint: /notes/, message: /second user who does not see it in their list read another user's row/ },
  { bug: '5 an owner the client sets', check: 'privilegedFields', endpoint: /^\/api\/tasks\/$/, message: /set privileged field\(s\) owner=/ },
  { bug: '6 IsAuthenticated | IsAdminUser', check: 'staffOnly', endpoint: /^\/api\/audit-log\/$/, message: /IsAuthenticated \| IsAdminUser/ },
  { bug: '7 a per-user view cached without the user', check: 'cacheLeaks', endpoint: /^\/api\/dashboard\/$/, message: /leaves out who asks/ },
  { bug: '8 a cache key without the query', check: 'cacheLeaks', endpoint: /^\/api\/catalog\/$/, message: /\?category=.*leaves out the query string/ },
  { bug: '9 an update that does not store one field', check: 'updatePersists', endpoint: /articles/, message: /echoing what was sent, but a GET afterwards shows summary/ },
  { bug: '10 a PATCH that resets an unsent field', check: 'partialUpdateKeepsOthers', endpoint: /tickets/, message: /changed fields it did not send: priority: was \d+, now 0/ },
  { bug: '11 a list that skips its pagination', check: 'unboundedList', endpoint: /^\/api\/events\/$/, message: /returned all \d+ rows .* no LIMIT/, statements: true },
  { bug: '12 a query per nested line', check: 'nestedNPlusOne', endpoint: /orders/, message: /once per lines\[\]\.product object .*prefetch_related\('lines__product'\)/, statements: true },
  { bug: '13 anonymous writes where reads need a user', check: 'anonymousWrites', endpoint: /announcements/, message: /an anonymous (POST|PATCH|PUT|DELETE) .* was accepted/ },
];

let cli: CliResult;
let report: RunReport;
let reports: string;

beforeAll(async () => {
  reports = tempDir('checks');
  cli = await runCli(['run', fixture('buggy-api'), '--reports', reports, '--rows', '6', '--seed', '3', '--no-coverage', '--no-timing', '--no-database'], { timeoutMs: 280_000 });
  report = readReport(reports);
}, 300_000);

const findings = (): CheckFinding[] => report.checks?.findings ?? [];

describe('checks on fixtures/buggy-api', () => {
  it('runs after the flows, fails the run (exit 1) and leaves nothing behind', async () => {
    expect(report.phases.map((p) => p.name), cli.stdout).toEqual(['discover', 'stack', 'inspect', 'seed', 'flows', 'checks', 'suites', 'database', 'timing', 'coverage', 'teardown']);
    expect(report.phases.find((p) => p.name === 'checks')?.status, cli.stdout).toBe('failed');
    expect(cli.code).toBe(1);
    expect(await runResources(report.runId)).toEqual({ containers: [], networks: [] });
  });

  it.each(PLANTED.map((p) => [p.bug, p] as const))('finds bug %s', (_bug, p) => {
    const found = findings().filter((f) => f.check === p.check && p.endpoint.test(f.endpoint));
    expect(found.map((f) => f.message), JSON.stringify(findings().map((f) => `${f.check} ${f.endpoint}: ${f.message}`), null, 1)).toEqual(expect.arrayContaining([expect.stringMatching(p.message)]));
    const f = found.find((x) => p.message.test(x.message))!;
    expect(f.reproduction.curl).toMatch(/^curl -sS -X [A-Z]+ 'http:\/\/[^']+' -H 'Host: localhost:\d+'/);
    expect(f.reproduction.response?.status).toBeDefined();
    if (p.traceback) expect(f.reproduction.traceback?.join('\n')).toMatch(p.traceback);
    if (p.statements) expect(f.reproduction.statements?.length).toBeGreaterThan(0);
  });

  it('leaves the controls alone: IsAdminUser alone, the scoped tasks list, the paginated lists', () => {
    expect(findings().filter((f) => /admin-stats/.test(f.endpoint))).toEqual([]);
    expect(findings().filter((f) => f.check === 'crossUserAccess' && /tasks/.test(f.endpoint))).toEqual([]);
    expect(findings().filter((f) => f.check === 'unboundedList').map((f) => f.endpoint)).toEqual(['/api/events/']);
  });

  it('shows credentials only as placeholders, and tells the second user apart', () => {
    const text = readFileSync(path.join(reports, 'report.json'), 'utf8');
    const curls = findings().map((f) => f.reproduction.curl);
    expect(curls.some((c) => c.includes('"Authorization: Token $TOKEN"'))).toBe(true);
    expect(curls.some((c) => c.includes('"Authorization: Token $TOKEN_B"'))).toBe(true);
    expect(text).not.toMatch(/Token [0-9a-f]{40}/);
  });

  it('reports every check as one JUnit case, the findings in summary.md, and the statuses per endpoint', () => {
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(path.join(reports, 'junit.xml'), 'utf8'));
    const suite = ([junit.testsuites.testsuite].flat() as Array<{ name: string; testcase: Array<{ name: string; failure?: unknown }> }>).find((s) => s.name === 'checks')!;
    expect(suite.testcase.map((c) => c.name)).toEqual(report.checks!.checks.map((c) => c.name));
    expect(suite.testcase.filter((c) => c.failure).map((c) => c.name).sort()).toEqual([...new Set(PLANTED.map((p) => p.check))].sort());
    const md = readFileSync(path.join(reports, 'summary.md'), 'utf8');
    expect(md).toContain('### Checks');
    expect(md).toMatch(/```sh\ncurl -sS -X/);
    const split = report.checks!.endpoints.find((e) => e.endpoint === '/api/quotes/split/' && e.method === 'POST');
    expect(split?.statuses['500']).toBeGreaterThan(0);
    expect(split?.statuses['400']).toBeGreaterThan(0);
    expect(report.checks!.requests).toBeGreaterThan(100);
    // report.html: every finding with its reproduction, a curl line to copy each.
    const html = readFileSync(path.join(reports, 'report.html'), 'utf8');
    expect(html.match(/data-copy="check-curl-\d+"/g)).toHaveLength(findings().length);
    expect(html).toContain('<h3>Status codes per endpoint</h3>');
  });

  it('reports its cost', () => {
    const phase = report.phases.find((p) => p.name === 'checks')!;
    console.log(`checks phase on buggy-api: ${report.checks!.requests} requests, ${findings().length} findings, ${phase.durationMs} ms of a ${report.durationMs} ms run`);
    for (const f of findings()) console.log(`  ${f.check} ${f.method} ${f.endpoint}: ${f.message}\n    ${f.reproduction.curl}`);
  });
});

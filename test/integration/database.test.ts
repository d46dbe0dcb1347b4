import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRoutes } from '../../src/api/endpoints.js';
import { routesFromProbe } from '../../src/api/probe-routes.js';
import { parseResolverOutput } from '../../src/api/url-resolver.js';
import { databaseConsoleLines, databaseJunitCases, databaseMarkdown } from '../../src/database/render.js';
import type { DatabaseReport } from '../../src/database/types.js';
import { HttpClient } from '../../src/http/client.js';
import { runPipeline } from '../../src/pipeline/pipeline.js';
import { runProbe } from '../../src/probe/run-probe.js';
import type { Reporter } from '../../src/report/reporter.js';
import type { StartedStack } from '../../src/stack/start-stack.js';
import type { ChecksReport, PhaseResult } from '../../src/types.js';
import { fixture, tempDir } from './helpers.js';

// Through the real pipeline up to the database phase (inspect, seed, flows, suites, database), the
// stack kept for the checks below: a pipeline that stops running the database phase fails here.
describe('database phase on fixtures/db-hygiene', () => {
  let stack: StartedStack;
  let http: HttpClient;
  let phase: PhaseResult | undefined;
  let report: DatabaseReport;
  let checksReport: ChecksReport | undefined;
  const reportsDir = tempDir('database');
  const logs: string[] = [];
  const reporter: Reporter = { onLog: (l) => logs.push(l), printsToStdio: () => false };

  beforeAll(async () => {
    const t = Date.now();
    const run = await runPipeline({ serviceDir: fixture('db-hygiene'), reportsDir, rows: 5, seed: 2, until: 'database', keepStack: 'always', runLabel: 'it-database', reporter });
    console.log(`pipeline to the database phase: ${Date.now() - t} ms`);
    expect(run.report.errors, JSON.stringify(run.report.errors)).toEqual([]);
    for (const name of ['inspect', 'seed', 'flows'] as const) expect(run.report.phases.find((p) => p.name === name)?.status, name).toBe('passed');
    stack = run.stack!;
    const info = run.info!;
    http = new HttpClient(info.baseUrl, { headers: { ...(info.hostHeader ? { host: info.hostHeader } : {}), ...(info.proxyHeaders ?? {}) } });
    phase = run.report.phases.find((p) => p.name === 'database');
    report = run.report.database!;
    checksReport = run.report.checks;
  }, 300_000);
  afterAll(async () => {
    await http?.close();
    await stack?.stop();
  });

  it('measures every list endpoint at two page sizes and flags exactly the N+1 ones', () => {
    expect(phase, 'the pipeline ran no database phase').toBeDefined();
    expect(report, 'report.json has no database section').toBeDefined();
    console.log(`database phase: ${phase!.durationMs} ms; ${phase!.status}: ${phase!.detail}`);
    writeFileSync(path.join(reportsDir, 'database.json'), JSON.stringify(report, null, 2));
    console.log(`report: ${path.join(reportsDir, 'database.json')}`);
    for (const line of databaseConsoleLines(report)) console.log(line);
    for (const l of logs.filter((x) => x.startsWith("database"))) console.log(l);
    for (const r of report.requests) console.log(`  GET ${r.path} → ${r.status}: ${r.rows ?? '-'} rows, ${r.queries} queries, ${r.timeMs} ms in the database`);

    const flagged = Object.fromEntries(report.nPlusOne.map((n) => [n.path, n]));
    expect(Object.keys(flagged).sort()).toEqual(['/api/categories/', '/api/products/']);
    expect(report.flat.map((f) => f.path).sort()).toEqual(['/api/categories-prefetched/', '/api/products-joined/', '/api/tags/']);

    const products = flagged['/api/products/']!;
    expect(products.table).toBe('shop_category');
    expect(products.hint).toMatch(/select_related\('category'\)/);
    expect(products.perRow).toBeGreaterThanOrEqual(0.9);
    expect(products.level).toBe('fail');
    const categories = flagged['/api/categories/']!;
    expect(categories.table).toBe('shop_product');
    expect(categories.hint).toMatch(/prefetch_related\('products'\)/);
    expect(categories.sizes.map((s) => s.rows)).toEqual([5, 25]);
    for (const f of report.flat) expect(f.sizes[0]!.queries).toBe(f.sizes[1]!.queries);
    expect(phase!.status).toBe('failed');
    expect(phase!.detail).toMatch(/N\+1 at \/api\/products\//);
  });

  it('names the migration the entrypoint wrote at boot, and only that one', () => {
    expect(report.migrations.generatedAtBoot).toHaveLength(1);
    expect(report.migrations.generatedAtBoot[0]).toMatch(/^shop\/migrations\/0002_.*\.py$/);
    // makemigrations ran at boot, so Django itself sees no change left without a migration.
    expect(report.migrations.missing).toEqual([]);
  });

  it('counts only the service\'s statements: no harness, extension or session commands', () => {
    const all = report.requests.flatMap((r) => r.statements.map((s) => s.query));
    expect(all.length).toBeGreaterThan(0);
    expect(all.some((q) => /pg_stat_statements|^(SET|BEGIN|COMMIT|SHOW)\b/i.test(q))).toBe(false);
    const detail = report.requests.find((r) => /^\/api\/products\/\d+\/$/.test(r.path));
    expect(detail?.status).toBe(200);
    expect(detail?.queries).toBe(2);
  });

  it('flags the default ordering on an unindexed column at volume, and leaves the rows behind it rolled back', async () => {
    console.log(`volume: ${report.volume?.rows} rows in ${report.volume?.durationMs} ms = ${report.volume?.rowsPerSecond} rows/s (${JSON.stringify(report.volume?.tables)})`);
    for (const s of report.scans) console.log(`  scan ${s.path}: ${s.plan} on ${s.table} (${s.rows} rows), column ${s.column}`);
    expect(report.volume?.tables.shop_product).toBe(20_000);
    // At volume the models' rows go in by COPY; the 26 extra rows for the large page went through bulk_create.
    expect(report.volume?.methods).toMatchObject({ shop_product: 'copy', shop_category: 'copy' });
    const sorted = report.scans.filter((s) => s.plan === 'Sort over Seq Scan');
    expect(sorted.map((s) => s.path).sort()).toEqual(['/api/products-joined/', '/api/products/']);
    for (const s of sorted) expect(s).toMatchObject({ table: 'shop_product', column: 'name', level: 'warn' });
    expect(report.scans.some((s) => /categor|tags/.test(s.path))).toBe(false);
    const after = await http.get<{ count: number }>('/api/products/');
    expect(after.body.count).toBeLessThan(1000);
  });

  it('the fixture\'s own Django tests pass in its container', async () => {
    const res = await stack.service.manage(['test', '--noinput']);
    expect(res.exitCode, res.output.split('\n').slice(-15).join('\n')).toBe(0);
    expect(res.output).toMatch(/Ran 6 tests/);
  }, 120_000);

  it('the checks phase of the same run finds nothing else on it (its N+1s are the database phase\'s; no false red)', () => {
    const checks = checksReport!;
    expect(checks, 'the pipeline ran no checks phase').toBeDefined();
    const findings = checks.findings.map((f) => `${f.check} ${f.method} ${f.endpoint}: ${f.message}`);
    console.log(`checks phase: ${checks.requests} request(s) in ${checks.durationMs} ms`);
    expect(findings).toEqual([]);
    expect(checks.requests).toBeGreaterThan(50);
  });

  // Here because this file has a booted service: one URL walk serves the probe and the fallback.
  it('the URL fallback (python/url_routes.py) reads the URL patterns the probe read', async () => {
    const res = await resolveRoutes(stack.service);
    expect(res.exitCode, res.output).toBe(0);
    const routes = parseResolverOutput(res.output);
    expect(routes.length).toBeGreaterThan(3);
    const probe = await runProbe(stack.service, stack.service.codeDir);
    expect(routes).toEqual(routesFromProbe(probe.document));
  }, 120_000);

  it('renders the report for JUnit, Markdown and the console', () => {
    const cases = databaseJunitCases(report);
    expect(cases.filter((c) => c.failure).map((c) => c.name).sort()).toEqual(['N+1 /api/categories/', 'N+1 /api/products/']);
    expect(databaseMarkdown(report)).toMatch(/\| `\/api\/products-joined\/` \| .* \| ✅ flat \|/);
    expect(phase?.status).toBe('failed');
  });
});

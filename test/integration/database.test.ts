import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksPhase } from '../../src/checks/phase.js';
import { databasePhase } from '../../src/database/phase.js';
import { databaseConsoleLines, databaseJunitCases, databaseMarkdown } from '../../src/database/render.js';
import type { DatabaseReport } from '../../src/database/types.js';
import { HttpClient } from '../../src/http/client.js';
import { inspectPhase } from '../../src/inspect/phase.js';
import { emptyApi, emptyResources, type RunContext, type RunState } from '../../src/pipeline/context.js';
import type { Reporter } from '../../src/report/reporter.js';
import { seedPhase } from '../../src/seed/phase.js';
import { startStack, type StartedStack } from '../../src/stack/start-stack.js';
import type { ServiceSpec } from '../../src/types.js';
import { fixtureSpec, tempDir } from './helpers.js';

// Until the pipeline registers the phase, the test drives it as the pipeline would: inspect, seed, database.
describe('database phase on fixtures/db-hygiene', () => {
  let spec: ServiceSpec;
  let stack: StartedStack;
  let state: RunState;
  const reportsDir = tempDir('database');
  const logs: string[] = [];
  const reporter: Reporter = { onLog: (l) => logs.push(l), printsToStdio: () => false };
  const context = (): RunContext => ({
    spec, config: {}, options: { serviceDir: spec.dir }, stack, info: stack.toInfo(), seed: 1, rows: 5, reportsDir, reporter,
    signal: new AbortController().signal, state,
  });

  beforeAll(async () => {
    spec = fixtureSpec('db-hygiene');
    stack = await startStack(spec, { runId: `it-database-${Date.now()}`, logsDir: path.join(reportsDir, 'logs') });
    state = { http: new HttpClient(stack.service.getBaseUrl()), api: emptyApi(), resources: emptyResources() };
    for (const phase of [inspectPhase, seedPhase] as const) {
      const outcome = await (phase.run as (c: RunContext) => Promise<{ status: string; detail?: string; state?: Partial<RunState> }>)(context());
      expect(outcome.status, `${phase.name}: ${outcome.detail}`).toBe('passed');
      state = { ...state, ...outcome.state };
    }
  }, 300_000);
  afterAll(async () => {
    await state?.http.close();
    await stack?.stop();
  });

  let report: DatabaseReport;
  let status: string;
  it('measures every list endpoint at two page sizes and flags exactly the N+1 ones', async () => {
    const t = Date.now();
    const outcome = await databasePhase.run(context());
    const took = Date.now() - t;
    report = outcome.result;
    status = outcome.status;
    console.log(`database phase: ${took} ms; ${outcome.status}: ${outcome.detail}`);
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
    expect(outcome.status).toBe('failed');
    expect(outcome.detail).toMatch(/N\+1 at \/api\/products\//);
  }, 240_000);

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
    const after = await state.http.get<{ count: number }>('/api/products/');
    expect(after.body.count).toBeLessThan(1000);
  });

  it('the fixture\'s own Django tests pass in its container', async () => {
    const res = await stack.service.manage(['test', '--noinput']);
    expect(res.exitCode, res.output.split('\n').slice(-15).join('\n')).toBe(0);
    expect(res.output).toMatch(/Ran 6 tests/);
  }, 120_000);

  it('the checks phase finds nothing else on it (its N+1s are the database phase\'s; no false red)', async () => {
    const outcome = await checksPhase.run(context());
    const findings = outcome.result.findings.map((f) => `${f.check} ${f.method} ${f.endpoint}: ${f.message}`);
    console.log(`checks phase: ${outcome.result.requests} request(s) in ${outcome.result.durationMs} ms; ${outcome.detail}`);
    expect(findings).toEqual([]);
    expect(outcome.result.requests).toBeGreaterThan(50);
  }, 240_000);

  it('renders the report for JUnit, Markdown and the console', () => {
    const cases = databaseJunitCases(report);
    expect(cases.filter((c) => c.failure).map((c) => c.name).sort()).toEqual(['N+1 /api/categories/', 'N+1 /api/products/']);
    expect(databaseMarkdown(report)).toMatch(/\| `\/api\/products-joined\/` \| .* \| ✅ flat \|/);
    expect(status).toBe('failed');
  });
});

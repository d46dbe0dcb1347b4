import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../src/http/client.js';
import { runPipeline } from '../../src/pipeline/pipeline.js';
import { createReporters } from '../../src/report/index.js';
import type { StartedStack } from '../../src/stack/start-stack.js';
import type { RunReport } from '../../src/types.js';
import { cacheControlFor, type CacheControl } from '../../src/timing/cache-control.js';
import { checkInvalidation, measureEndpoint } from '../../src/timing/measure.js';
import { median } from '../../src/timing/stats.js';
import { fixture, readReport, runCli, tempDir, stackClient } from './helpers.js';

// This file runs alone, after every other one (its latencies must not share the cores): its stacks are
// the suite's serial tail. One pipeline run of notes-redis, its stack kept, serves the report's timing
// and then the measurements driven directly on the same stack.
describe('timing checks on the Redis fixture: a run\'s reports, then measured directly on its stack', () => {
  let stack: StartedStack;
  let http: HttpClient;
  let cache: CacheControl;
  let report: RunReport;
  const reports = tempDir('timing-run');
  beforeAll(async () => {
    const run = await runPipeline({
      serviceDir: fixture('notes-redis'), reportsDir: reports, rows: 5, coverage: false, database: false, checks: false, suites: false,
      keepStack: 'always', runLabel: 'it-timing', reporter: createReporters({ reportsDir: reports, json: false, stdout: new PassThrough().resume() }),
    });
    report = run.report;
    stack = run.stack!;
    expect(stack, JSON.stringify(report.errors)).toBeDefined();
    http = await stackClient(stack);
    cache = cacheControlFor(stack);
  }, 300_000);
  afterAll(async () => {
    cache?.close();
    await http?.close();
    await stack?.stop();
  });
  const options = { maxRequests: 200, budgetMs: 60_000, seed: 1 };

  it('the run reports the configured check with its verdict, evidence and invalidation', () => {
    expect(report.exitCode, JSON.stringify(report.errors)).toBe(0);
    expect(readReport(reports).timing).toEqual(report.timing);
    const stats = report.timing.find((t) => t.path === '/api/stats/');
    expect(stats).toMatchObject({ verdict: 'cached', status: 'passed', minSpeedup: 3, evidence: { identical: true, fresh: true } });
    expect(stats!.latencies!.coldMs.length).toBeGreaterThanOrEqual(5);
    expect(stats!.latencies!.warmMs.every((ms) => ms > 0)).toBe(true);
    // stats-live is neither configured nor cached: auto-detection must not pick it.
    expect(report.timing.map((t) => t.path)).not.toContain('/api/stats-live/');
  });

  it('the cache_page endpoint is cached, with Redis keys as evidence and identical bodies', async () => {
    const result = await measureEndpoint(http, cache, { path: '/api/stats/', minSpeedup: 2 }, options);
    expect(result.verdict).toBe('cached');
    expect(result.status).toBe('passed');
    expect(result.speedupLow).toBeGreaterThanOrEqual(2);
    expect(result.samples).toBeLessThanOrEqual(200);
    expect(result.evidence.redisKeys).toBeGreaterThan(0);
    expect(result.evidence.keyPattern).toMatch(/cache/);
    expect(result.evidence.identical).toBe(true);
    // The plotted latencies are the ones the verdict came from: every kept pair (2 warm-up pairs dropped).
    const { coldMs, warmMs } = result.latencies!;
    expect(coldMs).toHaveLength(warmMs.length);
    expect(coldMs.length + warmMs.length).toBe(result.samples - 4);
    expect(median(coldMs)).toBeCloseTo(result.coldMs, 1);
    expect(median(warmMs)).toBeCloseTo(result.warmMs, 1);
  });

  it('the uncached twin endpoint is not cached, and the check fails', async () => {
    const result = await measureEndpoint(http, cache, { path: '/api/stats-live/', minSpeedup: 2 }, options);
    expect(result.verdict).toBe('not-cached');
    expect(result.status).toBe('failed');
    expect(result.speedupHigh).toBeLessThan(2);
    expect(result.evidence.redisKeys).toBe(0);
  });

  it('a write that clears the cache makes the next read fresh', async () => {
    const check = { path: '/api/stats/', minSpeedup: 2, invalidate: { method: 'POST', path: '/api/notes/', body: { title: 'invalidation probe' } } };
    const measured = await measureEndpoint(http, cache, check, options);
    const result = await checkInvalidation(http, check, measured);
    expect(result.evidence.fresh).toBe(true);
    expect(result.status).toBe('passed');
  });

  it('a write the endpoint does not depend on leaves a stale read, reported as such', async () => {
    // Stats are cached for 60 s; a PATCH that changes nothing the stats show still clears the cache in this
    // fixture, so use a write that fails validation: nothing changes, the read stays identical.
    const check = { path: '/api/stats/', minSpeedup: 2, invalidate: { method: 'GET', path: '/health/' } };
    const measured = await measureEndpoint(http, cache, check, options);
    const result = await checkInvalidation(http, check, measured);
    expect(result.evidence.fresh).toBe(false);
    expect(result.status).toBe('failed');
    expect(result.detail).toMatch(/^stale read: after GET \/health\//);
  });
});

describe('timing candidates come from evidence, not from headers', () => {
  it('drift-nomigrate: the cache_page view is checked and found cached with Redis keys; never_cache and DRF login views are not checked', async () => {
    const reports = tempDir('timing-evidence');
    await runCli(['run', '--no-database', '--no-checks', fixture('drift-nomigrate'), '--reports', reports, '--rows', '3', '--no-coverage']);
    const report = readReport(reports);
    expect(report.phases.find((p) => p.name === 'timing')?.status).toBe('passed');
    expect(report.timing.map((t) => t.path)).toEqual(['/api/stats/']);
    expect(report.timing[0]).toMatchObject({ verdict: 'cached', status: 'passed' });
    expect(report.timing[0]!.evidence.redisKeys).toBeGreaterThan(0);
    expect(report.errors.filter((e) => e.phase === 'timing')).toEqual([]);
  });
});

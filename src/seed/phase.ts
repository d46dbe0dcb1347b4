import type { Phase } from '../pipeline/phase.js';
import { carriesCredentials } from '../http/credentials.js';
import { withoutSkipped } from '../api/resources.js';
import { PayloadLessons } from './lessons.js';
import type { SeedReport } from '../types.js';
import { carriesBasicAuth, rateBound } from './rate-bound.js';
import { seedApi } from './run-seed.js';
import { apiRowsFor, copyRequests, seedByCopy, API_ROWS_PER_COLLECTION } from './volume-seed.js';

/**
 * seed: fill the API the inspect phase found with deterministic Faker rows, with the client the inspect
 * phase signed in. Every collection that takes POST is seeded (router viewsets and generic views alike),
 * parents first; sign-in, schema, docs and admin views never are. A few rows per collection go through
 * the API; the rest of `--rows` go in by COPY in the container where the probe named the collection's
 * table, else through the API too (and the report says what bounds that rate).
 */
export const seedPhase: Phase<'seed'> = {
  name: 'seed',
  scope: 'every-shard',
  async run(ctx) {
    const { http, api } = ctx.state;
    const log = (line: string): void => ctx.reporter.onLog?.(line);
    const resources = withoutSkipped(ctx.state.resources, ctx.config.seed?.skip ?? []);
    const started = performance.now();
    const lessons = ctx.state.lessons ?? new PayloadLessons();
    const options = { concurrency: ctx.config.seed?.concurrency ?? 8, signal: ctx.signal, signedIn: carriesCredentials(http.defaultHeaders()), onProgress: log, lessons };
    const first = await seedApi(http, api, { ...options, seed: ctx.seed, rows: ctx.rows, resources, rowsFor: apiRowsFor(resources, ctx.rows) });
    const { report } = first;
    const notes: string[] = [];
    const copied: Record<string, number> = {};
    const requests = ctx.signal.aborted ? [] : copyRequests(resources, first, ctx.rows);
    if (requests.length) {
      const outcome = await seedByCopy(ctx.stack.service, requests, ctx.seed, lessons).catch((err: Error) => ({ seeded: {}, errors: [`rows script: ${err.message}`], durationMs: 0 }));
      for (const [path, s] of Object.entries(outcome.seeded)) copied[path] = s.rows;
      notes.push(...outcome.errors);
      const total = Object.values(copied).reduce((a, b) => a + b, 0);
      if (total) log(`seed: ${total} more rows by COPY in the container in ${outcome.durationMs} ms`);
      // What COPY could not take goes through the API after all, with payloads of the next seed.
      const missing = requests.filter((r) => copied[r.path] === undefined);
      if (missing.length && !ctx.signal.aborted) {
        const only = { ...resources, collections: resources.collections.filter((c) => missing.some((m) => m.path === c.path)) };
        const rest = await seedApi(http, api, { ...options, seed: ctx.seed + 1, rows: ctx.rows - API_ROWS_PER_COLLECTION, resources: only });
        mergeInto(report, rest.report, first, rest);
      }
    }
    for (const e of report.endpoints) {
      if (copied[e.path]) e.volume = copied[e.path];
      ctx.reporter.onCaseEnd?.('seed', e);
    }
    summarise(report, performance.now() - started, notes, (path) => carriesBasicAuth(http.headersFor('POST', path)), ctx.rows, new Set(requests.map((r) => r.path)));
    const testData: string[] = [];
    if (ctx.config.seed?.createTestData) {
      const res = await ctx.stack.service.manage(['create_test_data']);
      if (res.exitCode !== 0) testData.push(`manage.py create_test_data exited ${res.exitCode}: ${res.output.trim().split('\n').at(-1) ?? ''}`);
    }
    for (const b of report.bounds ?? []) log(`seed: ${b}`);
    const learnt = lessons.describe();
    if (learnt.length) {
      report.learnt = learnt;
      for (const line of learnt) log(`learnt from the service's 400s: ${line}`);
    }
    const failed = report.endpoints.filter((e) => e.created === 0 && ctx.rows > 0 && !e.skipped);
    const detail = failed.length
      ? `nothing could be seeded into ${failed.map((f) => f.path).join(', ')}`
      : `${report.rows} rows into ${report.endpoints.length} endpoint(s): ${report.apiRows} through the API, ${report.volumeRows} by COPY`;
    return {
      status: failed.length ? 'failed' : 'passed',
      detail: [detail, ...testData].join('; '),
      result: report,
      state: { api: { ...api, created: first.created, rows: first.rows }, lessons },
    };
  },
};

/** Adds a second API pass (the rows COPY could not take) to the first one's report, ids and rows. */
function mergeInto(report: SeedReport, extra: SeedReport, first: Parameters<typeof mergeIds>[0], rest: Parameters<typeof mergeIds>[0]): void {
  for (const e of extra.endpoints) {
    const into = report.endpoints.find((x) => x.path === e.path);
    if (!into) continue;
    into.created += e.created;
    into.failed += e.failed;
    into.durationMs += e.durationMs;
    into.errors.push(...e.errors.slice(0, Math.max(0, 3 - into.errors.length)));
  }
  mergeIds(first, rest);
}

function mergeIds(into: { created: Record<string, Array<string | number>>; rows: Record<string, Array<Record<string, unknown>>> }, from: { created: Record<string, Array<string | number>>; rows: Record<string, Array<Record<string, unknown>>> }): void {
  for (const [path, ids] of Object.entries(from.created)) into.created[path] = [...(into.created[path] ?? []), ...ids];
  for (const [path, rows] of Object.entries(from.rows)) into.rows[path] = [...(into.rows[path] ?? []), ...rows];
}

/** Totals both ways, the rate over the whole phase, and what bounds the API where it took more than a few rows. */
function summarise(report: SeedReport, durationMs: number, notes: string[], basicAuth: (path: string) => boolean, rows: number, tried: Set<string>): void {
  report.apiRows = report.endpoints.reduce((n, e) => n + e.created, 0);
  report.volumeRows = report.endpoints.reduce((n, e) => n + (e.volume ?? 0), 0);
  report.rows = report.apiRows + report.volumeRows;
  report.durationMs = durationMs;
  report.rowsPerSecond = durationMs > 0 ? (report.rows / durationMs) * 1000 : 0;
  const bounds = rows > API_ROWS_PER_COLLECTION
    ? report.endpoints.filter((e) => !e.skipped && !e.volume && e.created > API_ROWS_PER_COLLECTION).map((e) => rateBound(e, basicAuth(e.path), tried.has(e.path) ? 'COPY could not take its rows' : undefined))
    : [];
  if (bounds.length) report.bounds = bounds;
  if (notes.length) report.notes = notes;
}

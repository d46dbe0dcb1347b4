import type { Phase } from '../pipeline/phase.js';
import { carriesCredentials } from '../http/credentials.js';
import { withoutSkipped } from '../api/resources.js';
import { PayloadLessons } from './lessons.js';
import { seedApi } from './run-seed.js';

/**
 * seed: fill the API the inspect phase found with deterministic Faker rows through HTTP, with the
 * client the inspect phase signed in. Every collection that takes POST is seeded (router viewsets and
 * generic views alike), parents first; sign-in, schema, docs and admin views never are.
 */
export const seedPhase: Phase<'seed'> = {
  name: 'seed',
  scope: 'every-shard',
  async run(ctx) {
    const { http, api } = ctx.state;
    const resources = withoutSkipped(ctx.state.resources, ctx.config.seed?.skip ?? []);
    const lessons = ctx.state.lessons ?? new PayloadLessons();
    const { report, created, rows } = await seedApi(http, api, {
      lessons,
      seed: ctx.seed,
      rows: ctx.rows,
      concurrency: ctx.config.seed?.concurrency ?? 8,
      signal: ctx.signal,
      resources,
      signedIn: carriesCredentials(http.defaultHeaders()),
      onProgress: (line) => ctx.reporter.onLog?.(line),
    });
    for (const e of report.endpoints) ctx.reporter.onCaseEnd?.('seed', e);
    const notes: string[] = [];
    const learnt = lessons.describe();
    if (learnt.length) {
      report.learnt = learnt;
      for (const line of learnt) ctx.reporter.onLog?.(`learnt from the service's 400s: ${line}`);
    }
    if (ctx.config.seed?.createTestData) {
      const res = await ctx.stack.service.manage(['create_test_data']);
      if (res.exitCode !== 0) notes.push(`manage.py create_test_data exited ${res.exitCode}: ${res.output.trim().split('\n').at(-1) ?? ''}`);
    }
    const failed = report.endpoints.filter((e) => e.created === 0 && ctx.rows > 0 && !e.skipped);
    const detail = failed.length
      ? `nothing could be seeded into ${failed.map((f) => f.path).join(', ')}`
      : `${report.rows} rows into ${report.endpoints.length} endpoint(s) at ${Math.round(report.rowsPerSecond)} rows/s`;
    return {
      status: failed.length ? 'failed' : 'passed',
      detail: [detail, ...notes].join('; '),
      result: report,
      state: { api: { ...api, created, rows }, lessons },
    };
  },
};

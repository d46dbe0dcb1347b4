import type { Phase } from '../phases.js';
import { discoverApi } from './endpoints.js';
import { seedApi } from './run-seed.js';
import { signInAsSuperuser } from './superuser.js';

/** seed: find the API, then fill it with deterministic Faker rows through HTTP. */
export const seedPhase: Phase = {
  name: 'seed',
  enabled: () => true,
  async run(ctx) {
    const superuser = ctx.config.flows?.superuser;
    if (superuser) {
      await signInAsSuperuser(ctx.stack.service, ctx.http, superuser);
      ctx.reporter.onLog?.(`signed in as superuser ${superuser.username} (HTTP Basic)`);
    }
    const { api, notes } = await discoverApi(ctx.http, ctx.stack.service, ctx.spec.apiRoots, ctx.config.seed?.skip);
    ctx.reporter.onLog?.(`found ${api.schemas.length} collection endpoint(s), ${api.routes.length} URL pattern(s)`);
    notes.forEach((n) => ctx.reporter.onLog?.(n));
    const { report, created } = await seedApi(ctx.http, api, {
      seed: ctx.seed,
      rows: ctx.rows,
      concurrency: ctx.config.seed?.concurrency ?? 8,
      signal: ctx.signal,
      onProgress: (line) => ctx.reporter.onLog?.(line),
    });
    for (const e of report.endpoints) ctx.reporter.onCaseEnd?.('seed', e);
    if (ctx.config.seed?.createTestData) {
      const res = await ctx.stack.service.manage(['create_test_data']);
      if (res.exitCode !== 0) notes.push(`manage.py create_test_data exited ${res.exitCode}: ${res.output.trim().split('\n').at(-1) ?? ''}`);
    }
    const failed = report.endpoints.filter((e) => e.created === 0 && ctx.rows > 0 && !e.skipped);
    const status = failed.length ? 'failed' : 'passed';
    const detail = failed.length
      ? `nothing could be seeded into ${failed.map((f) => f.path).join(', ')}`
      : `${report.rows} rows into ${report.endpoints.length} endpoint(s) at ${Math.round(report.rowsPerSecond)} rows/s`;
    return { status, detail, patch: { seed: report, api: { ...api, created } } };
  },
};

import { siblingTestsSettled } from '../coverage/sibling-tests.js';
import type { TimingOptions } from '../options/resolved-options.js';
import type { RunContext } from '../pipeline/context.js';
import type { Phase, PhaseOutcome } from '../pipeline/phase.js';
import type { TimingResult } from '../types.js';
import { cacheControlFor, type CacheControl } from './cache-control.js';
import { timingCandidates, uncacheableBecause } from './candidates.js';
import { checkInvalidation, measureEndpoint, type TimingCheck } from './measure.js';

/** timing: configured cached endpoints, plus those found to be cached; each gets a verdict with evidence. */
export const timingPhase: Phase<'timing'> = {
  name: 'timing',
  // Timing judges the whole service: split across shards, it would be measured (and counted) n times.
  scope: 'first-shard',
  skipReason: (ctx) => ctx.options.timing.disabledBecause,
  async run(ctx) {
    // Timings are compared, not judged alone: the service's own tests must not load the CPU meanwhile.
    await siblingTestsSettled(ctx.stack);
    const cache = cacheControlFor(ctx.stack);
    try {
      return await runChecks(ctx, cache, ctx.options.timing);
    } finally {
      cache.close();
    }
  },
};

async function runChecks(ctx: RunContext, cache: CacheControl, options: TimingOptions): Promise<PhaseOutcome<TimingResult[]>> {
  const checks: TimingCheck[] = options.endpoints.map((e) => ({ ...e }));
  const configured = new Set(checks.map((c) => c.path));
  if (options.auto) {
    for (const path of await detectCached(ctx, cache)) {
      if (!configured.has(path)) checks.push({ path, minSpeedup: options.minSpeedup });
    }
  }
  if (!checks.length) return { status: 'skipped', detail: 'no cached endpoint configured or detected', result: [] };
  const timing: TimingResult[] = [];
  for (const check of checks) {
    if (ctx.signal.aborted) break;
    ctx.reporter.onLog?.(`timing ${check.path}`);
    let result = await measureEndpoint(ctx.state.http, cache, check, { maxRequests: options.maxRequests, budgetMs: options.budgetMs, seed: options.seed, signal: ctx.signal });
    result = await checkInvalidation(ctx.state.http, check, result);
    // Only what the service's config names can fail the run: a detected candidate is a finding.
    if (!configured.has(check.path) && result.status === 'failed') {
      result = { ...result, status: 'skipped', detail: `${result.detail ? `${result.detail}; ` : ''}detected, not configured: reported, never failing the run (list it in timing.endpoints to enforce it)` };
    }
    timing.push(result);
    ctx.reporter.onCaseEnd?.('timing', result);
  }
  const failed = timing.filter((t) => t.status === 'failed');
  const summary = timing.map((t) => `${t.path} ${t.verdict} ${t.speedup.toFixed(1)}×`).join(', ');
  return { status: failed.length ? 'failed' : 'passed', detail: summary, result: timing };
}

/**
 * GET endpoints that are cached, on evidence only: cache_page in the view (the probe says so), or keys
 * that appear in the cache after one request. never_cache, `Cache-Control: no-cache/no-store/max-age=0`
 * and an Expires at or before Date count against; sign-in, schema and docs views are never candidates.
 */
async function detectCached(ctx: RunContext, cache: CacheControl): Promise<string[]> {
  const candidates = timingCandidates(ctx.state.probe, ctx.state.api.routes);
  const found = candidates.filter((c) => c.evidence === 'cache_page').map((c) => c.path);
  for (const { path } of candidates.filter((c) => c.evidence === 'try').slice(0, 30)) {
    if (ctx.signal.aborted) break;
    await cache.flush();
    const res = await ctx.state.http.get(path).catch(() => undefined);
    if (!res || res.status !== 200 || uncacheableBecause(res.headers)) continue;
    const keys = await cache.keys();
    if (keys && keys.count > 0) found.push(path);
  }
  return [...new Set(found)];
}

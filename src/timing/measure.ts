import type { HttpClient, HttpResponse } from '../http/client.js';
import type { TimingResult } from '../types.js';
import type { CacheControl } from './cache-control.js';
import { keyPattern } from './cache-control.js';
import { cacheHeaders, serverTimingMs } from './cache-headers.js';
import { reportedLatencies } from './latencies.js';
import { createSampler } from './sampler.js';
import { decide } from './stats.js';

export interface TimingCheck {
  path: string;
  minSpeedup: number;
  invalidate?: { method: string; path: string; body?: unknown };
}

export interface MeasureOptions {
  maxRequests: number;
  /** Wall-clock budget of one check; the verdict is taken from what was measured by then. */
  budgetMs: number;
  seed: number;
  signal?: AbortSignal;
}

/**
 * Measures one endpoint: cold samples (cache flushed before each) interleaved with warm ones through the
 * same pool and headers, stopped as soon as the verdict is clear; then evidence: keys the first request
 * wrote, whether the cache returns exactly what the cold request produced, and invalidation by a write.
 */
export async function measureEndpoint(http: HttpClient, cache: CacheControl, check: TimingCheck, options: MeasureOptions): Promise<TimingResult> {
  const sampler = createSampler({ minSpeedup: check.minSpeedup, maxRequests: options.maxRequests, seed: options.seed });
  const deadline = Date.now() + options.budgetMs;
  const cold: number[] = [];
  const warm: number[] = [];
  let lastCold: HttpResponse | undefined;
  let identical = true;
  let headers: string[] = [];
  let keys: { count: number; sample: string[] } | undefined;
  let failure: string | undefined;
  const timed = (res: HttpResponse): number => serverTimingMs(res.headers) ?? res.durationMs;

  for (;;) {
    const step = sampler.next();
    if (step.kind === 'done') {
      const kept = sampler.kept();
      return result(check, { ...step.result, requests: step.result.requests }, { identical, headers, keys, failure, latencies: reportedLatencies(kept.cold, kept.warm) });
    }
    if (options.signal?.aborted || Date.now() > deadline) break;
    if (step.kind === 'cold') {
      await cache.flush();
      const res = await http.get(check.path);
      if (res.status !== 200) {
        failure = `GET ${check.path} answered ${res.status}`;
        break;
      }
      if (!keys) {
        keys = await cache.keys();
        headers = cacheHeaders(res.headers);
      }
      lastCold = res;
      cold.push(timed(res));
      sampler.record('cold', timed(res));
    } else {
      const res = await http.get(check.path);
      // A cache must hand back exactly what the request that filled it produced.
      if (lastCold && res.text !== lastCold.text) identical = false;
      warm.push(timed(res));
      sampler.record('warm', timed(res));
    }
  }
  const enough = Math.min(cold.length, warm.length) >= 3;
  const decision = enough
    ? { ...decide({ cold, warm, minSpeedup: check.minSpeedup, seed: options.seed }), verdict: 'inconclusive' as const }
    : { verdict: 'inconclusive' as const, speedup: 0, speedupLow: 0, speedupHigh: 0, coldP50: 0, coldP90: 0, warmP50: 0, warmP90: 0, samples: cold.length + warm.length };
  failure ??= options.signal?.aborted ? 'interrupted' : `time budget of ${options.budgetMs} ms used up before a verdict`;
  // Without a verdict the plot still shows what was measured, warm-up included (as `decide` saw it).
  return result(check, { ...decision, requests: cold.length + warm.length }, { identical, headers, keys, failure, latencies: reportedLatencies(cold, warm) });
}

type Decision = ReturnType<typeof decide> & { requests: number };

interface Observed {
  identical: boolean;
  headers: string[];
  keys?: { count: number; sample: string[] };
  failure?: string;
  latencies: NonNullable<TimingResult['latencies']>;
}

function result(check: TimingCheck, d: Decision, ev: Observed): TimingResult {
  const evidence: TimingResult['evidence'] = { identical: ev.identical };
  if (ev.keys) {
    evidence.redisKeys = ev.keys.count;
    const pattern = keyPattern(ev.keys.sample);
    if (pattern) evidence.keyPattern = pattern;
  }
  if (ev.headers.length) evidence.cacheHeaders = ev.headers;
  let status: TimingResult['status'] = d.verdict === 'cached' ? 'passed' : d.verdict === 'not-cached' ? 'failed' : 'skipped';
  let detail = ev.failure;
  // Only a cache can serve a wrong copy: an uncached endpoint recomputes, and its body may change.
  if (!ev.identical && d.verdict === 'cached') {
    status = 'failed';
    detail = 'the cached response differs from the response that filled the cache';
  } else if (d.verdict === 'not-cached') {
    detail = `warm responses are not ${check.minSpeedup}× faster: speedup ${d.speedup.toFixed(2)}× (at most ${d.speedupHigh.toFixed(2)}×)`;
  } else if (d.verdict === 'inconclusive' && !detail) {
    detail = `no clear verdict within ${d.requests} requests: speedup ${d.speedup.toFixed(2)}× in [${d.speedupLow.toFixed(2)}, ${d.speedupHigh.toFixed(2)}]`;
  }
  return {
    path: check.path,
    coldMs: d.coldP50,
    warmMs: d.warmP50,
    coldP90Ms: d.coldP90,
    warmP90Ms: d.warmP90,
    speedup: d.speedup,
    speedupLow: d.speedupLow,
    speedupHigh: d.speedupHigh,
    minSpeedup: check.minSpeedup,
    samples: d.requests,
    verdict: d.verdict,
    status,
    evidence,
    ...(detail ? { detail } : {}),
    latencies: ev.latencies,
  };
}

/** A configured write must make the next read fresh; a stale read is reported as such. */
export async function checkInvalidation(http: HttpClient, check: TimingCheck, result: TimingResult): Promise<TimingResult> {
  if (!check.invalidate || result.status === 'failed') return result;
  await http.get(check.path);
  const primed = await http.get(check.path);
  const write = await http.request(check.invalidate.method, check.invalidate.path, check.invalidate.body === undefined ? {} : { body: check.invalidate.body });
  if (write.status >= 400) {
    return { ...result, status: 'failed', detail: `the invalidating ${check.invalidate.method} ${check.invalidate.path} answered ${write.status}` };
  }
  const after = await http.get(check.path);
  const fresh = after.text !== primed.text;
  const evidence = { ...result.evidence, fresh };
  if (fresh) return { ...result, evidence };
  return { ...result, evidence, status: 'failed', detail: `stale read: after ${check.invalidate.method} ${check.invalidate.path}, GET ${check.path} returned the cached response unchanged` };
}

import { describe, it } from 'vitest';
import { HttpClient } from '../src/http/client.js';
import { checkInvalidation, measureEndpoint, type TimingCheck } from '../src/timing/measure.js';
import type { TimingResult } from '../src/types.js';
import { stackInfo } from '../src/vitest/provided-context.js';
import { redisCacheControl } from '../src/timing/redis-cache.js';

export interface CachedEndpointOptions {
  /** Warm responses must be at least this many times faster than cold ones (lower confidence bound). */
  minSpeedup: number;
  /** A write after which the next read must be fresh, e.g. `{ method: 'POST', path: '/api/notes/', body: {...} }`. */
  invalidate?: TimingCheck['invalidate'];
  /** Most requests to spend before deciding (default 200). */
  maxRequests?: number;
  /** Wall-clock budget of the measurement (default 60 s). */
  budgetMs?: number;
  seed?: number;
  headers?: Record<string, string>;
}

/**
 * The harness's timing check of one cached GET endpoint as a vitest test: cold requests (Redis flushed
 * before each, through the stack's published Redis port) interleaved with warm ones, decided on a
 * confidence bound of the speedup; cached bodies must equal the response that filled the cache.
 *
 * @example
 * import { cachedEndpointSuite } from 'enid-test/suites';
 * cachedEndpointSuite('/api/stats/', { minSpeedup: 3 });
 */
export function cachedEndpointSuite(path: string, options: CachedEndpointOptions): void {
  const budgetMs = options.budgetMs ?? 60_000;
  describe(`${path} cache`, () => {
    it(`warm responses are at least ${options.minSpeedup}× faster than cold ones`, async () => {
      const info = stackInfo();
      const cache = redisCacheControl(info);
      const http = new HttpClient(info.baseUrl, options.headers ? { headers: options.headers } : {});
      try {
        const check: TimingCheck = { path, minSpeedup: options.minSpeedup, ...(options.invalidate ? { invalidate: options.invalidate } : {}) };
        let result = await measureEndpoint(http, cache, check, { maxRequests: options.maxRequests ?? 200, budgetMs, seed: options.seed ?? 1 });
        result = await checkInvalidation(http, check, result);
        if (result.status !== 'passed') throw new Error(timingFailure(result));
      } finally {
        cache.close();
        await http.close();
      }
    }, budgetMs + 30_000);
  });
}

function timingFailure(r: TimingResult): string {
  const measured = `${r.verdict}: speedup ${r.speedup.toFixed(2)}× in [${r.speedupLow.toFixed(2)}, ${r.speedupHigh.toFixed(2)}], cold ${r.coldMs.toFixed(1)} ms, warm ${r.warmMs.toFixed(1)} ms, ${r.samples} requests`;
  return `${r.detail ?? `${r.path} is not cached`}\n${measured}\nevidence: ${JSON.stringify(r.evidence)}`;
}

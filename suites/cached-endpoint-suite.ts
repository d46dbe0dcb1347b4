import { describe, it } from 'vitest';
import { HttpClient } from '../src/http/client.js';
import { checkInvalidation, measureEndpoint, type TimingCheck } from '../src/timing/measure.js';
import type { TimingResult } from '../src/types.js';
import { stackInfo } from '../src/vitest/provided-context.js';
import { cacheClientOf } from '../src/backing/cache.js';

/** Defaults of `cachedEndpointSuite`: those of the timing phase of `enid-test run`. */
const CACHED_ENDPOINT_DEFAULTS = { minSpeedup: 2, maxRequests: 200, budgetMs: 60_000, seed: 1 } as const;

export interface CachedEndpointOptions {
  /** Warm responses must be at least this many times faster than cold ones (lower confidence bound); default 2, must be > 1. */
  minSpeedup?: number;
  /** A write after which the next read must be fresh, e.g. `{ method: 'POST', path: '/api/notes/', body: {...} }`. */
  invalidate?: TimingCheck['invalidate'];
  /** Most requests to spend before deciding (default 200). */
  maxRequests?: number;
  /** Wall-clock budget of the measurement (default 60 s). */
  budgetMs?: number;
  /** Bootstrap seed of the verdict (default 1). */
  seed?: number;
  headers?: Record<string, string>;
}

/**
 * The harness's timing check of one cached GET endpoint as a vitest test: cold requests (Redis flushed
 * before each, through the stack's published Redis port) interleaved with warm ones, decided on a
 * confidence bound of the speedup; cached bodies must equal the response that filled the cache.
 * Every Redis command is bounded (5 s), so a stuck Redis fails the test instead of hanging it.
 *
 * @example
 * import { cachedEndpointSuite } from 'enid-test/suites';
 * cachedEndpointSuite('/api/stats/');                  // warm at least 2× faster
 * cachedEndpointSuite('/api/report/', { minSpeedup: 3 });
 */
export function cachedEndpointSuite(path: string, options: CachedEndpointOptions = {}): void {
  const { minSpeedup, maxRequests, budgetMs, seed } = { ...CACHED_ENDPOINT_DEFAULTS, ...definedOnly(options) };
  // Checked when the file is collected: a threshold of 1 or less could never tell a cache from noise.
  if (!(minSpeedup > 1)) throw new RangeError(`cachedEndpointSuite(${JSON.stringify(path)}): minSpeedup must be greater than 1, got ${minSpeedup}`);
  describe(`${path} cache`, () => {
    it(`warm responses are at least ${minSpeedup}× faster than cold ones`, async () => {
      const info = stackInfo();
      const cache = cacheClientOf(info, { phase: 'suites' });
      const http = HttpClient.forStack(info, options.headers);
      try {
        const check: TimingCheck = { path, minSpeedup, ...(options.invalidate ? { invalidate: options.invalidate } : {}) };
        let result = await measureEndpoint(http, cache, check, { maxRequests, budgetMs, seed });
        result = await checkInvalidation(http, check, result);
        if (result.status !== 'passed') throw new Error(timingFailure(result));
      } finally {
        cache.close();
        await http.close();
      }
    }, budgetMs + 30_000);
  });
}

// `{ minSpeedup: undefined }` must mean the default, as it would with `??`.
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function timingFailure(r: TimingResult): string {
  const measured = `${r.verdict}: speedup ${r.speedup.toFixed(2)}× in [${r.speedupLow.toFixed(2)}, ${r.speedupHigh.toFixed(2)}], cold ${r.coldMs.toFixed(1)} ms, warm ${r.warmMs.toFixed(1)} ms, ${r.samples} requests`;
  return `${r.detail ?? `${r.path} is not cached`}\n${measured}\nevidence: ${JSON.stringify(r.evidence)}`;
}

import { EnidError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { BackingInfo, CacheClient, CacheClientOptions } from './backing-module.js';
import { BACKING_MODULES } from './registry.js';

/** The run's cache service, as a client that flushes it through its published address; undefined when the run has none. */
export function findCacheClient(info: { backing?: Record<string, BackingInfo> }, options: CacheClientOptions = {}): CacheClient | undefined {
  const module = BACKING_MODULES.find((m) => m.cacheClient && info.backing?.[m.kind]);
  return module ? module.cacheClient!(info.backing![module.kind]!, options) : undefined;
}

/** As findCacheClient, for a caller that cannot do without one (cachedEndpointSuite): exit 2 when the run has no cache. */
export function cacheClientOf(info: { service: string; backing?: Record<string, BackingInfo> }, options: CacheClientOptions = {}): CacheClient {
  const client = findCacheClient(info, options);
  if (client) return client;
  const caches = BACKING_MODULES.filter((m) => m.cacheClient);
  throw new EnidError(`${info.service} has no ${caches.map((m) => m.title).join(' or ')} in its stack, so its cache cannot be flushed between cold samples`, {
    code: 'ENID_NO_REDIS', exitCode: ExitCode.BadInput, phase: options.phase ?? 'suites',
    hint: 'cachedEndpointSuite needs a Redis-backed cache; check REDIS_URL in the service .env or pass --redis',
  });
}

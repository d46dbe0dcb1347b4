import type { StartedStack } from '../stack/start-stack.js';
import type { CacheClient } from '../backing/backing-module.js';
import { findCacheClient } from '../backing/cache.js';

/** How the harness empties the service's cache between cold samples and looks for the keys it wrote. */
export type CacheControl = CacheClient;

/**
 * The run's cache service straight through its published port (one connection, microseconds per
 * flush: a `docker exec` per cold sample cost ~80 ms; every wait bounded); otherwise the service's own
 * cache API inside its container.
 */
export function cacheControlFor(stack: StartedStack): CacheControl {
  const direct = findCacheClient(stack.toInfo(), { phase: 'timing' });
  if (direct) return direct;
  return {
    kind: 'django',
    flush: async () => {
      const res = await stack.service.manage(['shell', '-c', 'from django.core.cache import caches\nfor a in caches: caches[a].clear()']);
      if (res.exitCode !== 0) throw new Error(`clearing the Django cache failed: ${res.output.trim().split('\n').at(-1) ?? ''}`);
    },
    keys: async () => undefined,
    close: () => undefined,
  };
}

/** A glob that covers sampled keys: their longest common prefix, plus `*`. */
export function keyPattern(keys: string[]): string | undefined {
  if (!keys.length) return undefined;
  let prefix = keys[0]!;
  for (const k of keys) while (!k.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return `${prefix}*`;
}

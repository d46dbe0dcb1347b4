import type { StartedStack } from '../stack/start-stack.js';
import { redisCacheControl } from './redis-cache.js';

/** How the harness empties the service's cache between cold samples and looks for the keys it wrote. */
export interface CacheControl {
  readonly kind: 'redis' | 'django';
  flush(): Promise<void>;
  /** Keys in the cache now (Redis only; undefined where the backend cannot be listed). */
  keys(): Promise<{ count: number; sample: string[] } | undefined>;
  /** Releases the connection, if any. */
  close(): void;
}

/**
 * Redis straight through its published port (one connection, microseconds per flush: a `docker exec`
 * per cold sample cost ~80 ms; every wait bounded, see redisCacheControl); otherwise the service's own
 * cache API inside its container.
 */
export function cacheControlFor(stack: StartedStack): CacheControl {
  if (stack.backing.redis) return redisCacheControl(stack.toInfo(), { phase: 'timing' });
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

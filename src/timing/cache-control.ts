import type { StartedStack } from '../stack/start-stack.js';

/** How the harness empties the service's cache between cold samples and looks for the keys it wrote. */
export interface CacheControl {
  readonly kind: 'redis' | 'django';
  flush(): Promise<void>;
  /** Keys in the cache now (Redis only; undefined where the backend cannot be listed). */
  keys(): Promise<{ count: number; sample: string[] } | undefined>;
}

/** Redis through redis-cli inside the run's own Redis container; otherwise the service's cache API. */
export function cacheControlFor(stack: StartedStack): CacheControl {
  const redis = stack.redis;
  if (redis) {
    return {
      kind: 'redis',
      // The run's Redis belongs to this run alone: FLUSHALL also covers a cache on another db index.
      flush: async () => void (await redis.executeCliCmd('FLUSHALL')),
      keys: async () => {
        const info = await redis.executeCliCmd('INFO', ['keyspace']);
        const dbs = [...info.matchAll(/^db(\d+):keys=(\d+)/gm)].map((m) => ({ db: m[1]!, keys: Number(m[2]) }));
        const count = dbs.reduce((n, d) => n + d.keys, 0);
        const sample: string[] = [];
        for (const d of dbs) {
          const res = await redis.exec(['redis-cli', '-n', d.db, '--scan']);
          sample.push(...res.output.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 20));
        }
        return { count, sample };
      },
    };
  }
  return {
    kind: 'django',
    flush: async () => {
      const res = await stack.service.manage(['shell', '-c', 'from django.core.cache import caches\nfor a in caches: caches[a].clear()']);
      if (res.exitCode !== 0) throw new Error(`clearing the Django cache failed: ${res.output.trim().split('\n').at(-1) ?? ''}`);
    },
    keys: async () => undefined,
  };
}

/** A glob that covers sampled keys: their longest common prefix, plus `*`. */
export function keyPattern(keys: string[]): string | undefined {
  if (!keys.length) return undefined;
  let prefix = keys[0]!;
  for (const k of keys) while (!k.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return `${prefix}*`;
}

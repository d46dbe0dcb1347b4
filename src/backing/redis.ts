import { z } from 'zod';
import { stringList } from '../config-value-schemas.js';
import type { BackingDiscovery, BackingModule, BackingSpec, ComposeServiceView } from './backing-module.js';
import { redisCacheClient } from './redis-cache.js';
import { parseRedisUrl } from './urls.js';

const LOOPBACK_OR_IP = /^(localhost|127\.|\d+\.\d+\.\d+\.\d+$)/;
const SERVICE_NAMES = ['redis', 'cache'];
/** Requirements that mean the service talks to Redis (the seed: "Redis only when it pays"). */
export const REDIS_PACKAGES = ['django-redis', 'redis', 'hiredis', 'django-redis-cache', 'channels-redis'];

/** `redis` in enid.config: force it on or off, its image and aliases. */
export const redisConfig = z.strictObject({
  image: z.string().optional(),
  enabled: z.boolean().optional(),
  aliases: stringList.optional(),
});

/** The database index the service's REDIS_URL names (0 when it names none). */
export function redisDb(spec: BackingSpec): number {
  return Number(spec.settings.db);
}

export const redisModule: BackingModule = {
  kind: 'redis',
  title: 'Redis',
  defaultImage: 'redis:7-alpine',
  optional: true,
  port: 6379,
  urlShorthand: 'redisUrl',

  matches: (s: ComposeServiceView) => /(^|\/)(redis|valkey)/.test(s.image ?? '') || (!s.build && SERVICE_NAMES.includes(s.name)),

  discover(input: BackingDiscovery): BackingSpec | null {
    const service = input.compose?.services.find((s) => redisModule.matches(s));
    const packages = REDIS_PACKAGES.filter((p) => input.requirements.has(p));
    const decided = input.enabled ?? input.config.enabled;
    if (decided === false) return null;
    if (decided === undefined) {
      if (!packages.length && !service) return null;
      input.assumptions.push(`uses Redis (${[...packages, ...(service ? [`compose service ${service.name}`] : [])].join(', ')})`);
    }
    const url = input.appEnv.REDIS_URL ? parseRedisUrl(input.appEnv.REDIS_URL) : undefined;
    // A loopback or IP host in REDIS_URL cannot be a network alias (inside the container it is the service itself).
    const host = url && !LOOPBACK_OR_IP.test(url.host) ? url.host : undefined;
    const aliases = [...new Set([...(input.config.aliases ?? []), service?.name, host, 'redis'].filter((a): a is string => !!a))];
    return { image: input.image, aliases, settings: { db: url?.db ?? 0 } };
  },

  wire(spec, env) {
    const host = spec.aliases[0]!;
    const db = redisDb(spec);
    env.REDIS_URL = `redis://${host}:6379/${db}`;
    // Each URL keeps its own database index (a Celery broker on /2 must not share the cache's /1).
    for (const k of ['CACHE_URL', 'REDIS_CACHE_URL', 'CELERY_BROKER_URL']) {
      if (env[k]?.startsWith('redis')) env[k] = `redis://${host}:6379/${parseRedisUrl(env[k])?.db ?? db}`;
    }
    if (env.REDIS_HOST !== undefined) env.REDIS_HOST = host;
    if (env.REDIS_PORT !== undefined) env.REDIS_PORT = '6379';
  },

  secrets: () => ({ secret: [], public: [] }),

  cacheClient: redisCacheClient,
};

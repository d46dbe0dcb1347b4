import { randomBytes } from 'node:crypto';
import type { EnidConfig } from './config.js';
import type { DiscoverOptions } from './discover/discover.js';
import type { Reporter } from './report/reporter.js';

/** Options of one run; the CLI fills them from flags and environment variables. */
export interface RunOptions {
  serviceDir: string;
  reportsDir?: string;
  seed?: number;
  rows?: number;
  shard?: { index: number; total: number };
  buildArgs?: Record<string, string>;
  postgresImage?: string;
  redisImage?: string;
  /** Base image for the Dockerfile's ARG PYTHON_VERSION. */
  pythonImage?: string;
  /** Prebuilt service image instead of building. */
  image?: string;
  redis?: boolean;
  minCoverage?: number;
  e2eCoverage?: boolean;
  /** Stream container logs to the reporter as they arrive. */
  verbose?: boolean;
  /** Keep the stack after the run (nothing is torn down). */
  keep?: boolean;
  coverage?: boolean;
  timing?: boolean;
  /** Config that replaces enid.config.* in the service directory. */
  config?: EnidConfig;
  reporter?: Reporter;
  signal?: AbortSignal;
}

export const DEFAULT_POSTGRES_IMAGE = 'postgres:16-alpine';
export const DEFAULT_REDIS_IMAGE = 'redis:7-alpine';

/** Values from the environment (ENID_*), used where an option is not given. */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<RunOptions> {
  const out: Partial<RunOptions> = {};
  if (env.ENID_POSTGRES_IMAGE) out.postgresImage = env.ENID_POSTGRES_IMAGE;
  if (env.ENID_REDIS_IMAGE) out.redisImage = env.ENID_REDIS_IMAGE;
  if (env.ENID_PYTHON_IMAGE) out.pythonImage = env.ENID_PYTHON_IMAGE;
  if (env.ENID_BUILD_ARGS) out.buildArgs = parseKeyValues(env.ENID_BUILD_ARGS.split(','), 'ENID_BUILD_ARGS');
  return out;
}

/** `K=V` strings to a record; a malformed entry is an error naming where it came from. */
export function parseKeyValues(items: string[], from: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items.map((i) => i.trim()).filter(Boolean)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`${from}: expected KEY=VALUE, got "${item}"`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** What discovery needs from a run's options: images with their defaults, overrides, and per-run passwords. */
export function toDiscoverOptions(options: Partial<RunOptions>, config: EnidConfig): DiscoverOptions {
  return {
    postgresImage: options.postgresImage ?? DEFAULT_POSTGRES_IMAGE,
    redisImage: options.redisImage ?? DEFAULT_REDIS_IMAGE,
    pythonImage: options.pythonImage,
    buildArgs: options.buildArgs,
    redis: options.redis,
    image: options.image,
    config,
    generatePassword: () => randomBytes(18).toString('base64url'),
  };
}

import type { BackingInfo } from '../backing/backing-module.js';

export type { BackingInfo } from '../backing/backing-module.js';

/** What tests need to reach a booted stack: plain data, safe to `provide` to vitest workers. */
export interface StackInfo {
  runId: string;
  service: string;
  /** e.g. http://localhost:32771 — the service as published by testcontainers. */
  baseUrl: string;
  apiRoots: string[];
  /** Host header the service accepts (from its ALLOWED_HOSTS), once the run has asked it; send it with every request. */
  hostHeader?: string;
  /** Headers a TLS proxy would add (X-Forwarded-Proto…), when the service redirects plain HTTP; send them too. */
  proxyHeaders?: Record<string, string>;
  /** Every backing service of the run by kind (`backing.postgres.url`, `backing.redis.port`). */
  backing: Record<string, BackingInfo>;
  /** Shorthand for `backing.postgres.url`. */
  databaseUrl?: string;
  /** Shorthand for `backing.redis.url`, when the run has Redis. */
  redisUrl?: string;
  logs: Record<string, string>;
}

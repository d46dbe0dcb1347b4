/** What tests need to reach a booted stack: plain data, safe to `provide` to vitest workers. */
export interface StackInfo {
  runId: string;
  service: string;
  /** e.g. http://localhost:32771 — the service as published by testcontainers. */
  baseUrl: string;
  apiRoots: string[];
  databaseUrl: string;
  postgres: { host: string; port: number; user: string; password: string; database: string };
  redisUrl?: string;
  redis?: { host: string; port: number; db: number };
  logs: Record<string, string>;
}

import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { discover } from '../discover/discover.js';
import { loadConfig } from '../discover/load-config.js';
import { badInput } from '../errors.js';
import { HttpClient } from '../http/client.js';
import { optionsFromEnv, toDiscoverOptions, type RunOptions } from '../run-options.js';
import { discoverApi } from '../seed/endpoints.js';
import { seedApi } from '../seed/run-seed.js';
import type { StackInfo } from '../stack/stack-info.js';
import { startStack } from '../stack/start-stack.js';

export interface BootedService {
  info: StackInfo;
  /** Rows seeded per collection path. */
  seeded: Record<string, number>;
  stop(): Promise<void>;
}

export interface BootOptions {
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onProgress?: (line: string) => void;
}

/**
 * What `enid-test run` does before its checks, for a vitest globalSetup: discover the service, boot it
 * (images from ENID_* like the CLI), and seed it through its API so suites find rows. ENID_ROWS and
 * ENID_SEED override the config's seed volume; ENID_REPORTS_DIR decides where container logs go.
 */
export async function bootService(serviceDir: string, options: BootOptions = {}): Promise<BootedService> {
  const env = options.env ?? process.env;
  let fromEnv: Partial<RunOptions>;
  try {
    fromEnv = optionsFromEnv(env);
  } catch (err) {
    throw badInput((err as Error).message, 'ENID_BUILD_ARGS takes KEY=VALUE pairs separated by commas');
  }
  const { config } = await loadConfig(serviceDir);
  const spec = discover(serviceDir, toDiscoverOptions(fromEnv, config));
  const runId = `${spec.name}-vitest-${randomUUID().slice(0, 8)}`;
  const logsDir = path.join(env.ENID_REPORTS_DIR ? path.resolve(env.ENID_REPORTS_DIR) : path.join(tmpdir(), `enid-${runId}`), 'logs');
  const stack = await startStack(spec, { runId, logsDir, signal: options.signal, bootTimeoutMs: config.service?.bootTimeoutMs, onProgress: options.onProgress });
  const info = stack.toInfo();
  const auth = config.flows?.authHeader;
  const http = new HttpClient(info.baseUrl, auth ? { headers: { [auth.name]: auth.value } } : {});
  try {
    const { api, notes } = await discoverApi(http, stack.service, spec.apiRoots, config.seed?.skip);
    notes.forEach((n) => options.onProgress?.(n));
    const { report } = await seedApi(http, api, {
      seed: numberFrom(env.ENID_SEED, 'ENID_SEED') ?? config.seed?.seed ?? 1,
      rows: numberFrom(env.ENID_ROWS, 'ENID_ROWS') ?? config.seed?.rows ?? 20,
      concurrency: config.seed?.concurrency ?? 8,
      signal: options.signal,
      onProgress: options.onProgress,
    });
    if (config.seed?.createTestData) await stack.service.manage(['create_test_data']);
    return { info, seeded: Object.fromEntries(report.endpoints.map((e) => [e.path, e.created])), stop: () => stack.stop() };
  } catch (err) {
    await stack.stop();
    throw err;
  } finally {
    await http.close().catch(() => undefined);
  }
}

function numberFrom(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw badInput(`${name} must be a whole number, got "${value}"`, `set ${name} to 0 or more, or unset it`);
  return n;
}

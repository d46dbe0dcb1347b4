import type { EnidConfig } from './config.js';
import { badInput } from './errors.js';
import { BACKING_MODULES, imageOverride } from './backing/registry.js';
import type { Reporter } from './report/reporter.js';

/**
 * Options of one run as given: the CLI fills them from its flags, `run()` callers in code. What the run
 * then uses is worked out once from these, ENID_* variables and enid.config (src/options/resolve-options.ts).
 */
export interface RunOptions {
  serviceDir: string;
  reportsDir?: string;
  seed?: number;
  rows?: number;
  shard?: { index: number; total: number };
  buildArgs?: Record<string, string>;
  /** Image per backing service kind: `--postgres-image`, ENID_POSTGRES_IMAGE (default: each module's). */
  backingImages?: Record<string, string>;
  /** Base image for the Dockerfile's ARG PYTHON_VERSION. */
  pythonImage?: string;
  /** Prebuilt service image instead of building. */
  image?: string;
  /** On or off per optional backing service: `--redis` / `--no-redis` (default: discovered). */
  backingEnabled?: Record<string, boolean>;
  minCoverage?: number;
  e2eCoverage?: boolean;
  /** Stream container logs to the reporter as they arrive. */
  verbose?: boolean;
  /** Keep the stack after the run (nothing is torn down). */
  keep?: boolean;
  coverage?: boolean;
  /** `--no-database`: skip the database hygiene checks. */
  database?: boolean;
  /** `--no-checks`: skip the checks phase (edge input, two users, caches, writes that stick). */
  checks?: boolean;
  /** `--no-suites`: skip the service's own vitest suites. */
  suites?: boolean;
  timing?: boolean;
  /** PR mode: compare with the service at the merge base of this git ref (`auto`: the PR's target branch in CI). */
  base?: string;
  /** Config that replaces enid.config.* in the service directory. */
  config?: EnidConfig;
  reporter?: Reporter;
  signal?: AbortSignal;
}

/**
 * Values from the environment (ENID_*), used where an option is not given. A malformed value is a bad
 * input (exit 2) naming the variable, whichever entry point reads it.
 */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<RunOptions> {
  const out: Partial<RunOptions> = {};
  for (const module of BACKING_MODULES) {
    const image = env[imageOverride(module).env];
    if (image) out.backingImages = { ...out.backingImages, [module.kind]: image };
  }
  if (env.ENID_PYTHON_IMAGE) out.pythonImage = env.ENID_PYTHON_IMAGE;
  if (env.ENID_BUILD_ARGS) {
    try {
      out.buildArgs = parseKeyValues(env.ENID_BUILD_ARGS.split(','), 'ENID_BUILD_ARGS');
    } catch (err) {
      throw badInput((err as Error).message, 'ENID_BUILD_ARGS takes KEY=VALUE pairs separated by commas, e.g. PYTHON_VERSION=python:3.12-alpine,DEBUG=0');
    }
  }
  const seed = wholeNumber(env.ENID_SEED, 'ENID_SEED');
  if (seed !== undefined) out.seed = seed;
  const rows = wholeNumber(env.ENID_ROWS, 'ENID_ROWS');
  if (rows !== undefined) out.rows = rows;
  // CI templates set it on pull requests only: an empty value (a push) is no PR mode.
  if (env.ENID_BASE?.trim()) out.base = env.ENID_BASE.trim();
  return out;
}

function wholeNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw badInput(`${name} must be a whole number, got "${value}"`, `set ${name} to 0 or more, or unset it`);
  return n;
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

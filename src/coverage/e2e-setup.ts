import type { EnidConfig } from '../config.js';
import { pythonSource } from '../python/scripts.js';
import type { RunOptions } from '../run-options.js';
import type { ServiceSpec } from '../types.js';
import { E2E_DIR_ENV, E2E_SOURCE_ENV, IN_CONTAINER } from './container-paths.js';

/** What the service container needs before it boots for its own processes to measure coverage. */
export interface E2eCoverageSetup {
  env: Record<string, string>;
  files: Array<{ content: string; target: string; mode?: number }>;
}

/** E2E coverage is on with `--e2e-coverage` or `coverage.e2e` in the config, and never with `--no-coverage`. */
export function wantsE2eCoverage(options: Pick<RunOptions, 'coverage' | 'e2eCoverage'>, config: EnidConfig | undefined): boolean {
  if (options.coverage === false || config?.coverage?.enabled === false) return false;
  return options.e2eCoverage ?? config?.coverage?.e2e ?? false;
}

/**
 * A sitecustomize on PYTHONPATH (ahead of the service's own PYTHONPATH, kept), switched on by an env var
 * naming the data directory. Written to /tmp in the container: the service directory is never touched.
 */
export function e2eCoverageSetup(spec: Pick<ServiceSpec, 'env' | 'workdir'>): E2eCoverageSetup {
  const pythonPath = [IN_CONTAINER.pyDir, spec.env.PYTHONPATH].filter(Boolean).join(':');
  return {
    env: { PYTHONPATH: pythonPath, [E2E_DIR_ENV]: IN_CONTAINER.e2eDataDir, [E2E_SOURCE_ENV]: spec.workdir ?? '' },
    files: [{ content: pythonSource('e2e_sitecustomize'), target: `${IN_CONTAINER.pyDir}/sitecustomize.py`, mode: 0o644 }],
  };
}

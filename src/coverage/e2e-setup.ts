import { pythonSource } from '../python/scripts.js';
import type { ServiceSpec } from '../types.js';
import { E2E_DIR_ENV, E2E_SOURCE_ENV, IN_CONTAINER } from './container-paths.js';

/** What the service container needs before it boots for its own processes to measure coverage. */
export interface E2eCoverageSetup {
  env: Record<string, string>;
  files: Array<{ content: string; target: string; mode?: number }>;
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

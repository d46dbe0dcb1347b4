import type { ResolvedOptions } from '../options/resolved-options.js';
import { pythonSource } from '../python/scripts.js';
import type { CheckPhaseName, ServiceSpec } from '../types.js';

/** Where the hook lives in the container: the harness's own folder, never the service's. */
export const REQUEST_HOOK_DIR = '/tmp/enid/request-hook';
/** The header that carries the id the hook marks a traceback with. */
export const REQUEST_ID_HEADER = 'x-enid-request-id';

/**
 * What the service container needs before it boots for a 5xx to print its traceback: the hook
 * (python/checks_sitecustomize.py) as a sitecustomize on PYTHONPATH (the service's own PYTHONPATH kept
 * after it) and the switch that turns it on.
 */
export function requestHookSetup(spec: Pick<ServiceSpec, 'env'>): { env: Record<string, string>; files: Array<{ content: string; target: string; mode?: number }> } {
  return {
    env: { PYTHONPATH: [REQUEST_HOOK_DIR, spec.env.PYTHONPATH].filter(Boolean).join(':'), ENID_REQUEST_TRACEBACKS: '1' },
    files: [{ content: pythonSource('checks_sitecustomize'), target: `${REQUEST_HOOK_DIR}/sitecustomize.py`, mode: 0o644 }],
  };
}

/** The hook goes in when the run will reach the checks phase: it is planned, not turned off, and this shard runs it. */
export function wantsRequestHook(options: Pick<ResolvedOptions, 'checks' | 'shard'>, planned: readonly CheckPhaseName[]): boolean {
  if (!planned.includes('checks') || options.checks.disabledBecause) return false;
  return !options.shard || options.shard.total <= 1 || options.shard.index === 1;
}

/** Several harness features inject env and files before boot; their PYTHONPATHs must add up, not replace each other. Pure. */

/** Env and files a harness feature puts into the service container before it boots. */
export interface BootInjection {
  env: Record<string, string>;
  files: Array<{ content: string; target: string; mode?: number }>;
}

/** Where the harness keeps what it injects in the container (src/coverage/container-paths.ts, src/checks/request-hook.ts). */
const HARNESS_DIR = '/tmp/enid';

/**
 * One injection from several: files together, env merged, PYTHONPATH entries joined — the harness's
 * folders first in the order the injections come, then the service's own, then the image's (its ENV) —
 * a container env var replaces the image's, so without it a service that relies on ENV PYTHONPATH
 * would no longer import. Undefined when nothing is injected.
 */
export function mergeInjections(list: ReadonlyArray<BootInjection | undefined>, imagePythonPath?: string): BootInjection | undefined {
  const present = list.filter((i): i is BootInjection => i !== undefined);
  if (!present.length) return undefined;
  const env: Record<string, string> = {};
  const paths: string[] = [];
  for (const i of present) {
    for (const [k, v] of Object.entries(i.env)) {
      if (k === 'PYTHONPATH') paths.push(...v.split(':'));
      else env[k] = v;
    }
  }
  paths.push(...(imagePythonPath ?? '').split(':'));
  // The harness's folders first: a sitecustomize chains to the next one on sys.path, so the service's
  // own (if any) must come after all of them or it would end the chain before the harness's next hook.
  const ours = paths.filter((p) => p.startsWith(HARNESS_DIR));
  const joined = [...new Set([...ours, ...paths.filter((p) => p && !p.startsWith(HARNESS_DIR))])].join(':');
  if (joined) env.PYTHONPATH = joined;
  return { env, files: present.flatMap((i) => i.files) };
}

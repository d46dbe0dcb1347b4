/**
 * Running the probe in the booted service container. The script is copied to /tmp/enid/ (never into
 * the service's WORKDIR, which `up` bind-mounts from the host and watchmedo watches) and run through
 * the service's own manage.py: `manage.py shell -c` sets DJANGO_SETTINGS_MODULE exactly as the project
 * does (its `os.environ.setdefault`, or the container's environment when that is set), puts the
 * project on sys.path and calls django.setup(), so nothing about the project has to be parsed or
 * guessed. The one-line bootstrap executes the file in a fresh namespace named __main__, so the probe's
 * functions see its globals on every Django version (Django's shell exec()s `-c` code with varying
 * scopes) and its `if __name__ == '__main__'` part runs, and puts /tmp/enid/ on sys.path (last, so that
 * it shadows nothing of the project's) for the URL walk the probe shares with the URL fallback
 * (python/enid_url_walk.py).
 */
import { posix } from 'node:path';
import type { StartedTestContainer } from 'testcontainers';
import { pythonSource } from '../python/scripts.js';
import { parseProbeOutput, ProbeOutputError } from './parse.js';
import type { ProbeDocument } from './types.js';

/** The two container methods the probe needs (a testcontainers StartedTestContainer has both). */
export type ProbeContainer = Pick<StartedTestContainer, 'copyContentToContainer' | 'exec'>;

/** Where the script goes inside the container: the harness's own directory, outside WORKDIR. */
export const PROBE_CONTAINER_PATH = '/tmp/enid/probe.py';

/** The URL walk the probe and the URL fallback import: beside them, under its module name. */
export const URL_WALK_CONTAINER_PATH = '/tmp/enid/enid_url_walk.py';

/** The shared URL walk module as a file to copy into the container beside a script that imports it. */
export function urlWalkFile(): { content: string; target: string; mode: number } {
  return { content: pythonSource('enid_url_walk'), target: URL_WALK_CONTAINER_PATH, mode: 0o644 };
}

export interface RunProbeOptions {
  /** manage.py relative to the working directory (a service with `app/manage.py` passes that). */
  manage?: string;
  /** Python executable on the container's PATH. */
  python?: string;
  /** Extra environment for the exec, on top of the container's own. */
  env?: Record<string, string>;
}

/** A finished probe: its document and everything it printed. */
export interface ProbeRun {
  document: ProbeDocument;
  /** Parts of the document that could not be read as written and were left out (see parse.ts). */
  notes: string[];
  /** Values read otherwise than written (an int DEBUG as a boolean). */
  coerced: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/**
 * The one-line bootstrap `manage.py shell -c` runs: the script's directory appended to sys.path (its
 * modules importable, the project's never shadowed), then the script file, compiled under its own name.
 */
export function bootstrap(path = PROBE_CONTAINER_PATH): string {
  const file = JSON.stringify(path);
  return `import sys; sys.path.append(${JSON.stringify(posix.dirname(path))}); exec(compile(open(${file}, encoding='utf-8').read(), ${file}, 'exec'), {'__name__': '__main__'})`;
}

/** argv of the probe run, in the service's working directory. */
export function probeCommand(options: RunProbeOptions = {}): string[] {
  return [options.python ?? 'python', options.manage ?? 'manage.py', 'shell', '-c', bootstrap()];
}

/**
 * Copies the probe into the container, runs it once in `workdir` and parses its document. Throws
 * ProbeOutputError (with the raw output) when no valid document came out; the probe itself reports
 * partial failures in `document.errors` and exits 0.
 */
export async function runProbe(container: ProbeContainer, workdir: string, options: RunProbeOptions = {}): Promise<ProbeRun> {
  await container.copyContentToContainer([{ content: pythonSource('django_probe'), target: PROBE_CONTAINER_PATH, mode: 0o644 }, urlWalkFile()]);
  const started = Date.now();
  // No .pyc files: importing the project's modules must not write into its (possibly mounted) tree.
  const env = { PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8', ...options.env };
  const res = await container.exec(probeCommand(options), { workingDir: workdir, env });
  const durationMs = Date.now() - started;
  try {
    return { ...parseProbeOutput(res.stdout), exitCode: res.exitCode, stdout: res.stdout, stderr: res.stderr, durationMs };
  } catch (err) {
    if (!(err instanceof ProbeOutputError)) throw err;
    // stdout may hold nothing useful when Django failed to start: the traceback is on stderr.
    const output = [res.stdout, res.stderr].filter(Boolean).join('\n');
    const why = res.exitCode === 0 ? err.message : `${err.message} (exit ${res.exitCode}); stderr ended with:\n${res.stderr.trim().split('\n').slice(-8).join('\n')}`;
    throw new ProbeOutputError(why, output);
  }
}

import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EnidError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { runPipeline } from '../pipeline/pipeline.js';
import type { Reporter } from '../report/reporter.js';
import type { StackInfo } from '../stack/stack-info.js';
import type { RunReport } from '../types.js';

export interface BootedService {
  info: StackInfo;
  /** Rows seeded per collection path. */
  seeded: Record<string, number>;
  /** The pipeline's report of discover … seed (what was found, how it was signed in). */
  report: RunReport;
  stop(): Promise<void>;
}

export interface BootOptions {
  signal?: AbortSignal;
  onProgress?: (line: string) => void;
}

/**
 * What `enid-test run` does before its checks, for a vitest globalSetup: the same pipeline up to and
 * including `seed` (images and seed volume from ENID_* like the CLI; sign-in from the config), keeping
 * the stack for the tests. ENID_REPORTS_DIR decides where container logs go (default: a temp folder).
 * A boot that fails throws the first error, with its hint and log tail, after removing the stack.
 */
export async function bootService(serviceDir: string, options: BootOptions = {}): Promise<BootedService> {
  const reportsDir = process.env.ENID_REPORTS_DIR ? path.resolve(process.env.ENID_REPORTS_DIR) : path.join(tmpdir(), `enid-vitest-${randomUUID().slice(0, 8)}`);
  const progress = options.onProgress ?? (() => undefined);
  const reporter: Reporter = {
    name: 'vitest-progress',
    onLog: progress,
    onPhaseEnd: (p) => { if (p.status === 'failed') progress(`${p.name} failed: ${p.detail ?? ''}`); },
    printsToStdio: () => false,
  };
  const { report, stack, info } = await runPipeline({ serviceDir, reportsDir, until: 'seed', keepStack: 'if-healthy', runLabel: 'vitest', reporter, signal: options.signal });
  const first = report.errors[0];
  if (first) throw EnidError.fromRunError(first);
  if (!stack) throw new EnidError('the pipeline ended without a stack and without saying why', { code: 'ENID_INTERNAL', exitCode: ExitCode.Internal, phase: 'stack' });
  const seeded = Object.fromEntries((report.seed?.endpoints ?? []).map((e) => [e.path, e.created]));
  return { info: info ?? stack.toInfo(), seeded, report, stop: () => stack.stop() };
}

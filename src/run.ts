import { runPipeline } from './pipeline/pipeline.js';
import type { RunOptions } from './run-options.js';
import type { RunReport } from './types.js';

/**
 * Runs every phase on one service — discover, stack, inspect, seed, flows, suites, timing, coverage —
 * then tears down (unless `keep`). Never throws for a failed check or a broken service: the outcome is
 * the report (`status`, `exitCode`, `errors`).
 */
export async function run(options: RunOptions): Promise<RunReport> {
  const { report } = await runPipeline({ ...options, keepStack: options.keep ? 'always' : 'never' });
  return report;
}

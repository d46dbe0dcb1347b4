import { EnidError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';

/**
 * SIGINT/SIGTERM abort the run so that teardown happens; a second signal exits at once (leftovers,
 * if any, are found by `enid-test clean`).
 */
export function abortOnSignals(onFirst?: (signal: string) => void): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  let count = 0;
  const handler = (name: NodeJS.Signals): void => {
    count += 1;
    if (count > 1) process.exit(ExitCode.Interrupted);
    onFirst?.(name);
    controller.abort(new EnidError(`interrupted by ${name}`, { code: 'ENID_INTERRUPTED', exitCode: ExitCode.Interrupted, phase: 'cli' }));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

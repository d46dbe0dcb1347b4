import { inject } from 'vitest';
import { ExitCode } from '../exit-codes.js';
import { EnidError } from '../errors.js';
import type { StackInfo } from '../stack/stack-info.js';
import { STACK_KEY } from './stack-key.js';

export { STACK_KEY } from './stack-key.js';

declare module 'vitest' {
  interface ProvidedContext {
    'enid:stack': StackInfo;
  }
}

/**
 * The stack the `enid-test/vitest` globalSetup (or `enid-test run`) booted for this test run: published
 * URLs and credentials, plain data only.
 *
 * @example
 * import { stackInfo } from 'enid-test/suites';
 * const { baseUrl, databaseUrl } = stackInfo();
 */
export function stackInfo(): StackInfo {
  let info: StackInfo | undefined;
  try {
    info = inject(STACK_KEY);
  } catch (err) {
    // inject() only works inside a vitest worker; anywhere else vitest throws a long internal message.
    throw missing('stackInfo() was called outside a vitest test file', err);
  }
  if (!info) throw missing('no enid-test stack was provided to this vitest run');
  return info;
}

function missing(message: string, cause?: unknown): EnidError {
  return new EnidError(message, {
    code: 'ENID_NO_STACK',
    exitCode: ExitCode.BadInput,
    phase: 'suites',
    hint: "add `globalSetup: ['enid-test/vitest']` to the test config of your vitest.config.ts, or run the suites with `enid-test run`",
    cause,
  });
}

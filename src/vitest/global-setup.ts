import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ExitCode } from '../exit-codes.js';
import { badInput, EnidError } from '../errors.js';
import type { StackInfo } from '../stack/stack-info.js';
import { bootService, type BootedService } from './boot.js';
import { STACK_KEY } from './provided-context.js';
import { cleanupBeforeSignalListeners } from './signals.js';

export type { StackInfo } from '../stack/stack-info.js';
export { STACK_KEY, stackInfo } from './provided-context.js';

let booted: BootedService | undefined;
let stopping: Promise<void> | undefined;
let restoreSignals: (() => void) | undefined;

/**
 * Vitest globalSetup: boots the service once for the whole test run (its image, PostgreSQL and Redis
 * when it uses it), seeds it through its API, and provides the published URLs to the tests as
 * `inject('enid:stack')` (or `stackInfo()` from `enid-test/suites`). The service directory is
 * ENID_SERVICE_DIR, else the vitest root. Under `enid-test run` (ENID_STACK_INFO set) it provides the
 * run's stack instead of booting another one.
 *
 * @example
 * // vitest.config.ts of a service repo
 * import { defineConfig } from 'vitest/config';
 * export default defineConfig({
 *   test: { include: ['e2e/**\/*.test.ts'], globalSetup: ['enid-test/vitest'], hookTimeout: 300_000 },
 * });
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = project.config.env?.ENID_STACK_INFO ?? process.env.ENID_STACK_INFO;
  if (given) {
    project.provide(STACK_KEY, parseStackInfo(given));
    return async () => undefined;
  }
  if (booted) {
    // A second project of the same vitest run shares the stack the first one booted.
    project.provide(STACK_KEY, booted.info);
    return teardown;
  }
  const serviceDir = path.resolve(process.env.ENID_SERVICE_DIR ?? project.config.root ?? process.cwd());
  const controller = new AbortController();
  const boot = bootService(serviceDir, { signal: controller.signal, onProgress: (line) => process.stderr.write(`enid-test: ${line}\n`) });
  restoreSignals = cleanupBeforeSignalListeners(async (signal) => {
    process.stderr.write(`enid-test: ${signal}, removing the stack…\n`);
    controller.abort(new EnidError(`interrupted by ${signal}; the stack was removed`, { code: 'ENID_INTERRUPTED', exitCode: ExitCode.Interrupted, phase: 'stack' }));
    // An aborted boot removes what it started before it rejects: wait for that, then for the teardown.
    await boot.catch(() => undefined);
    await teardown();
  });
  try {
    booted = await boot;
  } catch (err) {
    restoreSignals();
    restoreSignals = undefined;
    throw err;
  }
  const { info, seeded } = booted;
  const rows = Object.entries(seeded).map(([p, n]) => `${n} in ${p}`).join(', ');
  // One parseable line, so tools (and this repo's tests) can find the run's containers by its run id.
  process.stderr.write(`enid-test: stack ${info.runId} up: ${info.baseUrl} (seeded ${rows || 'nothing'})\n`);
  project.provide(STACK_KEY, info);
  return teardown;
}

/** Removes every container and the network of the stack `setup` booted; safe to call more than once. */
export async function teardown(): Promise<void> {
  const current = booted;
  if (!current) return;
  stopping ??= current.stop().finally(() => {
    booted = undefined;
    stopping = undefined;
    restoreSignals?.();
    restoreSignals = undefined;
  });
  await stopping;
}

/** ENID_STACK_INFO as StackInfo; it comes from `enid-test run`, so a malformed value is a bad input. */
export function parseStackInfo(json: string): StackInfo {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw badInput(`ENID_STACK_INFO is not JSON: ${(err as Error).message}`, 'unset ENID_STACK_INFO to let the globalSetup boot the service itself', { phase: 'suites' });
  }
  const info = value as Partial<StackInfo> | null;
  if (!info || typeof info.baseUrl !== 'string' || typeof info.runId !== 'string') {
    throw badInput('ENID_STACK_INFO holds no stack (baseUrl and runId missing)', 'unset ENID_STACK_INFO to let the globalSetup boot the service itself', { phase: 'suites' });
  }
  return info as StackInfo;
}

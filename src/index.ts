/**
 * enid-test as a library: `import { run, defineConfig } from 'enid-test'`.
 *
 * - {@link run} runs the whole pipeline on one service directory and resolves to its report (it never
 *   throws for a failed check or a broken service: look at `report.status` and `report.exitCode`);
 * - {@link defineConfig} types an `enid.config.ts`;
 * - {@link EnidError} and {@link ExitCode} are the error class and the exit-code contract of the CLI.
 *
 * The vitest globalSetup is `enid-test/vitest`, the reusable suites are `enid-test/suites`.
 *
 * @example
 * import { ExitCode, run } from 'enid-test';
 * const report = await run({ serviceDir: '.', reportsDir: 'enid-reports' });
 * if (report.exitCode !== ExitCode.Ok) console.error(report.errors);
 */
export { run } from './run.js';
export type { RunOptions } from './run-options.js';
export { defineConfig } from './config.js';
export type { EnidConfig } from './config.js';
export { EnidError } from './errors.js';
export type { EnidErrorOptions } from './errors.js';
export { ExitCode } from './exit-codes.js';
export type { ExitCodeValue } from './exit-codes.js';
export type { Reporter } from './report/reporter.js';
export type * from './types.js';
export type * from './stack/stack-info.js';

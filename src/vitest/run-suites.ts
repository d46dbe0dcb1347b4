import { existsSync, globSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { ExitCode } from '../exit-codes.js';
import { EnidError } from '../errors.js';
import type { StackInfo } from '../stack/stack-info.js';
import type { TestCaseResult } from '../types.js';
import type {} from './provided-context.js';
import { STACK_KEY } from './stack-key.js';
import { SuiteResultCollector } from './results.js';
import { removeListenersAddedSince, signalListeners } from './signals.js';

const CONFIG_FILES = ['vitest.config', 'vite.config'].flatMap((n) => ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'].map((e) => n + e));

export interface RunSuitesOptions {
  /** The service directory: vitest's root, where the globs are matched. */
  root: string;
  include: string[];
  info: StackInfo;
  shard?: { index: number; total: number };
  signal?: AbortSignal;
  onResult?: (result: TestCaseResult) => void;
}

/** Files under `root` matching the include globs (node_modules left out), relative and sorted. */
export function findSuiteFiles(root: string, include: string[]): string[] {
  const files = globSync(include, { cwd: root, exclude: (p) => path.basename(p) === 'node_modules' });
  return [...new Set(files.map((f) => f.split(path.sep).join('/')))].sort();
}

/**
 * Runs the service's own vitest files against an already booted stack, through vitest's Node API
 * (vitest 5.1: `createVitest(options)`, no leading mode argument), and returns one row per test.
 * The service's vitest.config.* is used when its root has one; the stack is provided as `enid:stack`
 * and as ENID_STACK_INFO, so its `enid-test/vitest` globalSetup, if any, does not boot a second one.
 */
export async function runSuites(options: RunSuitesOptions): Promise<TestCaseResult[]> {
  const { createVitest } = await importVitest();
  const collector = new SuiteResultCollector(options.onResult);
  const configFile = CONFIG_FILES.map((f) => path.join(options.root, f)).find((f) => existsSync(f));
  let output = '';
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => { output = (output + chunk.toString()).slice(-8_000); done(); } });
  const listeners = signalListeners();
  // vitest sets process.exitCode when tests fail; the harness decides its own exit code from the report.
  const exitCode = process.exitCode;
  let vitest: Awaited<ReturnType<typeof createVitest>> | undefined;
  try {
    vitest = await createVitest({
      root: options.root,
      config: configFile ?? false,
      include: options.include,
      watch: false,
      passWithNoTests: true,
      reporters: [collector],
      provide: { [STACK_KEY]: options.info },
      env: { ENID_STACK_INFO: JSON.stringify(options.info) },
      ...(options.shard && options.shard.total > 1 ? { shard: `${options.shard.index}/${options.shard.total}` } : {}),
      // Without a config of the service's own: a booted service answers slower than a unit test.
      ...(configFile ? {} : { testTimeout: 30_000, hookTimeout: 120_000 }),
    }, {
      // Vite's cache would otherwise go to <service>/node_modules/.vite: the harness writes nothing there.
      cacheDir: path.join(tmpdir(), 'enid-test-vite', path.basename(options.root)),
    }, { stdout: sink, stderr: sink });
    // vitest's logger exits the process 1 ms after SIGINT, which would skip the run's teardown: the
    // harness's own handler aborts `signal` instead, and the run is cancelled below.
    removeListenersAddedSince(listeners);
    const v = vitest;
    const cancel = (): void => void v.cancelCurrentRun('keyboard-input');
    options.signal?.addEventListener('abort', cancel, { once: true });
    try {
      await vitest.start();
    } finally {
      options.signal?.removeEventListener('abort', cancel);
    }
  } catch (err) {
    throw new EnidError(`vitest could not run the suites: ${(err as Error).message?.split('\n')[0] ?? String(err)}`, {
      code: 'ENID_SUITES_START', exitCode: ExitCode.BadInput, phase: 'suites', cause: err,
      hint: configFile ? `check ${path.basename(configFile)} in ${options.root}` : 'check the suite files and their imports',
      logTail: output.trim().split('\n').slice(-20),
    });
  } finally {
    await vitest?.close().catch(() => undefined);
    removeListenersAddedSince(listeners);
    process.exitCode = exitCode;
  }
  return collector.results;
}

async function importVitest(): Promise<typeof import('vitest/node')> {
  try {
    return await import('vitest/node');
  } catch (err) {
    throw new EnidError('the service has vitest suites, but vitest is not installed', {
      code: 'ENID_NO_VITEST', exitCode: ExitCode.Environment, phase: 'suites', cause: err,
      hint: 'install it next to enid-test: npm install --save-dev vitest@^5.1',
    });
  }
}

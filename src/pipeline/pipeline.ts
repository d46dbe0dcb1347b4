import createDebug from 'debug';
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import type { EnidConfig } from '../config.js';
import { e2eCoverageSetup, wantsE2eCoverage } from '../coverage/e2e-setup.js';
import { discover } from '../discover/discover.js';
import { loadConfig } from '../discover/load-config.js';
import { badInput } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { HttpClient } from '../http/client.js';
import { ReporterMultiplexer } from '../report/multiplexer.js';
import { optionsFromEnv, toDiscoverOptions, type RunOptions } from '../run-options.js';
import type { StackInfo } from '../stack/stack-info.js';
import { startStack, type StartedStack } from '../stack/start-stack.js';
import type { PhaseName, RunReport, ServiceSpec } from '../types.js';
import { runCheckPhases } from './check-phases.js';
import { emptyApi, emptyResources } from './context.js';
import type { AnyPhase } from './phase.js';
import { PHASES } from './phases.js';
import { apiCoverage } from './api-coverage.js';
import { RunRecorder } from './run-recorder.js';
import { interrupted, nothingExercised, verdictOf } from './verdict.js';

const debug = createDebug('enid:pipeline');

/**
 * How the entry points differ, declared instead of copied: `run` runs everything and tears down;
 * `up` and the vitest globalSetup stop after `seed` and keep the stack; `doctor` stops after `discover`.
 */
export interface PipelineOptions extends RunOptions {
  /** The last phase to run (default: every phase). */
  until?: PhaseName;
  /**
   * What becomes of the stack after the last phase: removed (`never`, the default); left running whatever
   * happened (`always`, `run --keep`); or handed to the caller unless an error occurred (`if-healthy`).
   */
  keepStack?: 'never' | 'always' | 'if-healthy';
  /** A word in the run id that tells runs apart in `docker ps` (`up`, `vitest`). */
  runLabel?: string;
  /** Bind-mount the service source over its WORKDIR (`up`: edits reload the server). */
  mountSource?: boolean;
  /** Where container logs go (default: `<reportsDir>/logs`). */
  logsDir?: string;
}

/** What a pipeline leaves: the report always; the stack only when kept, and then the caller stops it. */
export interface PipelineRun {
  report: RunReport;
  spec?: ServiceSpec;
  config?: EnidConfig;
  stack?: StartedStack;
  /** The kept stack as plain data, with what the run learnt of it (the Host header it accepts). */
  info?: StackInfo;
}

/**
 * Runs the phases of one service in order — discover, stack, then the check phases — and always tears
 * down what it started (unless told to keep it), also on failure and on abort. Never throws for a failed
 * check or a broken service: the outcome is the report (`status`, `exitCode`, `errors`).
 */
export async function runPipeline(input: PipelineOptions): Promise<PipelineRun> {
  const options = withEnvironment(input);
  const serviceDir = path.resolve(options.serviceDir);
  const reportsDir = path.resolve(options.reportsDir ?? 'enid-reports');
  const started = Date.now();
  const run = new RunRecorder(newReport(serviceDir, started, options), options.reporter ?? new ReporterMultiplexer([]), options.signal ?? new AbortController().signal);
  const { report, reporter, signal } = run;
  const checks = phasesUntil(options.until);
  const keep = options.keepStack ?? 'never';
  const planned: PhaseName[] = ['discover', ...(options.until === 'discover' ? [] : ['stack' as const, ...checks.map((p) => p.name)]), ...(keep === 'never' ? ['teardown' as const] : [])];
  reporter.onBegin?.({ service: report.service, phases: planned });

  const { spec, config } = (await run.timed('discover', () => discoverService(serviceDir, options, report))) ?? {};
  const stack = spec && config && options.until !== 'discover' && !signal.aborted
    ? await run.timed('stack', () => bootStack(spec, config, options, reportsDir, run))
    : undefined;
  if (stack && spec && config) {
    const info = stack.toInfo();
    const base = {
      spec, config, options, stack, info, reportsDir, reporter, signal,
      seed: options.seed ?? config.seed?.seed ?? 1,
      rows: options.rows ?? config.seed?.rows ?? 20,
      ...(options.shard ? { shard: options.shard } : {}),
    };
    const state = await runCheckPhases(run, checks, base, { http: new HttpClient(info.baseUrl), api: emptyApi(), resources: emptyResources() });
    // Every client derived from the first shares its pool: closing one closes them all.
    await state.http.close().catch(() => undefined);
  }
  const kept = stack ? await keepOrTearDown(run, stack, keep) : undefined;
  if (signal.aborted && !report.errors.some((e) => e.exitCode === ExitCode.Interrupted)) report.errors.push(interrupted('teardown'));
  judgeApiCoverage(run, checks, config, stack);

  Object.assign(report, verdictOf(report));
  report.durationMs = Date.now() - started;
  debug('pipeline finished: %s (exit %d)', report.status, report.exitCode);
  await reporter.onEnd?.(report);
  return { report, ...(spec ? { spec } : {}), ...(config ? { config } : {}), ...(kept ? { stack: kept, info: keptInfo(kept, report) } : {}) };
}

function newReport(serviceDir: string, started: number, options: PipelineOptions): RunReport {
  return {
    status: 'passed', exitCode: 0, startedAt: new Date(started).toISOString(), durationMs: 0,
    service: { name: path.basename(serviceDir), dir: serviceDir },
    phases: [], assumptions: [], flows: [], suites: [], timing: [], errors: [],
    ...(options.shard ? { shard: options.shard } : {}),
  };
}

/** The discover phase: the config and what it takes to boot the service; names the service in the report. */
async function discoverService(serviceDir: string, options: PipelineOptions & { envError?: unknown }, report: RunReport): Promise<{ spec: ServiceSpec; config: EnidConfig }> {
  if (options.envError) throw options.envError;
  assertServiceDir(serviceDir);
  const config = options.config ?? (await loadConfig(serviceDir)).config;
  const spec = discover(serviceDir, toDiscoverOptions(options, config));
  report.service.name = spec.name;
  report.assumptions = spec.assumptions;
  return { spec, config };
}

/** The stack phase: a run id for the labels, then the stack booted with the run's logs and limits. */
function bootStack(spec: ServiceSpec, config: EnidConfig, options: PipelineOptions, reportsDir: string, run: RunRecorder): Promise<StartedStack> {
  const runId = [spec.name, options.runLabel, randomUUID().slice(0, 8)].filter(Boolean).join('-');
  run.report.runId = runId;
  const { reporter, signal } = run;
  return startStack(spec, {
    runId,
    logsDir: options.logsDir ?? path.join(reportsDir, 'logs'),
    signal,
    bootTimeoutMs: config.service?.bootTimeoutMs,
    buildStallTimeoutMs: config.service?.buildStallTimeoutMs,
    reportsDir,
    mountSource: options.mountSource,
    onProgress: (line) => reporter.onLog?.(line),
    ...(options.verbose ? { onLogLine: (line: string) => reporter.onLog?.(line) } : {}),
    ...(wantsE2eCoverage(options, config) ? { e2eCoverage: e2eCoverageSetup(spec) } : {}),
  });
}

/** Teardown, or the stack handed to the caller (`keepStack`); returns the stack when it was kept. */
async function keepOrTearDown(run: RunRecorder, stack: StartedStack, keep: NonNullable<PipelineOptions['keepStack']>): Promise<StartedStack | undefined> {
  if (keep === 'always') {
    run.record({ name: 'teardown', status: 'skipped', durationMs: 0, detail: `--keep: stack ${stack.runId} left running; remove it with \`enid-test clean\`` });
    return stack;
  }
  if (keep === 'if-healthy' && !run.report.errors.length && !run.signal.aborted) return stack;
  await run.timed('teardown', () => stack.stop());
  return undefined;
}

/** The API coverage of the run, and "never green on nothing" when the flows ran and exercised none of it. */
function judgeApiCoverage(run: RunRecorder, checks: readonly AnyPhase[], config: EnidConfig | undefined, stack: StartedStack | undefined): void {
  const { report } = run;
  const api = apiCoverage(report);
  if (!api) return;
  report.api = api;
  if (!checks.some((p) => p.name === 'flows') || report.errors.length) return;
  const nothing = nothingExercised(report, api, config?.flows?.requireExercised !== false, stack?.service.readiness);
  if (nothing) run.error(nothing);
}

/** The kept stack as plain data, with what the run learnt of it (the Host header it accepts). */
function keptInfo(kept: StartedStack, report: RunReport): StackInfo {
  return {
    ...kept.toInfo(),
    ...(report.inspect?.hostHeader ? { hostHeader: report.inspect.hostHeader } : {}),
    ...(report.inspect?.proxyHeaders ? { proxyHeaders: report.inspect.proxyHeaders } : {}),
  };
}

/** The check phases up to and including `until` (all of them when it names none, or a pre-stack phase). */
export function phasesUntil(until: PhaseName | undefined): readonly AnyPhase[] {
  if (until === 'discover' || until === 'stack') return [];
  const last = PHASES.findIndex((p) => p.name === until);
  return last < 0 ? PHASES : PHASES.slice(0, last + 1);
}

function assertServiceDir(dir: string): void {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw badInput(code === 'ENOENT' ? `service directory ${dir} does not exist` : `service directory ${dir} cannot be read (${code})`,
      'pass the directory that holds the service\'s Dockerfile (or docker-compose.yml) as the first argument');
  }
  if (!isDir) throw badInput(`${dir} is not a directory`, 'pass the directory that holds the service\'s Dockerfile (or docker-compose.yml)');
}

/** Options from the environment (ENID_*) under the given ones; a malformed variable becomes the discover phase's error. */
function withEnvironment(input: PipelineOptions): PipelineOptions & { envError?: unknown } {
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as PipelineOptions;
  try {
    return { ...optionsFromEnv(), ...given };
  } catch (err) {
    return { ...given, envError: err };
  }
}

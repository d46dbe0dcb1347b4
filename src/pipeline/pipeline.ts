import createDebug from 'debug';
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import type { EnidConfig } from '../config.js';
import { requestHookSetup, wantsRequestHook } from '../checks/request-hook.js';
import { e2eCoverageSetup, wantsE2eCoverage } from '../coverage/e2e-setup.js';
import { discover } from '../discover/discover.js';
import { loadConfig } from '../discover/load-config.js';
import { badInput, toRunError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { HttpClient } from '../http/client.js';
import { ReporterMultiplexer } from '../report/multiplexer.js';
import type { Reporter } from '../report/reporter.js';
import { optionsFromEnv, toDiscoverOptions, type RunOptions } from '../run-options.js';
import type { StackInfo } from '../stack/stack-info.js';
import { startStack, type StartedStack } from '../stack/start-stack.js';
import type { PhaseName, PhaseReports, PhaseResult, RunReport, ServiceSpec } from '../types.js';
import { emptyApi, emptyResources, type RunContext, type RunState } from './context.js';
import type { AnyPhase, PhaseOutcome } from './phase.js';
import { PHASES } from './phases.js';
import { apiCoverage } from './api-coverage.js';
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
  const reporter: Reporter = options.reporter ?? new ReporterMultiplexer([]);
  const signal = options.signal ?? new AbortController().signal;
  const started = Date.now();
  const report: RunReport = {
    status: 'passed', exitCode: 0, startedAt: new Date(started).toISOString(), durationMs: 0,
    service: { name: path.basename(serviceDir), dir: serviceDir },
    phases: [], assumptions: [], flows: [], suites: [], timing: [], errors: [],
    ...(options.shard ? { shard: options.shard } : {}),
  };
  const checks = phasesUntil(options.until);
  const keep = options.keepStack ?? 'never';
  const planned: PhaseName[] = ['discover', ...(options.until === 'discover' ? [] : ['stack' as const, ...checks.map((p) => p.name)]), ...(keep === 'never' ? ['teardown' as const] : [])];
  reporter.onBegin?.({ service: report.service, phases: planned });

  const record = (result: PhaseResult): void => {
    report.phases.push(result);
    reporter.onPhaseEnd?.(result);
  };
  const fail = (err: unknown, phase: PhaseName): string => {
    const error = signal.aborted ? interrupted(phase) : toRunError(err, phase);
    report.errors.push(error);
    reporter.onError?.(error);
    return error.message;
  };
  const timed = async <T>(name: PhaseName, fn: () => Promise<T>): Promise<T | undefined> => {
    reporter.onPhaseBegin?.(name);
    const t = Date.now();
    try {
      const value = await fn();
      record({ name, status: 'passed', durationMs: Date.now() - t });
      return value;
    } catch (err) {
      record({ name, status: 'error', durationMs: Date.now() - t, detail: fail(err, name) });
      return undefined;
    }
  };

  const found = await timed('discover', async () => {
    if (options.envError) throw options.envError;
    assertServiceDir(serviceDir);
    const config = options.config ?? (await loadConfig(serviceDir)).config;
    const spec = discover(serviceDir, toDiscoverOptions(options, config));
    report.service.name = spec.name;
    report.assumptions = spec.assumptions;
    return { spec, config };
  });
  const { spec, config } = found ?? {};

  let stack: StartedStack | undefined;
  if (spec && config && options.until !== 'discover' && !signal.aborted) {
    const runId = [spec.name, options.runLabel, randomUUID().slice(0, 8)].filter(Boolean).join('-');
    report.runId = runId;
    stack = await timed('stack', () => startStack(spec, {
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
      ...(wantsRequestHook(options, config, checks.map((p) => p.name)) ? { requestHook: requestHookSetup(spec) } : {}),
    }));
  }

  if (stack && spec && config) {
    const info = stack.toInfo();
    let state: RunState = { http: new HttpClient(info.baseUrl), api: emptyApi(), resources: emptyResources() };
    const base = {
      spec, config, options, stack, info, reportsDir, reporter, signal,
      seed: options.seed ?? config.seed?.seed ?? 1,
      rows: options.rows ?? config.seed?.rows ?? 20,
      ...(options.shard ? { shard: options.shard } : {}),
    };
    for (const phase of checks) {
      if (signal.aborted) break;
      const ctx: RunContext = { ...base, state };
      const skipped = skipReason(phase, ctx);
      if (skipped) {
        record({ name: phase.name, status: 'skipped', durationMs: 0, detail: skipped });
        continue;
      }
      reporter.onPhaseBegin?.(phase.name);
      const t = Date.now();
      try {
        const outcome = await (phase.run as (c: RunContext) => Promise<PhaseOutcome<PhaseReports[typeof phase.name]>>)(ctx);
        fileResult(report, phase.name, outcome.result);
        if (outcome.state) state = { ...state, ...outcome.state };
        if (outcome.assumptions?.length) report.assumptions.push(...outcome.assumptions);
        record({ name: phase.name, status: outcome.status, durationMs: Date.now() - t, ...(outcome.detail ? { detail: outcome.detail } : {}) });
      } catch (err) {
        record({ name: phase.name, status: 'error', durationMs: Date.now() - t, detail: fail(err, phase.name) });
      }
    }
    // Every client derived from the first shares its pool: closing one closes them all.
    await state.http.close().catch(() => undefined);
  }

  let kept: StartedStack | undefined;
  if (stack) {
    if (keep === 'always') {
      record({ name: 'teardown', status: 'skipped', durationMs: 0, detail: `--keep: stack ${stack.runId} left running; remove it with \`enid-test clean\`` });
      kept = stack;
    } else if (keep === 'if-healthy' && !report.errors.length && !signal.aborted) {
      kept = stack;
    } else {
      await timed('teardown', () => stack.stop());
    }
  }
  if (signal.aborted && !report.errors.some((e) => e.exitCode === ExitCode.Interrupted)) report.errors.push(interrupted('teardown'));
  const api = apiCoverage(report);
  if (api) {
    report.api = api;
    if (checks.some((p) => p.name === 'flows') && !report.errors.length) {
      const nothing = nothingExercised(report, api, config?.flows?.requireExercised !== false, stack?.service.readiness);
      if (nothing) {
        report.errors.push(nothing);
        reporter.onError?.(nothing);
      }
    }
  }

  Object.assign(report, verdictOf(report));
  report.durationMs = Date.now() - started;
  debug('pipeline finished: %s (exit %d)', report.status, report.exitCode);
  await reporter.onEnd?.(report);
  const info = kept ? {
    ...kept.toInfo(),
    ...(report.inspect?.hostHeader ? { hostHeader: report.inspect.hostHeader } : {}),
    ...(report.inspect?.proxyHeaders ? { proxyHeaders: report.inspect.proxyHeaders } : {}),
  } : undefined;
  return { report, ...(spec ? { spec } : {}), ...(config ? { config } : {}), ...(kept ? { stack: kept, info: info! } : {}) };
}

/** The check phases up to and including `until` (all of them when it names none, or a pre-stack phase). */
export function phasesUntil(until: PhaseName | undefined): readonly AnyPhase[] {
  if (until === 'discover' || until === 'stack') return [];
  const last = PHASES.findIndex((p) => p.name === until);
  return last < 0 ? PHASES : PHASES.slice(0, last + 1);
}

function skipReason(phase: AnyPhase, ctx: RunContext): string | undefined {
  const { shard } = ctx;
  // Checks of the whole service are not split: shard 1 runs them, so merged shards count them once.
  if (phase.scope === 'first-shard' && shard && shard.total > 1 && shard.index !== 1) return `runs on shard 1/${shard.total}`;
  return phase.skipReason?.(ctx);
}

// The one place a phase's result enters the report: under its own key, nowhere else.
function fileResult<K extends keyof PhaseReports>(report: RunReport, key: K, value: PhaseReports[K]): void {
  (report as unknown as PhaseReports)[key] = value;
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

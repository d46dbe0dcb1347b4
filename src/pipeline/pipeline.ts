import createDebug from 'debug';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { EnidConfig } from '../config.js';
import { requestHookSetup, wantsRequestHook } from '../checks/request-hook.js';
import { e2eCoverageSetup } from '../coverage/e2e-setup.js';
import { ExitCode } from '../exit-codes.js';
import { HttpClient } from '../http/client.js';
import type { ResolvedOptions } from '../options/resolved-options.js';
import { ReporterMultiplexer } from '../report/multiplexer.js';
import type { RunOptions } from '../run-options.js';
import type { StackInfo } from '../stack/stack-info.js';
import { startStack, type StartedStack } from '../stack/start-stack.js';
import type { PhaseName, PhaseReports, RunReport, ServiceSpec } from '../types.js';
import { runCheckPhases } from './check-phases.js';
import { emptyApi, emptyResources } from './context.js';
import { discoverService, type Discovered } from './discover-step.js';
import type { AnyPhase } from './phase.js';
import { PHASES } from './phases.js';
import { apiCoverage } from './api-coverage.js';
import { PrSession } from '../pr/session.js';
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
  const options = definedOnly(input);
  const serviceDir = path.resolve(options.serviceDir);
  const started = Date.now();
  const run = new RunRecorder(newReport(serviceDir, started, options), options.reporter ?? new ReporterMultiplexer([]), options.signal ?? new AbortController().signal);
  const { report, reporter, signal } = run;
  // PR mode's phase runs only with a base to compare with (`--base`, ENID_BASE or `pr.base`, known once
  // the options are resolved), and like every whole-service check on shard 1 only.
  const otherShard = !!options.shard && options.shard.total > 1 && options.shard.index !== 1;
  const withPr = (on: boolean): readonly AnyPhase[] => phasesUntil(options.until).filter((p) => p.name !== 'pr' || (on && !otherShard));
  let checks = withPr(!!options.base);
  const keep = options.keepStack ?? 'never';
  const planned: PhaseName[] = ['discover', ...(options.until === 'discover' ? [] : ['stack' as const, ...checks.map((p) => p.name)]), ...(keep === 'never' ? ['teardown' as const] : [])];
  reporter.onBegin?.({ service: report.service, phases: planned });

  let pr: PrSession | undefined;
  const found = await run.timed('discover', async () => {
    const discovered = await discoverService(options, report);
    checks = withPr(!!discovered.options.pr.base);
    // The base is checked out now (a bad ref is exit 2 before anything boots) and its image builds beside the head's.
    if (checks.some((p) => p.name === 'pr')) pr = await PrSession.open({ options: discovered.options, flags: options, config: discovered.config, reporter, signal });
    return discovered;
  });
  const stack = found && options.until !== 'discover' && !signal.aborted
    ? await run.timed('stack', () => bootStack(found, options, run, checks))
    : undefined;
  if (stack && found) {
    const info = stack.toInfo();
    const { spec, config, options: resolved } = found;
    const base = {
      spec, config, options: resolved, stack, info, reportsDir: resolved.reportsDir, reporter, signal,
      seed: resolved.seed.seed, rows: resolved.seed.rows,
      ...(resolved.shard ? { shard: resolved.shard } : {}),
    };
    if (pr) pr.boot(stack, base);
    // `earlier` is the report itself: each phase sees what the phases before it filed.
    const state = await runCheckPhases(run, checks, { ...base, ...(pr ? { pr } : {}), earlier: report as Partial<PhaseReports> }, { http: new HttpClient(info.baseUrl), api: emptyApi(), resources: emptyResources() });
    // Every client derived from the first shares its pool: closing one closes them all.
    await state.http.close().catch(() => undefined);
  }
  // The base goes first: it is attached to the head's network. Kept with the head's stack under --keep.
  if (pr && keep === 'always' && stack) pr.checkout.remove();
  else await pr?.stop();
  const kept = stack ? await keepOrTearDown(run, stack, keep) : undefined;
  if (signal.aborted && !report.errors.some((e) => e.exitCode === ExitCode.Interrupted)) report.errors.push(interrupted('teardown'));
  judgeApiCoverage(run, checks, found?.options, stack);

  Object.assign(report, verdictOf(report));
  report.durationMs = Date.now() - started;
  debug('pipeline finished: %s (exit %d)', report.status, report.exitCode);
  await reporter.onEnd?.(report);
  return { report, ...(found ? { spec: found.spec, config: found.config } : {}), ...(kept ? { stack: kept, info: keptInfo(kept, report) } : {}) };
}

function newReport(serviceDir: string, started: number, options: PipelineOptions): RunReport {
  return {
    status: 'passed', exitCode: 0, startedAt: new Date(started).toISOString(), durationMs: 0,
    service: { name: path.basename(serviceDir), dir: serviceDir },
    phases: [], assumptions: [], flows: [], suites: [], timing: [], errors: [],
    ...(options.shard ? { shard: options.shard } : {}),
  };
}

/** The stack phase: a run id for the labels, then the stack booted with the run's logs and limits. */
function bootStack(found: Discovered, options: PipelineOptions, run: RunRecorder, checks: readonly AnyPhase[]): Promise<StartedStack> {
  const { spec, options: resolved } = found;
  const runId = [spec.name, options.runLabel, randomUUID().slice(0, 8)].filter(Boolean).join('-');
  run.report.runId = runId;
  const { reporter, signal } = run;
  return startStack(spec, {
    runId,
    logsDir: options.logsDir ?? path.join(resolved.reportsDir, 'logs'),
    signal,
    bootTimeoutMs: resolved.stack.bootTimeoutMs,
    buildStallTimeoutMs: resolved.stack.buildStallTimeoutMs,
    reportsDir: resolved.reportsDir,
    mountSource: options.mountSource,
    onProgress: (line) => reporter.onLog?.(line),
    ...(resolved.stack.verbose ? { onLogLine: (line: string) => reporter.onLog?.(line) } : {}),
    ...(resolved.stack.e2eCoverage ? { e2eCoverage: e2eCoverageSetup(spec) } : {}),
    ...(wantsRequestHook(resolved, checks.map((p) => p.name)) ? { requestHook: requestHookSetup(spec) } : {}),
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
function judgeApiCoverage(run: RunRecorder, checks: readonly AnyPhase[], options: ResolvedOptions | undefined, stack: StartedStack | undefined): void {
  const { report } = run;
  const api = apiCoverage(report);
  if (!api) return;
  report.api = api;
  if (!checks.some((p) => p.name === 'flows') || report.errors.length) return;
  const nothing = nothingExercised(report, api, options?.flows.requireExercised ?? true, stack?.service.readiness);
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

/** The given options without their undefined keys, so that a later source shows through them. */
function definedOnly(input: PipelineOptions): PipelineOptions {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as PipelineOptions;
}

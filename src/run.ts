import createDebug from 'debug';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ExitCode, worstExitCode } from './exit-codes.js';
import { e2eCoverageSetup, wantsE2eCoverage } from './coverage/e2e-setup.js';
import { discover } from './discover/discover.js';
import { loadConfig } from './discover/load-config.js';
import { badInput, EnidError, toRunError } from './errors.js';
import { HttpClient } from './http/client.js';
import { ReporterMultiplexer } from './report/multiplexer.js';
import type { Reporter } from './report/reporter.js';
import type { PhaseOutcome, RunContext } from './run-context.js';
import { optionsFromEnv, toDiscoverOptions, type RunOptions } from './run-options.js';
import { PHASES } from './phases.js';
import { startStack, type StartedStack } from './stack/start-stack.js';
import type { PhaseName, PhaseResult, RunReport, ServiceSpec } from './types.js';

const debug = createDebug('enid:run');
const WHOLE_SERVICE_PHASES: PhaseName[] = ['timing', 'coverage'];

/**
 * Runs the whole pipeline on one service: discover → stack → seed → flows → suites → timing → coverage,
 * then teardown, always. Never throws for a failed check or a broken service: the outcome is the report
 * (`status`, `exitCode`, `errors`). Throws only when the reporter itself cannot be called.
 */
export async function run(input: RunOptions): Promise<RunReport> {
  let fromEnv: Partial<RunOptions> = {};
  let envError: unknown;
  try {
    fromEnv = optionsFromEnv();
  } catch (err) {
    envError = badInput((err as Error).message, 'ENID_BUILD_ARGS takes KEY=VALUE pairs separated by commas', { phase: 'discover' });
  }
  const options: RunOptions = { ...fromEnv, ...stripUndefined(input), serviceDir: input.serviceDir };
  const serviceDir = path.resolve(options.serviceDir);
  const reportsDir = path.resolve(options.reportsDir ?? 'enid-reports');
  const reporter: Reporter = options.reporter ?? new ReporterMultiplexer([]);
  const signal = options.signal ?? new AbortController().signal;
  const started = Date.now();
  const report: RunReport = {
    status: 'passed',
    exitCode: 0,
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    service: { name: path.basename(serviceDir), dir: serviceDir },
    phases: [],
    assumptions: [],
    flows: [],
    suites: [],
    timing: [],
    errors: [],
    ...(options.shard ? { shard: options.shard } : {}),
  };
  const phaseNames: PhaseName[] = ['discover', 'stack', ...PHASES.map((p) => p.name), 'teardown'];
  reporter.onBegin?.({ service: report.service, phases: phaseNames });

  const record = (result: PhaseResult): void => {
    report.phases.push(result);
    reporter.onPhaseEnd?.(result);
  };
  const fail = (err: unknown, phase: PhaseName): void => {
    const error = signal.aborted ? interrupted(phase) : toRunError(err, phase);
    report.errors.push(error);
    reporter.onError?.(error);
  };
  const timed = async <T>(name: PhaseName, fn: () => Promise<T>): Promise<T | undefined> => {
    reporter.onPhaseBegin?.(name);
    const t = Date.now();
    try {
      const value = await fn();
      record({ name, status: 'passed', durationMs: Date.now() - t });
      return value;
    } catch (err) {
      fail(err, name);
      record({ name, status: 'error', durationMs: Date.now() - t, detail: report.errors.at(-1)!.message });
      return undefined;
    }
  };

  let spec: ServiceSpec | undefined;
  const discovered = await timed('discover', async () => {
    if (envError) throw envError;
    const { config } = options.config ? { config: options.config } : await loadConfig(serviceDir);
    spec = discover(serviceDir, toDiscoverOptions(options, config));
    report.service.name = spec.name;
    report.assumptions = spec.assumptions;
    return config;
  });

  let stack: StartedStack | undefined;
  if (spec && discovered && !signal.aborted) {
    const runId = `${spec.name}-${randomUUID().slice(0, 8)}`;
    report.runId = runId;
    stack = await timed('stack', () => startStack(spec!, {
      runId,
      logsDir: path.join(reportsDir, 'logs'),
      signal,
      bootTimeoutMs: discovered.service?.bootTimeoutMs,
      onProgress: (line) => reporter.onLog?.(line),
      ...(options.verbose ? { onLogLine: (line: string) => reporter.onLog?.(line) } : {}),
      ...(wantsE2eCoverage(options, discovered) ? { e2eCoverage: e2eCoverageSetup(spec!) } : {}),
    }));
  }

  if (stack && spec && discovered) {
    const info = stack.toInfo();
    const http = new HttpClient(info.baseUrl, discovered.flows?.authHeader ? { headers: { [discovered.flows.authHeader.name]: discovered.flows.authHeader.value } } : {});
    const ctx: RunContext = {
      spec, config: discovered, stack, info, http, reportsDir, reporter, signal, report, api: { schemas: [], routes: [], created: {}, protected: [] },
      seed: options.seed ?? discovered.seed?.seed ?? 1,
      rows: options.rows ?? discovered.seed?.rows ?? 20,
      ...(options.shard ? { shard: options.shard } : {}),
    };
    for (const phase of PHASES) {
      if (signal.aborted) break;
      if (!phase.enabled(ctx, options)) {
        record({ name: phase.name, status: 'skipped', durationMs: 0, detail: 'disabled' });
        continue;
      }
      if (options.shard && options.shard.total > 1 && options.shard.index !== 1 && WHOLE_SERVICE_PHASES.includes(phase.name)) {
        // Checks of the whole service are not split: shard 1 runs them, so merged shards count them once.
        record({ name: phase.name, status: 'skipped', durationMs: 0, detail: `runs on shard 1/${options.shard.total}` });
        continue;
      }
      reporter.onPhaseBegin?.(phase.name);
      const t = Date.now();
      try {
        const outcome: PhaseOutcome = await phase.run(ctx, options);
        const { api, ...patch } = outcome.patch ?? {};
        if (api) ctx.api = api;
        Object.assign(report, patch);
        record({ name: phase.name, status: outcome.status, durationMs: Date.now() - t, ...(outcome.detail ? { detail: outcome.detail } : {}) });
      } catch (err) {
        fail(err, phase.name);
        record({ name: phase.name, status: 'error', durationMs: Date.now() - t, detail: report.errors.at(-1)!.message });
      }
    }
    await http.close().catch(() => undefined);
  }

  if (stack) {
    if (options.keep) {
      record({ name: 'teardown', status: 'skipped', durationMs: 0, detail: `--keep: stack ${stack.runId} left running; remove it with \`enid-test clean\`` });
    } else {
      await timed('teardown', () => stack!.stop());
    }
  }
  if (signal.aborted && !report.errors.some((e) => e.exitCode === ExitCode.Interrupted)) report.errors.push(interrupted('teardown'));

  const failedChecks = report.phases.some((p) => p.status === 'failed');
  report.exitCode = worstExitCode([...report.errors.map((e) => e.exitCode), failedChecks ? ExitCode.CheckFailed : ExitCode.Ok]);
  report.status = report.exitCode === 0 ? 'passed' : report.errors.some((e) => e.exitCode !== ExitCode.CheckFailed) ? 'error' : 'failed';
  report.durationMs = Date.now() - started;
  debug('run finished: %s (exit %d)', report.status, report.exitCode);
  await reporter.onEnd?.(report);
  return report;
}

function interrupted(phase: PhaseName): ReturnType<EnidError['toRunError']> {
  return new EnidError('interrupted; everything the run started was removed', { code: 'ENID_INTERRUPTED', exitCode: ExitCode.Interrupted, phase }).toRunError();
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

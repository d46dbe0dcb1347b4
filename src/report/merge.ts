import { worstExitCode } from '../exit-codes.js';
import type { CheckStatus, PhaseResult, RunReport } from '../types.js';

const PHASE_RANK: Record<PhaseResult['status'], number> = { passed: 0, skipped: -1, failed: 1, error: 2 };

/**
 * One report from the reports of a service's shards: flows and suites are concatenated (each shard ran
 * its own share), whole-service checks (timing, coverage) come from the shard that ran them, phases
 * take the worst status and the longest duration, and the exit code is the worst of all.
 */
export function mergeReports(reports: RunReport[]): RunReport {
  if (!reports.length) throw new Error('no reports to merge');
  const sorted = [...reports].sort((a, b) => (a.shard?.index ?? 0) - (b.shard?.index ?? 0));
  const first = sorted[0]!;
  const phases: PhaseResult[] = [];
  for (const r of sorted) {
    for (const p of r.phases) {
      const existing = phases.find((q) => q.name === p.name);
      if (!existing) phases.push({ ...p });
      else {
        if (PHASE_RANK[p.status] > PHASE_RANK[existing.status]) Object.assign(existing, { status: p.status, detail: p.detail });
        existing.durationMs = Math.max(existing.durationMs, p.durationMs);
      }
    }
  }
  const unique = <T>(items: T[], key: (t: T) => string): T[] => [...new Map(items.map((i) => [key(i), i])).values()];
  const exitCode = worstExitCode(sorted.map((r) => r.exitCode));
  const merged: RunReport = {
    status: exitCode === 0 ? 'passed' : sorted.some((r) => r.status === 'error') ? 'error' : 'failed',
    exitCode,
    startedAt: sorted.map((r) => r.startedAt).sort()[0]!,
    durationMs: Math.max(...sorted.map((r) => r.durationMs)),
    service: first.service,
    phases,
    assumptions: first.assumptions,
    flows: unique(sorted.flatMap((r) => r.flows), (f) => f.name),
    suites: unique(sorted.flatMap((r) => r.suites), (s) => `${s.suite}\0${s.name}`),
    timing: unique(sorted.flatMap((r) => r.timing), (t) => t.path),
    errors: sorted.flatMap((r) => r.errors),
  };
  const seed = sorted.find((r) => r.seed)?.seed;
  if (seed) merged.seed = seed;
  const coverage = sorted.find((r) => r.coverage)?.coverage;
  if (coverage) merged.coverage = coverage;
  const checks = sorted.find((r) => r.checks)?.checks;
  if (checks) merged.checks = checks;
  // PR mode compares once, on shard 1, like coverage.
  const pr = sorted.find((r) => r.pr)?.pr;
  if (pr) merged.pr = pr;
  return merged;
}

/** Counts that must not change when a run is split into shards and merged back. */
export function totals(report: RunReport): Record<string, number> {
  const count = (items: Array<{ status: CheckStatus }>, status: CheckStatus): number => items.filter((i) => i.status === status).length;
  return {
    flows: report.flows.length,
    flowsFailed: count(report.flows, 'failed'),
    suites: report.suites.length,
    suitesFailed: count(report.suites, 'failed'),
    timing: report.timing.length,
    coverageTests: report.coverage?.tests.length ?? 0,
  };
}

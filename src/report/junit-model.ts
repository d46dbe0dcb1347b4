import { checksJunitCases, type ChecksJunitCase } from '../checks/render.js';
import { databaseJunitCases, type DatabaseJunitCase } from '../database/render.js';
import { prJunitCases } from '../pr/render.js';
import type { FlowResult, PhaseResult, RunError, RunReport, TestCaseResult, TimingResult } from '../types.js';
import { bodyText, coverageMinimum, describeEvidence, failureMessage, millis, oneLine, percent, timingMessage, times } from './format.js';

/** Why a JUnit case did not pass; `body` becomes the element's text. */
export interface JunitOutcome {
  kind: 'failure' | 'error' | 'skipped';
  message: string;
  type?: string;
  body?: string;
}

export interface JunitCase {
  name: string;
  classname: string;
  durationMs: number;
  outcome?: JunitOutcome;
  systemOut?: string;
}

export interface JunitSuite {
  name: string;
  cases: JunitCase[];
}

/** The report as JUnit suites: phases, seed, flows, checks, suites, database, timing, django, coverage (empty ones left out). */
export function junitSuites(report: RunReport): JunitSuite[] {
  const suites: JunitSuite[] = [
    { name: 'phases', cases: phaseCases(report) },
    { name: 'seed', cases: seedCases(report) },
    { name: 'flows', cases: report.flows.map(flowCase) },
    { name: 'checks', cases: (report.checks ? checksJunitCases(report.checks) : []).map(checksCase) },
    { name: 'suites', cases: report.suites.map((t) => testCase(t, t.suite)) },
    { name: 'database', cases: (report.database ? databaseJunitCases(report.database) : []).map(databaseCase) },
    { name: 'timing', cases: report.timing.map(timingCase) },
    { name: 'django', cases: (report.coverage?.tests ?? []).map((t) => testCase(t, t.suite)) },
    { name: 'coverage', cases: coverageCases(report) },
    { name: 'pr', cases: (report.pr ? prJunitCases(report.pr) : []).map(databaseCase) },
  ];
  return suites.filter((s) => s.name === 'phases' || s.cases.length > 0);
}

function checksCase(c: ChecksJunitCase): JunitCase {
  const outcome = c.failure ? { kind: 'failure' as const, message: oneLine(c.failure.message), body: c.failure.body } : c.skipped ? { kind: 'skipped' as const, message: oneLine(c.skipped) } : undefined;
  return { name: c.name, classname: c.classname, durationMs: 0, ...(outcome ? { outcome } : {}), ...(c.systemOut ? { systemOut: c.systemOut } : {}) };
}

function databaseCase(c: DatabaseJunitCase): JunitCase {
  const outcome = c.failure ? { kind: 'failure' as const, message: oneLine(c.failure), body: c.failure } : c.skipped ? { kind: 'skipped' as const, message: oneLine(c.skipped) } : undefined;
  return { name: c.name, classname: c.classname, durationMs: 0, ...(outcome ? { outcome } : {}) };
}

function phaseCases(report: RunReport): JunitCase[] {
  const pending = new Map<string, RunError[]>();
  for (const e of report.errors) pending.set(e.phase, [...(pending.get(e.phase) ?? []), e]);
  const cases = report.phases.map((phase) => {
    const errors = pending.get(phase.name) ?? [];
    pending.delete(phase.name);
    return phaseCase(phase, errors);
  });
  // Errors of the CLI or of a phase the run never reached still need a case to show up in CI.
  for (const [phase, errors] of pending) cases.push(phaseCase(undefined, errors, phase));
  return cases;
}

function phaseCase(phase: PhaseResult | undefined, errors: RunError[], name = phase?.name ?? 'cli'): JunitCase {
  const base = { name, classname: 'phases', durationMs: phase?.durationMs ?? 0 };
  const detail = phase?.detail;
  const first = errors[0];
  if (first) {
    const body = errors.map(errorBody).join('\n\n');
    const extra = detail && !errors.some((e) => e.message === detail) ? `\n\ndetail: ${detail}` : '';
    return { ...base, outcome: { kind: 'error', message: oneLine(first.message), type: first.code, body: body + extra } };
  }
  if (!phase || phase.status === 'passed') return base;
  if (phase.status === 'error') return { ...base, outcome: { kind: 'error', message: oneLine(detail ?? `${name} errored`), type: 'phase-error' } };
  if (phase.status === 'failed') return { ...base, outcome: { kind: 'failure', message: oneLine(detail ?? `${name} failed`) } };
  return { ...base, outcome: { kind: 'skipped', message: oneLine(detail ?? 'skipped') } };
}

function errorBody(e: RunError): string {
  const lines = [`${e.code}: ${e.message}`];
  if (e.hint) lines.push(`hint: ${e.hint}`);
  if (e.logTail?.length) lines.push('log tail:', ...e.logTail.map((l) => `  ${l}`));
  return lines.join('\n');
}

function seedCases(report: RunReport): JunitCase[] {
  return (report.seed?.endpoints ?? []).map((ep): JunitCase => {
    const base = { name: ep.path, classname: 'seed', durationMs: ep.durationMs };
    const summary = `${ep.created} created, ${ep.failed} failed`;
    const body = ep.errors.join('\n');
    if (ep.skipped) return { ...base, outcome: { kind: 'skipped', message: oneLine(ep.skipped) } };
    if (ep.failed > 0 && ep.created === 0) return { ...base, outcome: { kind: 'failure', message: summary, body } };
    // Partial failures pass (the endpoint got data) but stay visible in the CI test view.
    return ep.failed > 0 ? { ...base, systemOut: `${summary}\n${body}` } : base;
  });
}

function flowCase(flow: FlowResult): JunitCase {
  const base = { name: flow.name, classname: `flows.${flow.endpoint}`, durationMs: flow.durationMs };
  if (flow.status === 'skipped') return { ...base, outcome: { kind: 'skipped', message: oneLine(flow.error ?? 'skipped') } };
  if (flow.status === 'passed') return base;
  const lines = [`error: ${flow.error ?? 'flow failed'}`, `step: ${flow.step}`];
  const x = flow.exchange;
  if (x) {
    lines.push(`request: ${x.method} ${x.url}`);
    if (x.requestBody !== undefined) lines.push(bodyText(x.requestBody));
    lines.push(`response: ${x.status ?? 'no response'}`);
    if (x.responseBody !== undefined) lines.push(bodyText(x.responseBody));
  }
  return { ...base, outcome: { kind: 'failure', message: oneLine(flow.error ?? 'flow failed'), type: flow.step, body: lines.join('\n') } };
}

function testCase(t: TestCaseResult, classname: string): JunitCase {
  const base = { name: t.name, classname, durationMs: t.durationMs };
  if (t.status === 'skipped') return { ...base, outcome: { kind: 'skipped', message: oneLine(t.failure ?? 'skipped') } };
  if (t.status === 'passed') return base;
  const body = t.failure ?? '';
  return { ...base, outcome: { kind: 'failure', message: failureMessage(body) || 'failed', body } };
}


function timingCase(t: TimingResult): JunitCase {
  const base = { name: t.path, classname: 'timing', durationMs: 0 };
  if (t.status === 'skipped') return { ...base, outcome: { kind: 'skipped', message: oneLine(t.detail ?? 'skipped') } };
  const evidence = describeEvidence(t.evidence);
  const body = [
    `cold p50 ${millis(t.coldMs)}, p90 ${millis(t.coldP90Ms)}; warm p50 ${millis(t.warmMs)}, p90 ${millis(t.warmP90Ms)}`,
    `speedup ${times(t.speedup)} (interval ${times(t.speedupLow)}–${times(t.speedupHigh)}), ${t.samples} samples`,
    ...(evidence ? [`evidence: ${evidence}`] : []),
    ...(t.detail ? [t.detail] : []),
  ].join('\n');
  if (t.status === 'passed') return { ...base, systemOut: `${t.verdict}: ${body}` };
  return { ...base, outcome: { kind: 'failure', message: timingMessage(t), type: t.verdict, body } };
}

function coverageCases(report: RunReport): JunitCase[] {
  const cov = report.coverage;
  const minimum = cov && coverageMinimum(cov);
  if (!cov || !minimum) return [];
  const base = { name: `line rate ≥ ${minimum.shown}`, classname: 'coverage', durationMs: 0 };
  const summary = `line rate ${percent(cov.lineRate)} (${cov.linesCovered}/${cov.linesValid} lines, ${cov.source})`;
  if (minimum.met) return [{ ...base, systemOut: summary }];
  return [{ ...base, outcome: { kind: 'failure', message: `${summary} is below the minimum ${minimum.shown}` } }];
}

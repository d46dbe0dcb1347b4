import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConsoleReporter } from '../../../src/report/console-reporter.js';
import { renderJson } from '../../../src/report/json-reporter.js';
import { renderHtml } from '../../../src/report/html-render.js';
import { renderJunit } from '../../../src/report/junit-reporter.js';
import { renderMarkdown } from '../../../src/report/markdown-render.js';
import type { PhaseName, RunReport } from '../../../src/types.js';
import { recordedReport } from './recorded-report.js';
import { Sink } from './sink.js';

const GOLDEN_DIR = fileURLToPath(new URL('./golden/', import.meta.url));
const REPO_ROOT = path.resolve(GOLDEN_DIR, '../../../..');

/**
 * What differs between two renders of the same run on two machines, masked: the start time, durations
 * (the reports' own formats: `1.2s`, JUnit `time="1.234"`, JSON `durationMs`), the run id and absolute
 * paths. Everything else must match the committed file character for character.
 */
function normalise(text: string, report: RunReport): string {
  let out = text;
  // Longest first: the service directory may lie inside the repository or the temp directory.
  const paths: Array<[string, string]> = [
    [report.service.dir, '<service-dir>'],
    [REPO_ROOT, '<repo>'],
    [tmpdir(), '<tmp>'],
  ];
  for (const [from, to] of paths.sort((a, b) => b[0].length - a[0].length)) out = out.replaceAll(from, to);
  if (report.runId) out = out.replaceAll(report.runId, '<run-id>');
  return out
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)/g, '<time>')
    .replace(/\btime="\d+\.\d{3}"/g, 'time="<duration>"')
    .replace(/"durationMs": \d+(?:\.\d+)?/g, '"durationMs": "<duration>"')
    .replace(/(?<![\w.])\d+\.\ds\b/g, '<duration>');
}

/** The run replayed through the console reporter as a CI log shows it: no TTY, no colour. */
function consoleText(report: RunReport): string {
  const sink = new Sink(false);
  const reporter = new ConsoleReporter({ stream: sink, color: false, tty: false });
  reporter.onBegin({ service: report.service, phases: report.phases.map((p) => p.name) });
  const cases: Partial<Record<PhaseName, () => void>> = {
    seed: () => report.seed?.endpoints.forEach((e) => reporter.onCaseEnd('seed', e)),
    flows: () => report.flows.forEach((f) => reporter.onCaseEnd('flow', f)),
    suites: () => report.suites.forEach((t) => reporter.onCaseEnd('suite', t)),
    timing: () => report.timing.forEach((t) => reporter.onCaseEnd('timing', t)),
    coverage: () => report.coverage?.tests.forEach((t) => reporter.onCaseEnd('django', t)),
  };
  for (const phase of report.phases) {
    reporter.onPhaseBegin(phase.name);
    cases[phase.name]?.();
    for (const e of report.errors.filter((x) => x.phase === phase.name)) reporter.onError(e);
    reporter.onPhaseEnd(phase);
  }
  reporter.onEnd(report);
  return sink.text;
}

const renderers: Record<string, (report: RunReport) => string> = {
  'summary.md': renderMarkdown,
  'junit.xml': renderJunit,
  'report.json': renderJson,
  'console.txt': consoleText,
  'report.html': renderHtml,
};

/** The recorded run as another machine would report it: another clock, run id, directory and durations. */
function elsewhere(): RunReport {
  const report = recordedReport();
  const slower = (ms: number): number => ms * 3 + 17;
  report.startedAt = '2031-11-02T23:59:01.123Z';
  report.runId = 'notes-0a1b2c3d';
  report.service = { ...report.service, dir: path.join(tmpdir(), 'ci-checkout', 'services', 'notes') };
  report.durationMs = slower(report.durationMs);
  report.phases = report.phases.map((p) => ({ ...p, durationMs: slower(p.durationMs) }));
  report.flows = report.flows.map((f) => ({ ...f, durationMs: slower(f.durationMs) }));
  report.suites = report.suites.map((t) => ({ ...t, durationMs: slower(t.durationMs) }));
  report.coverage!.tests = report.coverage!.tests.map((t) => ({ ...t, durationMs: slower(t.durationMs) }));
  // Seed endpoint durations stay: the summary shows rows per second computed from them, a measurement.
  report.seed!.durationMs = slower(report.seed!.durationMs);
  return report;
}

describe('golden reports of the recorded run', () => {
  for (const [name, render] of Object.entries(renderers)) {
    it(`${name} matches test/unit/report/golden/${name}`, () => {
      const report = recordedReport();
      const actual = normalise(render(report), report);
      const file = path.join(GOLDEN_DIR, name);
      // UPDATE_GOLDEN=1 rewrites the file from what the reporters produce now; review the diff.
      if (process.env.UPDATE_GOLDEN === '1') {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(file, actual, 'utf8');
      }
      if (!existsSync(file)) throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1 to create it`);
      // A string comparison, so a mismatch prints a line diff; the byte check also catches a BOM or encoding change.
      expect(actual).toBe(readFileSync(file, 'utf8'));
      expect(Buffer.from(actual, 'utf8').equals(readFileSync(file))).toBe(true);
    });

    it(`${name} holds on another machine: only masked values differ`, () => {
      const report = elsewhere();
      expect(normalise(render(report), report)).toBe(readFileSync(path.join(GOLDEN_DIR, name), 'utf8'));
    });
  }

  it('the golden files keep the values that are not masked', () => {
    const markdown = readFileSync(path.join(GOLDEN_DIR, 'summary.md'), 'utf8');
    expect(markdown).toContain('**81.3%** of lines (390/480) · source combined · minimum 80% (met)');
    expect(markdown).not.toMatch(/\/srv\/services|notes-3f9c2a1b|2025-03-14/);
    expect(readFileSync(path.join(GOLDEN_DIR, 'junit.xml'), 'utf8')).toContain('<testcase name="line rate ≥ 80%" classname="coverage" time="<duration>">');
  });
});

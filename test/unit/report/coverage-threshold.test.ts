import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { coverageGate } from '../../../src/coverage/gate.js';
import { ConsoleReporter } from '../../../src/report/console-reporter.js';
import { renderJunit } from '../../../src/report/junit-reporter.js';
import { renderMarkdown } from '../../../src/report/markdown-render.js';
import type { RunReport } from '../../../src/types.js';
import { recordedReport } from './recorded-report.js';
import { Sink } from './sink.js';

/** The recorded run with 450 of 500 lines covered (90 %) and the given minimum, in percent. */
function ninetyPercent(minCoverage: number): RunReport {
  const report = recordedReport();
  report.coverage = { ...report.coverage!, lineRate: 0.9, linesCovered: 450, linesValid: 500, minCoverage };
  return report;
}

interface CoverageCase {
  '@_name': string;
  failure?: { '@_message': string };
  'system-out'?: string;
}

function junitCoverageCase(report: RunReport): CoverageCase {
  const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(renderJunit(report));
  const suites = parsed.testsuites.testsuite as Array<{ '@_name': string; testcase: CoverageCase[] }>;
  const cases = suites.find((s) => s['@_name'] === 'coverage')?.testcase ?? [];
  expect(cases).toHaveLength(1);
  return cases[0]!;
}

function consoleText(report: RunReport): string {
  const sink = new Sink(false);
  new ConsoleReporter({ stream: sink, color: false }).onEnd(report);
  return sink.text;
}

// One verdict for one minimum: the gate that sets the exit code, junit.xml, the summary and the console.
describe.each([
  { min: 1, met: true },
  { min: 80, met: true },
  { min: 90, met: true },
  { min: 90.5, met: false },
  { min: 100, met: false },
])('a 90 % run against minCoverage $min', ({ min, met }) => {
  const report = ninetyPercent(min);

  it(`the gate says ${met ? 'met' : 'not met'}`, () => {
    expect(coverageGate(450, 500, min)).toEqual({
      passed: met,
      message: `line rate 90.0% (450/500 lines) ${met ? 'meets' : 'is below'} the minimum ${min}%`,
    });
  });

  it('junit.xml agrees, and names the minimum as the percentage it is', () => {
    const c = junitCoverageCase(report);
    expect(c['@_name']).toBe(`line rate ≥ ${min}%`);
    if (met) {
      expect(c.failure).toBeUndefined();
      expect(c['system-out']).toBe('line rate 90.0% (450/500 lines, combined)');
    } else {
      expect(c.failure?.['@_message']).toBe(`line rate 90.0% (450/500 lines, combined) is below the minimum ${min}%`);
    }
  });

  it('the Markdown summary agrees', () => {
    expect(renderMarkdown(report)).toContain(`**90.0%** of lines (450/500) · source combined · minimum ${min}% (${met ? 'met' : 'not met'})`);
  });

  it('the console agrees', () => {
    expect(consoleText(report)).toContain(`coverage 90.0% (450/500 lines, combined), minimum ${min}% ${met ? 'met' : 'not met'}; lowest files:`);
  });
});

describe('coverage minimum', () => {
  it('1 means 1 %, never 100 %: no report turns it into a failed "≥ 100%" case', () => {
    const report = ninetyPercent(1);
    expect(renderJunit(report)).not.toContain('100');
    expect(renderMarkdown(report)).not.toMatch(/minimum 100/);
  });

  it('no minimum, no coverage case and no minimum in the summary or on the console', () => {
    const report = ninetyPercent(80);
    delete report.coverage!.minCoverage;
    expect(renderJunit(report)).not.toContain('<testsuite name="coverage"');
    expect(renderJunit(ninetyPercent(80))).toContain('<testsuite name="coverage"');
    expect(renderMarkdown(report)).not.toContain('minimum');
    expect(consoleText(report)).not.toContain('minimum');
  });
});

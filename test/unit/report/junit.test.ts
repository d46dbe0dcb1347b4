import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderJunit, xmlSafe } from '../../../src/report/junit-reporter.js';
import type { RunReport } from '../../../src/types.js';
import { recordedReport } from './recorded-report.js';

interface ParsedCase {
  '@_name': string;
  '@_classname': string;
  '@_time': string;
  failure?: { '@_message': string; '@_type'?: string; '#text'?: string };
  error?: { '@_message': string; '@_type'?: string; '#text'?: string };
  skipped?: { '@_message'?: string };
  'system-out'?: string;
}
interface ParsedSuite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
  '@_time': string;
  testcase: ParsedCase[];
}

function parse(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  });
  return parser.parse(xml).testsuites as ParsedSuite & { testsuite: ParsedSuite[] };
}

function suite(root: { testsuite: ParsedSuite[] }, name: string): ParsedSuite {
  const found = root.testsuite.find((s) => s['@_name'] === name);
  if (!found) throw new Error(`no testsuite ${name}`);
  return found;
}

const count = (cases: ParsedCase[], kind: 'failure' | 'error' | 'skipped') => cases.filter((c) => c[kind] !== undefined).length;

describe('junit.xml', () => {
  const root = parse(renderJunit(recordedReport()));

  it('has the groups in order and the totals of the recorded run', () => {
    expect(root.testsuite.map((s) => s['@_name'])).toEqual(['phases', 'seed', 'flows', 'suites', 'timing', 'django', 'coverage']);
    expect([root['@_tests'], root['@_failures'], root['@_errors'], root['@_skipped'], root['@_time']]).toEqual(['23', '5', '1', '2', '48.734']);
  });

  it('keeps every testsuite count and the testsuites totals consistent with the cases', () => {
    const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    for (const s of root.testsuite) {
      expect(Number(s['@_tests'])).toBe(s.testcase.length);
      expect(Number(s['@_failures'])).toBe(count(s.testcase, 'failure'));
      expect(Number(s['@_errors'])).toBe(count(s.testcase, 'error'));
      expect(Number(s['@_skipped'])).toBe(count(s.testcase, 'skipped'));
      const sumMs = s.testcase.reduce((t, c) => t + Math.round(Number(c['@_time']) * 1000), 0);
      expect(Math.round(Number(s['@_time']) * 1000)).toBe(sumMs);
      totals.tests += s.testcase.length;
      totals.failures += count(s.testcase, 'failure');
      totals.errors += count(s.testcase, 'error');
      totals.skipped += count(s.testcase, 'skipped');
    }
    expect(totals).toEqual({ tests: 23, failures: 5, errors: 1, skipped: 2 });
  });

  it('writes times in seconds with three decimals', () => {
    const times = root.testsuite.flatMap((s) => s.testcase.map((c) => c['@_time']));
    for (const t of times) expect(t).toMatch(/^\d+\.\d{3}$/);
    expect(suite(root, 'phases').testcase[1]?.['@_time']).toBe('21.318');
  });

  it('puts the run error with hint and log tail on its phase case', () => {
    const coverage = suite(root, 'phases').testcase.find((c) => c['@_name'] === 'coverage');
    expect(coverage?.error?.['@_type']).toBe('ENID_DJANGO_TESTS');
    expect(coverage?.error?.['@_message']).toBe('manage.py test exited with status 1 (1 of 3 tests failed)');
    expect(coverage?.error?.['#text']).toContain('hint: run `python manage.py test notes.tests.test_views`');
    expect(coverage?.error?.['#text']).toContain('  FAILED (failures=1) <see above> & ```');
    expect(coverage?.failure).toBeUndefined();
  });

  it('describes the failing flow with its request and response, escaped and round-tripped', () => {
    const flow = suite(root, 'flows').testcase.find((c) => c['@_name'] === 'tags: update');
    expect(flow?.['@_classname']).toBe('flows./api/tags/');
    expect(flow?.failure?.['@_message']).toBe(`expected status 200, got 400 | field "name" <invalid> & 'quoted' red`);
    const body = flow?.failure?.['#text'] ?? '';
    expect(body).toContain('request: PUT http://notes:8000/api/tags/7/');
    expect(body).toContain('"name": "a<b & \\"c\\""');
    expect(body).toContain('response: 400');
    expect(body).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });

  it('gives timing failures the verdict, the speedup with its bound and the minimum', () => {
    const tags = suite(root, 'timing').testcase.find((c) => c['@_name'] === '/api/tags/');
    expect(tags?.failure?.['@_message']).toBe('not-cached: speedup 1.0× (≥ 0.9×), minimum 2.0×');
    expect(suite(root, 'timing').testcase[0]?.failure).toBeUndefined();
  });

  it('reports Django failures with the traceback as body and its last line as message', () => {
    const failed = suite(root, 'django').testcase.find((c) => c.failure);
    expect(failed?.['@_classname']).toBe('notes.tests.test_views.NoteApiTests');
    expect(failed?.failure?.['@_message']).toBe('AssertionError: 400 != 200');
    expect(failed?.failure?.['#text']).toMatch(/^Traceback \(most recent call last\):\n/);
  });

  it('fails the coverage case below the minimum, and a seed endpoint with nothing created', () => {
    const report: RunReport = recordedReport();
    report.coverage = { ...report.coverage!, lineRate: 0.75, linesCovered: 360 };
    report.seed!.endpoints[1] = { path: '/api/tags/', created: 0, failed: 50, durationMs: 900, errors: ['500 Internal Server Error'] };
    const r = parse(renderJunit(report));
    expect(suite(r, 'coverage').testcase[0]?.failure?.['@_message']).toBe('line rate 75.0% (360/480 lines, combined) is below the minimum 80%');
    expect(suite(r, 'seed').testcase[1]?.failure?.['@_message']).toBe('0 created, 50 failed');
    expect(r['@_failures']).toBe('7');
  });

  it('adds a case for errors of the CLI or of a phase that never ran, and skips skipped phases', () => {
    const report: RunReport = { ...recordedReport(), status: 'error', exitCode: 3 };
    report.phases = [
      { name: 'discover', status: 'passed', durationMs: 100 },
      { name: 'stack', status: 'error', durationMs: 2000, detail: 'service exited with code 1' },
      { name: 'seed', status: 'skipped', durationMs: 0, detail: 'stack failed' },
    ];
    report.errors = [{ exitCode: 2, code: 'ENID_BAD_INPUT', phase: 'cli', message: 'unknown flag --fast' }];
    const phases = suite(parse(renderJunit(report)), 'phases');
    expect(phases.testcase.map((c) => c['@_name'])).toEqual(['discover', 'stack', 'seed', 'cli']);
    expect(phases.testcase[1]?.error?.['@_message']).toBe('service exited with code 1');
    expect(phases.testcase[2]?.skipped?.['@_message']).toBe('stack failed');
    expect(phases.testcase[3]?.error?.['@_type']).toBe('ENID_BAD_INPUT');
    expect([phases['@_errors'], phases['@_skipped']]).toEqual(['2', '1']);
  });

  it('survives hostile text: markup characters, control characters, lone surrogates, "true"', () => {
    const report = recordedReport();
    report.flows = [
      { name: '<x a="1">&amp;</x>', endpoint: "/'q'/", step: 'true', status: 'failed', durationMs: 1, error: 'a\u0000b\u001fc\ud800d]]>e\r\nf' },
    ];
    const xml = renderJunit(report);
    const flow = suite(parse(xml), 'flows').testcase[0];
    expect(flow?.['@_name']).toBe('<x a="1">&amp;</x>');
    expect(flow?.['@_classname']).toBe("flows./'q'/");
    expect(flow?.failure?.['@_type']).toBe('true');
    expect(flow?.failure?.['@_message']).toBe('abcd]]>e');
    expect(flow?.failure?.['#text']).toContain('error: abcd]]>e\nf');
    expect(xml).not.toContain('\u0000');
  });

  it('xmlSafe drops what XML 1.0 cannot carry and keeps the rest', () => {
    expect(xmlSafe('ok\t\n\u0001\u001b[1mbold\u001b[0m\ufffe \u{1F600}')).toBe('ok\t\nbold \u{1F600}');
  });
});

import { XMLParser } from 'fast-xml-parser';
import type { TestCaseResult } from '../types.js';
import { parseDjangoVerbose, split } from './django-output.js';

interface RecordedTest {
  id: string;
  status: 'passed' | 'failed' | 'error' | 'skipped';
  durationMs?: number;
  detail?: string | null;
}

/**
 * Test cases from the JSON the supplied Django runner writes. A test with failing subtests is recorded
 * once per failure; they become one case whose failure text holds them all. Errors count as failures
 * (JUnit's failure element is what CI test views show).
 */
export function fromRunnerJson(text: string): TestCaseResult[] {
  const data = JSON.parse(text) as { tests?: RecordedTest[] };
  const byId = new Map<string, TestCaseResult>();
  for (const t of data.tests ?? []) {
    const status: TestCaseResult['status'] = t.status === 'error' ? 'failed' : t.status;
    const durationMs = Math.max(0, t.durationMs ?? 0);
    const existing = byId.get(t.id);
    if (existing && existing.status === 'failed' && status === 'failed') {
      existing.failure = [existing.failure, t.detail].filter(Boolean).join('\n\n');
      continue;
    }
    const detail = t.detail ?? undefined;
    const keep = status !== 'passed' && detail !== undefined;
    byId.set(t.id, { ...split(t.id), status, durationMs, ...(keep ? { failure: detail } : {}) });
  }
  return [...byId.values()];
}

type JunitNode = Record<string, unknown>;

/** Test cases from pytest's `--junitxml` report (`<testsuites><testsuite><testcase>`). */
export function fromJunitXml(xml: string): TestCaseResult[] {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    isArray: (name) => ['testsuite', 'testcase', 'failure', 'error', 'skipped'].includes(name),
  });
  const doc = parser.parse(xml) as { testsuites?: { testsuite?: JunitNode[] }; testsuite?: JunitNode[] };
  const suites = doc.testsuites?.testsuite ?? doc.testsuite ?? [];
  const out: TestCaseResult[] = [];
  for (const suite of suites) {
    for (const tc of (suite.testcase as JunitNode[] | undefined) ?? []) {
      const problems = [...asList(tc.failure), ...asList(tc.error)];
      const skipped = asList(tc.skipped);
      const base = {
        suite: String(tc.classname ?? suite.name ?? 'pytest'),
        name: String(tc.name ?? '?'),
        durationMs: Math.round(Number(tc.time ?? 0) * 1000),
      };
      if (problems.length) out.push({ ...base, status: 'failed', failure: problems.map(nodeText).join('\n\n') });
      else if (skipped.length) out.push({ ...base, status: 'skipped', failure: nodeText(skipped[0]) });
      else out.push({ ...base, status: 'passed' });
    }
  }
  return out;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

// A failure element has a `message` attribute and the traceback as its text; either may be missing.
function nodeText(node: unknown): string {
  if (typeof node === 'string') return node;
  if (node && typeof node === 'object') {
    const n = node as Record<string, unknown>;
    return [n.message, n['#text']].filter((v) => typeof v === 'string' && v !== '').join('\n');
  }
  return '';
}

/** `pkg.mod.Class.test_x` for each failed test, for a one-line detail. */
export function failedNames(tests: TestCaseResult[]): string[] {
  return tests.filter((t) => t.status === 'failed').map((t) => `${t.suite}.${t.name}`);
}

/**
 * The test cases of a run: from the supplied runner's JSON, pytest's JUnit XML, or else parsed from the
 * verbose output (a runner of the service's own, or a crash before the JSON was written).
 */
export function collectTests(files: Map<string, Buffer>, sources: { runnerJson?: string; junitXml?: string }, output: string): TestCaseResult[] {
  const runner = sources.runnerJson ? files.get(sources.runnerJson) : undefined;
  if (runner) return fromRunnerJson(runner.toString('utf8'));
  const junit = sources.junitXml ? files.get(sources.junitXml) : undefined;
  if (junit) return fromJunitXml(junit.toString('utf8'));
  return parseDjangoVerbose(output);
}

import type { Reporter as VitestReporter, TestCase, TestModule, TestSuite } from 'vitest/node';
import type { TestCaseResult } from '../types.js';

/** The parts of a vitest TestCase the report needs (structural, so unit tests can build one by hand). */
export interface ReportedCase {
  /** vitest's id of the test; unique within a run. */
  id?: string;
  name: string;
  module: { relativeModuleId: string };
  parent: { type: string; name?: string; parent?: ReportedCase['parent'] };
  result(): { state: string; errors?: ReadonlyArray<ReportedError> };
  diagnostic(): { duration: number } | undefined;
}

export interface ReportedError {
  message?: string;
  name?: string;
  stack?: string;
  /** EnidError's hint survives vitest's error serialisation as a plain property. */
  hint?: unknown;
}

/** A finished vitest test as a report row: suite = "file > describe > describe", name = the test's name. */
export function toTestCaseResult(test: ReportedCase): TestCaseResult {
  const result = test.result();
  const status = result.state === 'passed' ? 'passed' : result.state === 'failed' ? 'failed' : 'skipped';
  const out: TestCaseResult = {
    suite: suitePath(test.module.relativeModuleId, test.parent),
    name: test.name,
    status,
    durationMs: test.diagnostic()?.duration ?? 0,
  };
  if (status === 'failed') out.failure = failureText(result.errors ?? []);
  return out;
}

/** "file > describe > describe" for a test's (or a describe's) parent chain. */
export function suitePath(file: string, parent: ReportedCase['parent'] | undefined): string {
  const describes: string[] = [];
  for (let p = parent; p && p.type === 'suite'; p = p.parent) describes.unshift(p.name ?? '');
  return [file, ...describes].join(' > ');
}

/** Message first (JUnit shows the first line), then each stack; several errors separated by a blank line. */
export function failureText(errors: ReadonlyArray<ReportedError>): string {
  if (!errors.length) return 'failed without an error';
  return errors.map((e) => {
    const hint = typeof e.hint === 'string' ? `\nhint: ${e.hint}` : '';
    const message = `${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message ?? 'unknown error'}${hint}`;
    // A V8 stack starts with "Name: message": keep only its frames so the message is not printed twice,
    // and only the test's own frames when there are any (vitest's and Node's say nothing about the failure).
    const all = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
    const own = all.filter((l) => !/node_modules|node:internal|\(<anonymous>\)|^\s+at new Promise/.test(l));
    const frames = own.length ? own : all.slice(0, 3);
    return frames.length ? `${message}\n${frames.join('\n')}` : message;
  }).join('\n\n');
}

/**
 * A vitest reporter that turns each finished test into a TestCaseResult and hands it on as it happens.
 * Files that failed before any test ran (an import error, a throwing describe), failed suite hooks and
 * unhandled errors become failed rows too: a broken file must not pass by contributing no tests.
 */
export class SuiteResultCollector implements VitestReporter {
  readonly results: TestCaseResult[] = [];
  private readonly rowOf = new Map<string, number>();

  constructor(private readonly onResult: (result: TestCaseResult) => void = () => undefined) {}

  onTestCaseResult(test: TestCase): void {
    const row = toTestCaseResult(test);
    const key = test.id ?? `${row.suite} > ${row.name}`;
    const seen = this.rowOf.get(key);
    // A cancelled run (SIGINT) reports tests that already finished a second time: keep one row each.
    if (seen !== undefined) {
      this.results[seen] = row;
      return;
    }
    this.rowOf.set(key, this.results.length);
    this.add(row);
  }

  onTestModuleEnd(module: TestModule): void {
    const errors = module.errors();
    if (errors.length) this.add({ suite: module.relativeModuleId, name: '(file)', status: 'failed', durationMs: 0, failure: failureText(errors) });
  }

  /** A failing beforeAll/afterAll skips the block's tests without failing any of them: report it. */
  onTestSuiteResult(suite: TestSuite): void {
    const errors = suite.errors();
    if (errors.length) this.add({ suite: suitePath(suite.module.relativeModuleId, suite), name: '(beforeAll/afterAll)', status: 'failed', durationMs: 0, failure: failureText(errors) });
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<ReportedError>): void {
    if (unhandled.length) this.add({ suite: '(run)', name: 'unhandled errors', status: 'failed', durationMs: 0, failure: failureText(unhandled) });
  }

  /** Collects a row built elsewhere (a vitest start-up error, for one). */
  add(result: TestCaseResult): void {
    this.results.push(result);
    this.onResult(result);
  }
}

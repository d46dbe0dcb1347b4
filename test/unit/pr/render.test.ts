import { describe, expect, it } from 'vitest';
import { prConsoleLines, prJunitCases, prMarkdown } from '../../../src/pr/render.js';
import { renderMarkdown } from '../../../src/report/markdown-render.js';
import { junitSuites } from '../../../src/report/junit-model.js';
import type { RunReport } from '../../../src/types.js';
import { FAILING_PR } from './sample-pr.js';

describe('prMarkdown', () => {
  const md = prMarkdown(FAILING_PR);

  it('opens with the verdict, both sides and every reason, as a PR comment reads', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe('### Pull request: ❌ this change breaks something');
    expect(lines[2]).toContain('base `main` at `87b428a5b362` (merge base; --base) · head `b5e3787d079a` with uncommitted changes');
    expect(lines.filter((l) => l.startsWith('- ❌ '))).toHaveLength(5);
  });

  it('tables the contract, the migrations with their locks and risks, latency, queries and coverage', () => {
    expect(md).toContain('| ❌ breaking | `response-required-property-removed` | `GET /api/authors/` | `name` |');
    // A cell never breaks the table: the pipe in a detail is escaped.
    expect(md).toContain('full_name \\| (CharField)');
    expect(md).toContain('| `books.0002_book_published_at` | 85.3 ms | `books_book` 20,044 | ACCESS EXCLUSIVE on `books_book` | yes | ⚠️ `add-not-null-volatile-default`');
    expect(md).not.toContain('ACCESS SHARE');
    expect(md).toContain('**Rolling deploy** (the base code against the migrated schema): ❌ 1 step(s) that passed before fail after');
    expect(md).toContain('| `GET /api/authors/` | 6.2 ms | 19.2 ms | 3.10× [2.70×–3.40×] | 1.04× | 12 | ❌ slower |');
    expect(md).toContain('lower bound above 1.25×: the A/A round measured 1.04×, the minimum is 1.25×');
    expect(md).toContain('| `GET /api/books/` | 10 | 2 | 12 | 1 | ❌ N+1: `SELECT "books_author"');
    expect(md).toContain('**Coverage**: 92.2% → 91.0% (−1.2 pts)');
    expect(md).toContain('| `books/views.py` | 100.0% | 90.0% | −10.0 pts |');
  });

  it('fits a pull-request comment (GitHub takes 65 536 characters)', () => {
    expect(md.length).toBeLessThan(8_000);
  });

  it('sits right after the run\'s own verdict in summary.md, and only in PR mode', () => {
    const report = { status: 'failed', exitCode: 1, startedAt: '2026-12-05T12:00:00Z', durationMs: 1000, service: { name: 'shelf', dir: '/x' }, phases: [], assumptions: [], flows: [], suites: [], timing: [], errors: [] } as RunReport;
    const summary = renderMarkdown({ ...report, pr: FAILING_PR });
    expect(summary.indexOf('### Pull request')).toBeGreaterThan(summary.indexOf('## enid-test: shelf'));
    expect(summary.indexOf('### Pull request')).toBeLessThan(summary.indexOf('### Phases'));
    expect(renderMarkdown(report)).not.toContain('Pull request');
  });
});

describe('prJunitCases', () => {
  it('fails exactly the cases that fail the PR', () => {
    const cases = prJunitCases(FAILING_PR);
    expect(cases.filter((c) => c.failure).map((c) => c.name)).toEqual([
      'response-required-property-removed GET /api/authors/ name',
      'new-required-request-property POST /api/authors/ full_name',
      'rolling deploy books: create',
      'latency GET /api/authors/',
      'queries GET /api/books/',
    ]);
    expect(cases.find((c) => c.name === 'migration books.0002_book_published_at')?.skipped).toContain('AccessExclusiveLock on books_book');
  });

  it('is its own suite in junit.xml', () => {
    const report = { status: 'failed', exitCode: 1, startedAt: '', durationMs: 0, service: { name: 's', dir: '/' }, phases: [], assumptions: [], flows: [], suites: [], timing: [], errors: [], pr: FAILING_PR } as RunReport;
    expect(junitSuites(report).find((s) => s.name === 'pr')?.cases.filter((c) => c.outcome?.kind === 'failure')).toHaveLength(5);
  });
});

describe('prConsoleLines', () => {
  it('says the verdict against the base, each reason, and the risky migrations', () => {
    const lines = prConsoleLines(FAILING_PR);
    expect(lines[0]).toBe('pull request vs main (87b428a5b362): FAILS');
    expect(lines.filter((l) => l.startsWith('  ✗ '))).toHaveLength(4);
    expect(lines.some((l) => l.startsWith('  ! books.0002_book_published_at: add-not-null-volatile-default'))).toBe(true);
  });
});

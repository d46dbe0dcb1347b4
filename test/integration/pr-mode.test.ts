/**
 * PR mode end to end, on fixture repositories built from fixtures/pr/ (test/integration/pr-repo.ts).
 * CI runs two: `no-change` (the A/A case: green, nothing flagged) and `combined` (a breaking serializer
 * change, a NOT NULL column with a callable default on a large table, an N+1 and a 3× slowdown in one
 * head: each finding must decide). Every other case runs with ENID_PR_ALL_CASES=1; ENID_PR_AA_RUNS=10
 * repeats the no-change case. The pure parts (contract rules, classifier, statistics) are unit-tested.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrReport } from '../../src/pr/types.js';
import type { RunReport } from '../../src/types.js';
import { readReport, runCli, tempDir, type CliResult } from './helpers.js';
import { PR_CASES, prRepo, type PrCase } from './pr-repo.js';

interface PrRun {
  cli: CliResult;
  report: RunReport;
  pr: PrReport;
  reports: string;
}

const repos: Array<{ remove(): void }> = [];

/** One PR-mode run of a case, with the head's own checks PR mode does not need left out (CI budget). */
async function runCase(name: PrCase, extra: string[] = []): Promise<PrRun> {
  const repo = prRepo(name);
  repos.push(repo);
  const reports = tempDir(`pr-${name}`);
  const cli = await runCli(['run', repo.dir, '--base', 'main', '--reports', reports, '--no-timing', '--no-database', ...extra], { timeoutMs: 900_000 });
  const report = readReport(reports);
  if (!report.pr) throw new Error(`no report.pr (exit ${cli.code}):\n${cli.stdout.slice(-3000)}\n${cli.stderr.slice(-2000)}`);
  return { cli, report, pr: report.pr, reports };
}

afterAll(() => repos.forEach((r) => r.remove()));

describe('PR mode: a head with no change (the A/A case)', () => {
  let run: PrRun;
  beforeAll(async () => {
    run = await runCase('no-change', ['--no-coverage']);
  }, 900_000);

  it('is green: nothing in the contract, no migration, every endpoint within the floor, the same queries', () => {
    expect(run.cli.code, run.cli.stdout.slice(-3000)).toBe(0);
    expect(run.pr.verdict).toBe('passed');
    expect(run.pr.reasons).toEqual([]);
    expect(run.pr.contract).toEqual([]);
    expect(run.pr.migrations).toEqual([]);
    expect(run.pr.rollingDeploy.checked).toBe(false);
    expect(run.pr.latency.length).toBeGreaterThanOrEqual(3);
    expect(run.pr.latency.filter((l) => l.verdict !== 'same')).toEqual([]);
    expect(run.pr.noiseFloor!.threshold).toBeGreaterThanOrEqual(1.25);
    expect(run.pr.queries.filter((q) => q.verdict !== 'same')).toEqual([]);
  });

  it('booted the base as a tenant of the head\'s stack and compared the merge base', () => {
    expect(run.pr.base).toMatchObject({ ref: 'main', how: '--base' });
    expect(run.pr.head.dirty).toBe(false);
    expect(readFileSync(path.join(run.reports, 'logs', 'base', 'shelf-base.log'), 'utf8')).toContain('Microservice shelf');
    expect(run.report.phases.find((p) => p.name === 'pr')?.status).toBe('passed');
    expect(readFileSync(path.join(run.reports, 'summary.md'), 'utf8')).toContain('### Pull request: ✅ no regression found');
  });
});

describe('PR mode: a head that breaks the API, a rolling deploy, a query count and a latency at once', () => {
  let run: PrRun;
  beforeAll(async () => {
    run = await runCase('combined');
  }, 900_000);

  it('fails (exit 1) with one reason per finding', () => {
    expect(run.cli.code, run.cli.stdout.slice(-3000)).toBe(1);
    expect(run.pr.verdict).toBe('failed');
    expect(run.pr.reasons.join('\n')).toMatch(/breaking API change/);
  });

  it('the breaking serializer change: the response lost `name`, the request needs `full_name`', () => {
    const breaking = run.pr.contract.filter((c) => c.level === 'breaking').map((c) => `${c.rule} ${c.endpoint} ${c.field}`);
    expect(breaking).toContain('response-required-property-removed GET /api/authors/ name');
    expect(breaking).toContain('new-required-request-property POST /api/authors/ full_name');
    expect(run.pr.contract.find((c) => c.field === 'full_name')?.serializer).toBe('books.serializers.AuthorSerializer');
  });

  it('the NOT NULL column with a callable default: timed on the base\'s data at volume, its lock read, flagged, and the base\'s inserts break', () => {
    const m = run.pr.migrations.find((x) => x.name === '0002_book_published_at')!;
    expect(m.error).toBeUndefined();
    expect(m.durationMs).toBeGreaterThan(0);
    expect(m.rows.books_book).toBeGreaterThanOrEqual(20_000);
    expect(m.locks).toContainEqual({ relation: 'books_book', mode: 'AccessExclusiveLock' });
    expect(m.flags.map((f) => `${f.rule}:${f.level}`)).toEqual(['add-not-null-volatile-default:high', 'add-not-null-without-db-default:high']);
    expect(run.pr.rollingDeploy.checked).toBe(true);
    expect(run.pr.rollingDeploy.failures.map((f) => f.flow)).toContain('/api/books/ create');
  });

  it('the N+1: one more query per book listed', () => {
    const q = run.pr.queries.find((x) => x.endpoint === 'GET /api/books/')!;
    expect(q.verdict).toBe('growth');
    expect(q.perRow).toBeGreaterThanOrEqual(1);
    expect(q.statement).toContain('books_author');
  });

  it('the slowdown: the authors list beyond the noise floor; the untouched details within it', () => {
    const slower = run.pr.latency.filter((l) => l.verdict === 'slower').map((l) => l.endpoint);
    expect(slower).toEqual(['GET /api/authors/']);
    const authors = run.pr.latency.find((l) => l.endpoint === 'GET /api/authors/')!;
    expect(authors.low).toBeGreaterThan(run.pr.noiseFloor!.threshold);
  });

  it('the coverage delta of both sides\' own tests, per changed file', () => {
    expect(run.pr.coverage?.files.map((f) => f.path)).toEqual(['books/migrations/0002_book_published_at.py', 'books/models.py', 'books/serializers.py', 'books/views.py']);
  });

  it('writes the verdict where CI and a PR comment read it', () => {
    const summary = readFileSync(path.join(run.reports, 'summary.md'), 'utf8');
    expect(summary).toContain('### Pull request: ❌ this change breaks something');
    expect(summary.indexOf('### Pull request')).toBeLessThan(summary.indexOf('### Phases'));
    const junit = readFileSync(path.join(run.reports, 'junit.xml'), 'utf8');
    expect(junit).toContain('<testsuite name="pr"');
    expect(junit).toContain('name="queries GET /api/books/"');
    expect(run.cli.stdout).toContain('pull request vs main');
    // The temporary checkout is gone; the user's repository still has one worktree.
    expect(existsSync(path.join(run.reports, 'base', 'coverage'))).toBe(true);
  });
});

describe('PR mode: bad input', () => {
  it('an unknown ref is exit 2 before anything boots', async () => {
    const repo = prRepo('no-change');
    repos.push(repo);
    const cli = await runCli(['run', repo.dir, '--base', 'origin/nope', '--reports', tempDir('pr-badref')]);
    expect(cli.code).toBe(2);
    expect(cli.stdout + cli.stderr).toContain('--base origin/nope: git knows no such commit or branch');
    expect(cli.durationMs).toBeLessThan(60_000);
  });
});

// Every case end to end, with the finding that decides it (not in CI: ENID_PR_ALL_CASES=1).
const EXPECTED: Record<Exclude<PrCase, 'combined'>, { code: number; decides: (pr: PrReport) => string | undefined }> = {
  'no-change': { code: 0, decides: (pr) => (pr.reasons.length ? pr.reasons[0] : `noise floor ${pr.noiseFloor?.threshold}× (A/A ${pr.noiseFloor?.aa}×), nothing flagged`) },
  breaking: { code: 1, decides: (pr) => pr.contract.find((c) => c.rule === 'response-required-property-removed' && c.field === 'title')?.endpoint },
  'non-breaking': { code: 0, decides: (pr) => (pr.contract.some((c) => c.level === 'breaking') ? undefined : pr.contract.find((c) => c.rule === 'new-optional-request-property')?.field) },
  'not-null-default': { code: 1, decides: (pr) => pr.rollingDeploy.failures[0]?.flow },
  'rename-column': { code: 1, decides: (pr) => (pr.contract.some((c) => c.level === 'breaking') ? undefined : pr.rollingDeploy.failures[0]?.flow) },
  'n-plus-one': { code: 1, decides: (pr) => pr.queries.find((q) => q.verdict === 'growth')?.endpoint },
  slowdown: { code: 1, decides: (pr) => pr.latency.find((l) => l.verdict === 'slower')?.endpoint },
};

describe.runIf(process.env.ENID_PR_ALL_CASES === '1')('PR mode: every fixture case', () => {
  it.each(PR_CASES.filter((c): c is Exclude<PrCase, 'combined'> => c !== 'combined'))('%s', async (name) => {
    const run = await runCase(name);
    const decides = EXPECTED[name].decides(run.pr);
    console.log(`[pr-case] ${name}: exit ${run.cli.code}, ${run.pr.verdict}; ${decides ?? 'NOTHING decided'}; reasons: ${JSON.stringify(run.pr.reasons)}; floor ${JSON.stringify(run.pr.noiseFloor)}`);
    expect(run.cli.code).toBe(EXPECTED[name].code);
    expect(decides).toBeDefined();
  }, 900_000);
});

describe.runIf(Number(process.env.ENID_PR_AA_RUNS ?? 0) > 0)('PR mode: the no-change case, repeated', () => {
  it('flags nothing in any run, and says the floor it measured', async () => {
    const floors: number[] = [];
    for (let i = 0; i < Number(process.env.ENID_PR_AA_RUNS); i++) {
      const run = await runCase('no-change', ['--no-coverage', '--seed', String(i + 1)]);
      floors.push(run.pr.noiseFloor?.aa ?? Number.NaN);
      console.log(`[pr-aa] run ${i + 1}: exit ${run.cli.code}, A/A ${run.pr.noiseFloor?.aa}×, threshold ${run.pr.noiseFloor?.threshold}×, verdicts ${run.pr.latency.map((l) => `${l.endpoint}=${l.ratio}×[${l.low}–${l.high}] ${l.verdict}`).join(', ')}`);
      expect(run.pr.reasons).toEqual([]);
      expect(run.cli.code).toBe(0);
    }
    console.log(`[pr-aa] A/A floors: ${floors.join(', ')}`);
  }, 3_600_000);
});

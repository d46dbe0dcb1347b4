/**
 * PR mode end to end, on fixture repositories built from fixtures/pr/ (test/integration/pr-repo.ts).
 * Two runs, kept lean for CI: `no-change` (the A/A case: green, nothing flagged) and `combined` (a
 * breaking serializer change, a NOT NULL column with a callable default on a large table, an N+1 and a
 * 3× slowdown in one head: each finding must decide). They share the base image (same base commit and
 * config: the second run's build is a cache hit), leave the head's timing and database phases out, and
 * sample at most LEAN.pr.maxSamples triples per endpoint. Every case one by one and the no-change case
 * repeated are in the bench (`BENCH_ONLY=P10,P11 npm run bench`), not here. The pure parts (contract
 * rules, classifier, statistics) are unit-tested.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrReport } from '../../src/pr/types.js';
import type { RunReport } from '../../src/types.js';
import { chromiumMissing, launchChromium, openFile, screenshot } from '../unit/report/chromium.js';
import { readReport, ROOT, runCli, tempDir, type CliResult } from './helpers.js';
import { prRepo, type PrCase } from './pr-repo.js';

interface PrRun {
  /** The fixture repository (the user's tree). */
  repo: string;
  cli: CliResult;
  report: RunReport;
  pr: PrReport;
  reports: string;
}

const repos: Array<{ remove(): void }> = [];

/**
 * CI's settings, committed with the base: 12 triples per endpoint at most (the default 40 is for real
 * PRs; the A/A case's verdict only gets safer with fewer, the 3× slowdown is beyond the floor by 8).
 */
const LEAN = { pr: { maxSamples: 12 } };

/** One PR-mode run of a case, with the head's own checks PR mode does not need left out (CI budget). */
async function runCase(name: PrCase, extra: string[] = []): Promise<PrRun> {
  const repo = prRepo(name, { config: LEAN });
  repos.push(repo);
  const reports = tempDir(`pr-${name}`);
  const cli = await runCli(['run', repo.dir, '--base', 'main', '--reports', reports, '--no-timing', '--no-database', ...extra], { timeoutMs: 900_000 });
  const report = readReport(reports);
  if (!report.pr) throw new Error(`no report.pr (exit ${cli.code}):\n${cli.stdout.slice(-3000)}\n${cli.stderr.slice(-2000)}`);
  return { repo: repo.dir, cli, report, pr: report.pr, reports };
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
    // The migration plan (a Django start in the head container, seconds) was read while the head's
    // phases ran, as soon as the base was up: the pr phase only looked at it.
    expect(run.pr.timings!.migrationsMs).toBeLessThan(500);
  });

  it('booted the base as a tenant of the head\'s stack and compared the merge base', () => {
    expect(run.pr.base).toMatchObject({ ref: 'main', how: '--base' });
    expect(run.pr.head.dirty).toBe(false);
    expect(readFileSync(path.join(run.reports, 'logs', 'base', 'shelf-base.log'), 'utf8')).toContain('Microservice shelf');
    expect(run.report.phases.find((p) => p.name === 'pr')?.status).toBe('passed');
    expect(readFileSync(path.join(run.reports, 'summary.md'), 'utf8')).toContain('### Pull request: ✅ no regression found');
    const page = readFileSync(path.join(run.reports, 'report.html'), 'utf8');
    expect(page).toContain('<section id="pr">');
    expect(page).toContain('no regression found');
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

  it('the coverage delta of both sides\' own tests, per changed file; the base\'s tests ran in a sibling of their own', () => {
    expect(run.pr.coverage?.files.map((f) => f.path)).toEqual(['books/migrations/0002_book_published_at.py', 'books/models.py', 'books/serializers.py', 'books/views.py']);
    // Beside the base's probe and seed, not after them, and in a database other than the head's sibling's.
    expect(run.cli.stdout).toMatch(/base: tests ran in a sibling container beside the API phases \(postgres: database shelf_base_enid_base_tests/);
  });

  it('writes the verdict where CI and a PR comment read it', () => {
    const summary = readFileSync(path.join(run.reports, 'summary.md'), 'utf8');
    expect(summary).toContain('### Pull request: ❌ this change breaks something');
    expect(summary.indexOf('### Pull request')).toBeLessThan(summary.indexOf('### Phases'));
    const junit = readFileSync(path.join(run.reports, 'junit.xml'), 'utf8');
    expect(junit).toContain('<testsuite name="pr"');
    expect(junit).toContain('name="queries GET /api/books/"');
    expect(run.cli.stdout).toContain('pull request vs main');
    expect(existsSync(path.join(run.reports, 'base', 'coverage'))).toBe(true);
  });

  it('never touched the user\'s tree: one worktree, nothing changed, HEAD still on the PR branch', () => {
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: run.repo, encoding: 'utf8' }).trim();
    expect(git('worktree', 'list').split('\n')).toHaveLength(1);
    expect(git('status', '--porcelain')).toBe('');
    expect(git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('pr');
  });

  it('report.html shows the PR part in Chromium: contract, migrations table, base against head', async () => {
    const missing = chromiumMissing();
    if (missing && !process.env.CI) return;
    if (missing) throw new Error(missing);
    const browser = await launchChromium();
    try {
      const { page, consoleErrors, otherRequests } = await openFile(browser, path.join(run.reports, 'report.html'));
      const pr = page.locator('#pr');
      const headings = await pr.locator('h3').allTextContents();
      expect(headings[0]).toMatch(/^API contract \d+ breaking, \d+ other$/);
      expect(headings).toEqual(expect.arrayContaining(['Migrations on the base’s data', 'Latency, head against base', 'Queries per request, head against base']));
      expect(await pr.locator('td', { hasText: 'books.0002_book_published_at' }).count()).toBe(1);
      expect(await pr.locator('svg.ratio').count()).toBe(run.pr.latency.length);
      expect(await pr.locator('svg.plot').count()).toBe(run.pr.latency.length);
      const shot = await screenshot(page, path.join(ROOT, 'enid-reports', 'screenshots', 'report-pr-combined.png'));
      console.log(`report.html of a PR run: ${shot}`);
      expect(consoleErrors).toEqual([]);
      expect(otherRequests).toEqual([]);
    } finally {
      await browser.close();
    }
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

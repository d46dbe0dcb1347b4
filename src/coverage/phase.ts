import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { secretValues } from '../discover/secrets.js';
import type { Phase } from '../pipeline/phase.js';
import { redact } from '../report/redact.js';
import type { CoverageReport, TestCaseResult } from '../types.js';
import { wantsE2eCoverage } from './e2e-setup.js';
import { tail, testsCrashed } from './errors.js';
import { coverageGate } from './gate.js';
import { pathMapFor, writeHostReports } from './host-reports.js';
import { hostTraceback } from './path-map.js';
import { InContainer } from './in-container.js';
import { beginSiblingTests, SiblingUnavailable, takeSiblingTests } from './sibling-tests.js';
import { runServiceTests, type TestRunOutcome } from './test-run.js';
import { collectTests, failedNames } from './test-results.js';

/**
 * coverage: the service's own tests under coverage.py inside its container (against the run's Postgres),
 * reports copied out with host paths, Django tests as JUnit cases, the `--min-coverage` gate; with
 * `--e2e-coverage`, Gunicorn's own measurement during seed and flows combined with the unit run.
 */
export const coveragePhase: Phase<'coverage'> = {
  name: 'coverage',
  // The service's own test suite runs once, whatever the number of shards.
  scope: 'first-shard',
  skipReason: (ctx) => (ctx.options.coverage === false ? 'disabled by --no-coverage' : ctx.config.coverage?.enabled === false ? 'disabled by coverage.enabled: false' : undefined),
  begin: beginSiblingTests,
  async run(ctx) {
    const { options } = ctx;
    const { spec } = ctx;
    const log = (line: string): void => ctx.reporter.onLog?.(line);
    const e2e = wantsE2eCoverage(options, ctx.config);
    const sibling = takeSiblingTests(ctx.stack);
    const early: string[] = [];
    let run: TestRunOutcome | undefined;
    if (sibling) {
      try {
        run = await sibling.outcome.finally(() => sibling.logs.forEach(log));
        early.push(`ran in a sibling container beside the API phases (${(await sibling.own).join(', ')})`);
        log(`tests ${early.at(-1)!}`);
      } catch (err) {
        if (!(err instanceof SiblingUnavailable)) throw err;
        early.push(`no sibling container for the tests (${err.message}): they ran in the service container after the API phases`);
        log(early.at(-1)!);
      }
    }
    if (!run) {
      const box = new InContainer(ctx.stack.service, spec.name, ctx.stack.service.codeDir, spec.env.PYTHONPATH);
      run = await runServiceTests(box, spec, ctx.config, e2e, log, () => stopServerForE2e(box, log));
    }
    const { probe, command, testRun } = run;
    const notes = [...early, ...run.notes];
    await writeTestLog(ctx.reportsDir, redact(`$ ${command.argv.join(' ')}\n${testRun.output}`, secretValues(spec)));
    if (run.crashed || !run.exported || !run.files) throw run.crashed;
    const { exported, files } = run;
    const map = pathMapFor(spec, ctx.stack.service.codeDir);
    const tests = collectTests(files, { ...(command.recordsResults ? { runnerJson: 'tests.json' } : {}), ...(command.junitFile ? { junitXml: 'pytest-junit.xml' } : {}) }, testRun.output)
      .map((t) => (t.failure ? { ...t, failure: hostTraceback(t.failure, map) } : t));
    if (tests.length === 0 && testRun.exitCode !== 0) throw testsCrashed(spec.name, testRun.exitCode, tail(testRun.output));
    for (const t of tests) ctx.reporter.onCaseEnd?.('django', t);

    const host = await writeHostReports(files, exported, spec, ctx.stack.service.codeDir, ctx.reportsDir);
    const { totals } = host;
    const minCoverage = options.minCoverage ?? ctx.config.coverage?.minCoverage ?? (probe.failUnder ? probe.failUnder : undefined);
    const coverage: CoverageReport = {
      lineRate: totals.lineRate,
      linesCovered: totals.linesCovered,
      linesValid: totals.linesValid,
      source: exported.source,
      files: totals.files,
      ...(host.parts ? { parts: host.parts } : {}),
      tests,
      ...(minCoverage !== undefined ? { minCoverage } : {}),
    };
    logSummary(coverage, log);

    const problems = testProblems(tests, testRun.exitCode);
    const requireTests = ctx.config.coverage?.requireTests !== false;
    if (tests.length === 0) {
      if (requireTests) problems.push(`0 tests ran: \`${command.argv.slice(5).join(' ')}\` found no test in the image (the service's own tests are mandatory; coverage.requireTests: false allows none)`);
      else notes.push('0 tests ran, allowed by coverage.requireTests: false');
    }
    if (minCoverage !== undefined) {
      const gate = coverageGate(totals.linesCovered, totals.linesValid, minCoverage);
      if (!gate.passed) problems.push(gate.message);
    }
    const rate = `${(totals.lineRate * 100).toFixed(1)}% of ${totals.linesValid} lines (${exported.source})`;
    const passedCount = tests.filter((t) => t.status === 'passed').length;
    const detail = problems.length ? [...problems, ...notes].join('; ') : [`${rate}, ${passedCount}/${tests.length} tests passed`, ...notes].join('; ');
    return { status: problems.length ? 'failed' : 'passed', detail, result: coverage };
  },
};

// Gunicorn's coverage data is written when its processes exit: signal the master inside the container
// and wait. Under the seed's watchmedo a new Gunicorn starts and the container stays up; when Gunicorn
// was the container's main process, the container is restarted (its /tmp, with the data, survives).
async function stopServerForE2e(box: InContainer, log: (line: string) => void): Promise<string[]> {
  log('stopping Gunicorn gracefully so its E2E coverage data is written');
  const notes: string[] = [];
  const stopped = await box.stopServer();
  if (stopped?.signalled.length === 0) notes.push('no Gunicorn master found in the container: E2E coverage has only what other processes wrote');
  if (stopped?.stillRunning.length) notes.push(`Gunicorn (pid ${stopped.stillRunning.join(', ')}) did not exit in time: its E2E data may be missing`);
  // A stop script cut short means the container is going down with Gunicorn: give it time to say so.
  if (!(await box.isRunning(stopped ? 0 : 10_000))) {
    log('the service container stopped with Gunicorn; restarting it to combine the data');
    await box.restart();
  }
  return notes;
}

function testProblems(tests: TestCaseResult[], exitCode: number): string[] {
  const failed = failedNames(tests);
  if (failed.length) {
    const shown = failed.slice(0, 5).join(', ');
    return [`${failed.length} Django test${failed.length === 1 ? '' : 's'} failed: ${shown}${failed.length > 5 ? `, and ${failed.length - 5} more` : ''}`];
  }
  return exitCode === 0 ? [] : [`the test command exited ${exitCode} although no test failed`];
}

function logSummary(c: CoverageReport, log: (line: string) => void): void {
  const pct = (r: number): string => `${(r * 100).toFixed(1)}%`;
  const parts = c.parts ? ` — unit ${pct(c.parts.unit ?? 0)}, E2E ${pct(c.parts.e2e ?? 0)}, combined ${pct(c.parts.combined ?? 0)}` : '';
  log(`coverage ${pct(c.lineRate)} (${c.linesCovered}/${c.linesValid} lines, ${c.source})${parts}`);
  const width = Math.max(...c.files.map((f) => f.path.length), 4);
  for (const f of c.files) log(`  ${f.path.padEnd(width)}  ${pct(f.lineRate).padStart(6)}  ${f.linesCovered}/${f.linesValid}`);
}

// The test command's own output (Django's verbose run), for reading beyond the failing tests' tracebacks.
async function writeTestLog(reportsDir: string, text: string): Promise<void> {
  const dir = path.join(reportsDir, 'coverage');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'tests.log'), text, 'utf8');
}

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { secretValues } from '../discover/secrets.js';
import type { Phase } from '../pipeline/phase.js';
import { redact } from '../report/redact.js';
import type { CoverageReport } from '../types.js';
import { tail, testsCrashed } from './errors.js';
import { pathMapFor, writeHostReports } from './host-reports.js';
import { hostTraceback } from './path-map.js';
import { InContainer } from './in-container.js';
import { beginSiblingTests, SiblingUnavailable, takeSiblingTests } from './sibling-tests.js';
import { runServiceTests, type TestRunOutcome } from './test-run.js';
import { collectTests } from './test-results.js';
import { coverageVerdict } from './verdict.js';

/**
 * coverage: the service's own tests under coverage.py inside its container (against the run's Postgres),
 * reports copied out with host paths, Django tests as JUnit cases, the `--min-coverage` gate; with
 * `--e2e-coverage`, Gunicorn's own measurement during seed and flows combined with the unit run.
 */
export const coveragePhase: Phase<'coverage'> = {
  name: 'coverage',
  // The service's own test suite runs once, whatever the number of shards.
  scope: 'first-shard',
  skipReason: (ctx) => ctx.options.coverage.disabledBecause,
  begin: beginSiblingTests,
  async run(ctx) {
    const { spec } = ctx;
    const options = ctx.options.coverage;
    const log = (line: string): void => ctx.reporter.onLog?.(line);
    const notes0: string[] = [];
    const sibling = takeSiblingTests(ctx.stack);
    let run: TestRunOutcome | undefined;
    if (sibling) {
      try {
        run = await sibling.outcome.finally(() => sibling.logs.forEach(log));
        notes0.push(`ran in a sibling container beside the API phases (${(await sibling.own).join(', ')})`);
        log(`tests ${notes0.at(-1)!}`);
      } catch (err) {
        if (!(err instanceof SiblingUnavailable)) throw err;
        notes0.push(`no sibling container for the tests (${err.message}): they ran in the service container after the API phases`);
        log(notes0.at(-1)!);
      }
    }
    if (!run) {
      const box = new InContainer(ctx.stack.service, spec.name, ctx.stack.service.codeDir, spec.env.PYTHONPATH);
      run = await runServiceTests(box, spec, options.command, options.e2e, log, () => stopServerForE2e(box, log));
    }
    const { probe, command, testRun } = run;
    const notes = [...notes0, ...run.notes];
    await writeTestLog(ctx.options.reportsDir, redact(`$ ${command.argv.join(' ')}\n${testRun.output}`, secretValues(spec)));
    if (run.noTests) {
      // pytest collected nothing and imported nothing under coverage: the same fact as Django's "Ran 0 tests".
      const empty: CoverageReport = { lineRate: 0, linesCovered: 0, linesValid: 0, source: 'unit', files: [], tests: [] };
      const verdict = coverageVerdict({ tests: [], exitCode: 0, command: command.argv.slice(5).join(' '), totals: empty, source: 'unit', requireTests: options.requireTests, notes });
      return { ...verdict, result: empty };
    }
    if (run.crashed || !run.exported || !run.files) throw run.crashed;
    const { exported, files } = run;
    const map = pathMapFor(spec, ctx.stack.service.codeDir);
    const tests = collectTests(files, { ...(command.recordsResults ? { runnerJson: 'tests.json' } : {}), ...(command.junitFile ? { junitXml: 'pytest-junit.xml' } : {}) }, testRun.output)
      .map((t) => (t.failure ? { ...t, failure: hostTraceback(t.failure, map) } : t));
    if (tests.length === 0 && run.exitCode !== 0) throw testsCrashed(spec.name, testRun.exitCode, tail(testRun.output));
    for (const t of tests) ctx.reporter.onCaseEnd?.('django', t);

    const host = await writeHostReports(files, exported, spec, ctx.stack.service.codeDir, ctx.options.reportsDir);
    const { totals } = host;
    // The service's own fail_under applies when the run names no minimum.
    const minCoverage = options.minCoverage ?? (probe.failUnder ? probe.failUnder : undefined);
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
    const verdict = coverageVerdict({
      tests, exitCode: run.exitCode, command: command.argv.slice(5).join(' '), totals, source: exported.source,
      requireTests: options.requireTests, ...(minCoverage !== undefined ? { minCoverage } : {}), notes,
    });
    return { ...verdict, result: coverage };
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

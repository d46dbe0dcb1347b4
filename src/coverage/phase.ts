import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { secretValues } from '../discover/secrets.js';
import type { Phase } from '../pipeline/phase.js';
import { redact } from '../report/redact.js';
import type { RunContext } from '../pipeline/context.js';
import type { CoverageReport } from '../types.js';
import { IN_CONTAINER } from './container-paths.js';
import { coverageMissing, INSTALL_ENV, tail, testsCrashed } from './errors.js';
import { DATA_FILES, exportCoverage } from './export-data.js';
import { pathMapFor, writeHostReports } from './host-reports.js';
import { hostTraceback } from './path-map.js';
import { InContainer, type ExecOutcome, type Probe } from './in-container.js';
import { buildTestCommand, testExit, type TestCommand } from './test-command.js';
import { collectTests } from './test-results.js';
import { coverageVerdict } from './verdict.js';
import { chooseRunner } from './runner-detect.js';

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
  async run(ctx) {
    const { spec } = ctx;
    const options = ctx.options.coverage;
    const log = (line: string): void => ctx.reporter.onLog?.(line);
    const box = new InContainer(ctx.stack.service, spec.name, ctx.stack.service.codeDir, spec.env.PYTHONPATH);
    const notes: string[] = [];

    const probe = await ensureCoverage(box, spec.name, log);
    await box.prepare();
    if (options.e2e) notes.push(...await stopServerForE2e(box, log));
    const { command, testRun, exit } = await runTestsUnderCoverage(ctx, box, probe, log);
    if (!exit.hasData) {
      // pytest collected nothing and imported nothing under coverage: the same fact as Django's "Ran 0 tests".
      const empty: CoverageReport = { lineRate: 0, linesCovered: 0, linesValid: 0, source: 'unit', files: [], tests: [] };
      const verdict = coverageVerdict({ tests: [], exitCode: exit.exitCode, command: command.argv.slice(5).join(' '), totals: empty, source: 'unit', requireTests: options.requireTests, notes });
      return { ...verdict, result: empty };
    }

    const exported = await exportCoverage(box, options.e2e);
    if (exported.note) notes.push(exported.note);
    const files = await box.fetchOut();
    const map = pathMapFor(spec, ctx.stack.service.codeDir);
    const tests = collectTests(files, { ...(command.recordsResults ? { runnerJson: 'tests.json' } : {}), ...(command.junitFile ? { junitXml: 'pytest-junit.xml' } : {}) }, testRun.output)
      .map((t) => (t.failure ? { ...t, failure: hostTraceback(t.failure, map) } : t));
    if (tests.length === 0 && exit.exitCode !== 0) throw testsCrashed(spec.name, testRun.exitCode, tail(testRun.output));
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
      tests, exitCode: exit.exitCode, command: command.argv.slice(5).join(' '), totals, source: exported.source,
      requireTests: options.requireTests, ...(minCoverage !== undefined ? { minCoverage } : {}), notes,
    });
    return { ...verdict, result: coverage };
  },
};

/**
 * The service's tests under coverage.py: the configured command, else the runner the container's
 * evidence points at; its output goes to coverage/tests.log. A run that left no coverage data is exit 3.
 */
async function runTestsUnderCoverage(ctx: RunContext, box: InContainer, probe: Probe, log: (line: string) => void): Promise<{ command: TestCommand; testRun: ExecOutcome; exit: { exitCode: number; noTests: boolean; hasData: boolean } }> {
  const { spec } = ctx;
  const configured = ctx.options.coverage.command ? [...ctx.options.coverage.command] : undefined;
  const evidence = configured ? undefined : await box.runnerEvidence();
  const choice = evidence ? chooseRunner(evidence) : undefined;
  if (choice) log(`test runner: ${choice.because}`);
  const command = buildTestCommand({ command: configured ?? (choice?.runner === 'pytest' ? ['-m', 'pytest'] : undefined), passSource: !probe.source?.length && !probe.include?.length });
  log(`tests under coverage ${probe.version ?? ''}: ${command.argv.slice(5).join(' ')}`);
  const testRun = await box.runTests(command.argv, DATA_FILES.unit, `${IN_CONTAINER.outDir}/tests.json`);
  await writeTestLog(ctx.options.reportsDir, redact(`$ ${command.argv.join(' ')}\n${testRun.output}`, secretValues(spec)));
  // pytest exits 5 where manage.py test exits 0 for "no test found": both are "0 tests ran", never a crash.
  const exit = testExit(command.kind, testRun.exitCode);
  const hasData = await box.hasDataFiles(DATA_FILES.unit);
  if (!hasData && exit.noTests) return { command, testRun, exit: { ...exit, hasData } };
  if (!hasData && exit.exitCode !== 0) throw testsCrashed(spec.name, testRun.exitCode, tail(testRun.output));
  if (!hasData) throw testsCrashed(spec.name, testRun.exitCode, ['the test command exited 0 but coverage collected no data', ...tail(testRun.output, 10)]);
  return { command, testRun, exit: { ...exit, hasData } };
}

async function ensureCoverage(box: InContainer, service: string, log: (line: string) => void): Promise<Probe> {
  const probe = await box.probe();
  if (probe.installed) return probe;
  if (!/^(1|true|yes)$/i.test(process.env[INSTALL_ENV] ?? '')) throw coverageMissing(service);
  log(`coverage is not installed in the image; ${INSTALL_ENV}=1: installing it into ${IN_CONTAINER.siteDir} for this run`);
  const error = await box.installCoverage();
  if (error) throw coverageMissing(service, error);
  const again = await box.probe();
  if (!again.installed) throw coverageMissing(service, again.error ?? 'still not importable after pip install');
  return again;
}

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

import type { EnidError } from '../errors.js';
import type { ServiceSpec } from '../types.js';
import { IN_CONTAINER } from './container-paths.js';
import { coverageMissing, INSTALL_ENV, tail, testsCrashed } from './errors.js';
import { DATA_FILES, exportCoverage, type Exported } from './export-data.js';
import { InContainer, type ExecOutcome, type Probe } from './in-container.js';
import { chooseRunner } from './runner-detect.js';
import { buildTestCommand, testExit, type TestCommand } from './test-command.js';

/** What running the service's tests under coverage in a container leaves, before any report is made. */
export interface TestRunOutcome {
  probe: Probe;
  command: TestCommand;
  testRun: ExecOutcome;
  /** The exit status as every runner means it (pytest's 5, "no tests collected", reads as 0). */
  exitCode: number;
  /** The runner collected no test and coverage nothing: "0 tests ran", not a crash. */
  noTests?: boolean;
  /** Set when the tests stopped before coverage collected anything: nothing was exported. */
  crashed?: EnidError;
  exported?: Exported;
  /** The out directory's files (coverage exports, test results). */
  files?: Map<string, Buffer>;
  notes: string[];
}

/**
 * The service's own tests under coverage in `box` (the service container, or its test sibling): coverage
 * made present, the runner chosen, the tests run, the data exported and copied out. With `e2e`, Gunicorn
 * is stopped first so its own data is written (only in the service container). Tests that stopped
 * before coverage collected anything come back as `crashed`, with their output for the log.
 */
export async function runServiceTests(box: InContainer, spec: Pick<ServiceSpec, 'name'>, configured: readonly string[] | undefined, e2e: boolean, log: (line: string) => void, stopServer?: () => Promise<string[]>): Promise<TestRunOutcome> {
  const notes: string[] = [];
  const probe = await ensureCoverage(box, spec.name, log);
  await box.prepare();
  if (e2e && stopServer) notes.push(...await stopServer());
  const evidence = configured ? undefined : await box.runnerEvidence();
  const choice = evidence ? chooseRunner(evidence) : undefined;
  if (choice) log(`test runner: ${choice.because}`);
  const command = buildTestCommand({ command: configured ? [...configured] : (choice?.runner === 'pytest' ? ['-m', 'pytest'] : undefined), passSource: !probe.source?.length && !probe.include?.length });
  log(`tests under coverage ${probe.version ?? ''}: ${command.shown}`);
  const testRun = await box.runTests(command.argv, DATA_FILES.unit, `${IN_CONTAINER.outDir}/tests.json`);
  // pytest exits 5 where manage.py test exits 0 for "no test found": both are "0 tests ran", never a crash.
  const { exitCode, noTests } = testExit(command.kind, testRun.exitCode);
  const exported = await exportCoverage(box, e2e);
  if (!exported && noTests) return { probe, command, testRun, exitCode, noTests, notes };
  if (!exported) {
    const why = exitCode !== 0 ? tail(testRun.output) : ['the test command exited 0 but coverage collected no data', ...tail(testRun.output, 10)];
    return { probe, command, testRun, exitCode, crashed: testsCrashed(spec.name, testRun.exitCode, why), notes };
  }
  if (exported.note) notes.push(exported.note);
  const files = await box.fetchOut();
  return { probe, command, testRun, exitCode, exported, files, notes };
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

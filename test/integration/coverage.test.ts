import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnidConfig } from '../../src/config.js';
import { coveragePhase } from '../../src/coverage/phase.js';
import { parseCobertura, summariseLcov } from '../../src/coverage/lcov.js';
import { EnidError } from '../../src/errors.js';
import type { HttpClient } from '../../src/http/client.js';
import type { Reporter } from '../../src/report/reporter.js';
import { resolveOptions } from '../../src/options/resolve-options.js';
import { emptyApi, emptyResources, type RunContext } from '../../src/pipeline/context.js';
import { startStack, type StartedStack } from '../../src/stack/start-stack.js';
import type { CoverageReport, RunReport, ServiceSpec } from '../../src/types.js';
import { fixture, fixtureSpec, readReport, runCli, runResources, tempDir, stackClient } from './helpers.js';

/** Every file under `dir` with its size and mtime: the harness must not write into the service directory. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) visit(p);
      else out.push(`${path.relative(dir, p)} ${s.size} ${s.mtimeMs}`);
    }
  };
  visit(dir);
  return out.sort();
}

/** `TOTAL  273  25  91%` from `coverage report`. */
function reportTotal(text: string): { stmts: number; miss: number; percent: number } {
  const m = /^TOTAL\s+(\d+)\s+(\d+)\s+(\d+)%\s*$/m.exec(text);
  if (!m) throw new Error(`no TOTAL line in:\n${text}`);
  return { stmts: Number(m[1]), miss: Number(m[2]), percent: Number(m[3]) };
}

describe('coverage phase on the Redis fixture (library level)', () => {
  let spec: ServiceSpec;
  let stack: StartedStack;
  let http: HttpClient;
  const reportsDir = tempDir('coverage');
  const before = snapshot(fixture('notes-redis'));
  const logs: string[] = [];
  const reporter: Reporter = { onLog: (l) => logs.push(l), printsToStdio: () => false };
  const context = (config: EnidConfig = {}): RunContext => ({
    spec, config, options: resolveOptions({ serviceDir: spec.dir, reportsDir }, {}, config), stack, info: stack.toInfo(), seed: 1, rows: 0, reportsDir, reporter,
    signal: new AbortController().signal,
    state: { http, api: emptyApi(), resources: emptyResources() },
  });

  beforeAll(async () => {
    spec = fixtureSpec('notes-redis');
    stack = await startStack(spec, { runId: `it-coverage-${Date.now()}`, logsDir: path.join(reportsDir, 'logs') });
    http = await stackClient(stack);
  });
  afterAll(async () => {
    await http?.close();
    await stack?.stop();
  });

  let coverage: CoverageReport;
  it('runs the Django tests under coverage and reports them as test cases', async () => {
    const t = Date.now();
    const outcome = await coveragePhase.run(context());
    console.log(`coverage phase: ${Date.now() - t} ms, ${outcome.detail}`);
    expect(outcome.status, outcome.detail).toBe('passed');
    coverage = outcome.result;
    expect(coverage.source).toBe('unit');
    expect(coverage.tests).toHaveLength(12);
    expect(coverage.tests.every((c) => c.status === 'passed' && c.suite.startsWith('notes.tests.'))).toBe(true);
    expect(coverage.tests.some((c) => c.durationMs > 0)).toBe(true);
    expect(logs.some((l) => /^coverage \d+\.\d% \(\d+\/\d+ lines, unit\)$/.test(l))).toBe(true);
    expect(logs.some((l) => /notes\/views\.py\s+\d+\.\d%/.test(l))).toBe(true);
  });

  it('writes Cobertura, lcov and JSON that parse, agree, and point at files on the host', () => {
    const dir = path.join(reportsDir, 'coverage');
    const cobertura = parseCobertura(readFileSync(path.join(dir, 'cobertura.xml'), 'utf8'));
    expect(cobertura.sources).toEqual([fixture('notes-redis')]);
    for (const f of cobertura.files) expect(existsSync(path.join(cobertura.sources[0]!, f.filename)), f.filename).toBe(true);
    expect(cobertura.files.map((f) => f.filename)).toContain('notes/views.py');

    const lcov = summariseLcov(readFileSync(path.join(dir, 'lcov.info'), 'utf8'));
    for (const f of lcov.files) expect(existsSync(f.path), f.path).toBe(true);

    const json = JSON.parse(readFileSync(path.join(dir, 'coverage.json'), 'utf8')) as { files: Record<string, unknown>; totals: { covered_lines: number; num_statements: number } };
    for (const file of Object.keys(json.files)) expect(existsSync(file), file).toBe(true);

    const totals = { linesCovered: coverage.linesCovered, linesValid: coverage.linesValid };
    expect({ linesCovered: cobertura.linesCovered, linesValid: cobertura.linesValid }).toEqual(totals);
    expect({ linesCovered: lcov.linesHit, linesValid: lcov.linesFound }).toEqual(totals);
    expect({ linesCovered: json.totals.covered_lines, linesValid: json.totals.num_statements }).toEqual(totals);
    expect(coverage.lineRate).toBeCloseTo(cobertura.lineRate, 4);
    expect(coverage.files.find((f) => f.path === 'notes/views.py')?.linesValid).toBeGreaterThan(0);
    expect(readFileSync(path.join(dir, 'summary.txt'), 'utf8')).toMatch(/^TOTAL\s+\d+\s+\d+\s+\d+\.\d%$/m);
  });

  it('matches `coverage report` run by hand in the container, as the seed does', async () => {
    const run = await stack.service.exec(['python', '-m', 'coverage', 'run', '--source=.', 'manage.py', 'test', '--noinput'], { workingDir: stack.service.codeDir });
    expect(run.exitCode, run.output).toBe(0);
    const report = await stack.service.exec(['python', '-m', 'coverage', 'report'], { workingDir: stack.service.codeDir });
    const byHand = reportTotal(report.stdout);
    expect(byHand.stmts).toBe(coverage.linesValid);
    expect(byHand.stmts - byHand.miss).toBe(coverage.linesCovered);
    expect(byHand.percent).toBe(Math.round(coverage.lineRate * 100));
  });

  it('honours the service\'s own coverage config: its source and omit, and fail_under as the minimum', async () => {
    // In the container's WORKDIR only (the image's copy of the sources), as if the service had committed it.
    const rc = '[run]\nsource = notes\nomit = */tests/*\n\n[report]\nfail_under = 99\n';
    await stack.service.copyContentToContainer([{ content: rc, target: `${stack.service.codeDir}/.coveragerc` }]);
    try {
      logs.length = 0;
      const outcome = await coveragePhase.run(context());
      const c = outcome.result;
      expect(logs.find((l) => l.startsWith('tests under coverage'))).not.toContain('--source=.');
      expect(c.files.length).toBeGreaterThan(0);
      expect(c.files.every((f) => f.path.startsWith('notes/') && !f.path.startsWith('notes/tests/'))).toBe(true);
      expect(c.minCoverage).toBe(99);
      expect(outcome.status).toBe('failed');
      expect(outcome.detail).toMatch(/is below the minimum 99%/);
      // <source> is now the package: filenames relative to it must still resolve on the host.
      const cobertura = parseCobertura(readFileSync(path.join(reportsDir, 'coverage', 'cobertura.xml'), 'utf8'));
      expect(cobertura.sources).toEqual([path.join(fixture('notes-redis'), 'notes')]);
      for (const f of cobertura.files) expect(existsSync(path.join(cobertura.sources[0]!, f.filename)), f.filename).toBe(true);
      const lcov = summariseLcov(readFileSync(path.join(reportsDir, 'coverage', 'lcov.info'), 'utf8'));
      for (const f of lcov.files) expect(existsSync(f.path), f.path).toBe(true);
    } finally {
      await stack.service.exec(['rm', '-f', `${stack.service.codeDir}/.coveragerc`]);
    }
  });

  it('fails with the log tail when the test command dies before any test ran', async () => {
    const err = await coveragePhase.run(context({ coverage: { command: ['manage.py', 'test', '--settings=app.no_such_settings'] } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnidError);
    expect((err as EnidError).code).toBe('ENID_TESTS_CRASHED');
    expect((err as EnidError).exitCode).toBe(1);
    expect((err as EnidError).logTail?.join('\n')).toMatch(/no_such_settings/);
  });

  it('names the fix when coverage is not importable in the image', async () => {
    // Shadow the image's coverage with a module that fails to import, as in an image without it.
    await stack.service.copyContentToContainer([{ content: 'raise ImportError("No module named \'coverage\'")\n', target: '/tmp/enid/py/coverage.py' }]);
    try {
      const err = await coveragePhase.run(context()).catch((e: unknown) => e);
      expect((err as EnidError).code).toBe('ENID_COVERAGE_MISSING');
      expect((err as EnidError).message).toBe('coverage is not installed in the notes image');
      expect((err as EnidError).hint).toMatch(/add `coverage` to requirements\.txt.*ENID_COVERAGE_INSTALL=1/);
      // Opted in, but no package index is reachable here: the error says the install was tried.
      process.env.ENID_COVERAGE_INSTALL = '1';
      const t = Date.now();
      const tried = await coveragePhase.run(context()).catch((e: unknown) => e);
      console.log(`opt-in install attempt: ${Date.now() - t} ms`);
      expect((tried as EnidError).code).toBe('ENID_COVERAGE_MISSING');
      expect((tried as EnidError).message).toMatch(/^coverage is not installed in the notes image \(ENID_COVERAGE_INSTALL=1 could not install it: .+\)$/);
    } finally {
      delete process.env.ENID_COVERAGE_INSTALL;
      await stack.service.exec(['rm', '-f', '/tmp/enid/py/coverage.py']);
    }
  });

  it('never wrote into the service directory on the host', () => {
    expect(snapshot(fixture('notes-redis'))).toEqual(before);
  });
});

describe('enid-test run: coverage', () => {
  it('a failing Django test fails the run (exit 1) and is named', async () => {
    const reports = tempDir('coverage-failing');
    const result = await runCli(['run', '--no-database', '--no-checks', fixture('broken/failing-tests'), '--reports', reports, '--rows', '3', '--no-timing']);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    const failing = 'checks.tests.test_checks.DeliberateFailureTests.test_deliberately_fails';
    expect(result.stdout).toContain(failing);
    const report = readReport(reports);
    const phase = report.phases.find((p) => p.name === 'coverage');
    expect(phase?.status).toBe('failed');
    expect(phase?.detail?.startsWith(`1 Django test failed: ${failing}`), phase?.detail).toBe(true);
    const failed = report.coverage!.tests.filter((t) => t.status === 'failed');
    expect(failed.map((t) => `${t.suite}.${t.name}`)).toEqual([failing]);
    expect(failed[0]!.failure).toContain(`File "${fixture('broken/failing-tests')}/checks/tests/test_checks.py"`);
    expect(readFileSync(path.join(reports, 'junit.xml'), 'utf8')).toMatch(/<testcase name="test_deliberately_fails"[^>]*>\s*<failure message="AssertionError: 0 != 1/);
    expect(existsSync(path.join(reports, 'coverage', 'cobertura.xml'))).toBe(true);
    expect(await runResources(report.runId)).toEqual({ containers: [], networks: [] });
  });

  it('--e2e-coverage combines Gunicorn\'s coverage with the unit run, above the unit rate; --min-coverage gates the result', async () => {
    const reports = tempDir('coverage-e2e');
    const result = await runCli(['run', '--no-database', '--no-checks', fixture('notes-redis'), '--reports', reports, '--rows', '5', '--no-timing', '--e2e-coverage', '--min-coverage', '99']);
    const report = readReport(reports);
    const c = report.coverage!;
    console.log(`notes-redis: unit ${c.parts?.unit}, e2e ${c.parts?.e2e}, combined ${c.parts?.combined}; coverage phase ${report.phases.find((p) => p.name === 'coverage')?.durationMs} ms`);
    expect(c.source).toBe('combined');
    expect(c.parts!.combined).toBeGreaterThan(c.parts!.unit!);
    expect(c.parts!.e2e).toBeGreaterThan(0);
    expect(c.lineRate).toBe(c.parts!.combined);

    // /health/ and /api/stats-live/ are reached only end to end.
    const lines = (file: string) => JSON.parse(readFileSync(path.join(reports, 'coverage', file), 'utf8')) as { files: Record<string, { missing_lines: number[] }> };
    const views = path.join(fixture('notes-redis'), 'notes', 'views.py');
    const source = readFileSync(views, 'utf8').split('\n');
    const healthLine = source.findIndex((l) => l.includes("JsonResponse({'status': 'ok'})")) + 1;
    expect(lines('unit/coverage.json').files[views]!.missing_lines).toContain(healthLine);
    expect(lines('coverage.json').files[views]!.missing_lines).not.toContain(healthLine);

    // Everything passed but the 99% gate.
    expect(result.code, result.stdout).toBe(1);
    expect(report.phases.filter((p) => p.status === 'failed').map((p) => p.name)).toEqual(['coverage']);
    expect(report.phases.find((p) => p.name === 'coverage')?.detail).toMatch(/is below the minimum 99%/);
    expect(c.minCoverage).toBe(99);
    expect(readFileSync(path.join(reports, 'junit.xml'), 'utf8')).toMatch(/<testcase name="line rate ≥ 99%" classname="coverage"[^>]*>\s*<failure/);
    expect(await runResources(report.runId)).toEqual({ containers: [], networks: [] });
  });

  it('--e2e-coverage still gets the data when Gunicorn is the container\'s main process (entrypoint `exec`s it)', async () => {
    const service = path.join(tempDir('coverage-exec'), 'notes-exec');
    cpSync(fixture('notes-redis'), service, { recursive: true });
    const entrypoint = path.join(service, 'entrypoint.sh');
    writeFileSync(entrypoint, readFileSync(entrypoint, 'utf8').replace(/^watchmedo auto-restart .* -- gunicorn/m, 'exec gunicorn'));
    expect(readFileSync(entrypoint, 'utf8')).toMatch(/^exec gunicorn -b 0\.0\.0\.0:8080 app\.wsgi:application$/m);
    const reports = tempDir('coverage-exec-reports');
    const result = await runCli(['run', '--no-database', '--no-checks', service, '--reports', reports, '--rows', '5', '--e2e-coverage', '--no-timing']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('the service container stopped with Gunicorn; restarting it to combine the data');
    const c = readReport(reports).coverage!;
    expect(c.source).toBe('combined');
    expect(c.parts!.combined).toBeGreaterThan(c.parts!.unit!);
  });
});

import { appendFileSync, cpSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonReporter } from '../../src/report/json-reporter.js';
import { run } from '../../src/run.js';
import { fixture, readReport, runCli, tempDir } from './helpers.js';

// Three runs that used to pass having tested nothing: each is now exit 1 with the cause it saw.
const QUICK = ['--no-timing', '--no-database', '--no-checks', '--no-suites', '--rows', '2'];

function copyOf(name: string): string {
  const dir = path.join(tempDir(`false-green-${name}`), name);
  cpSync(fixture(name), dir, { recursive: true });
  return dir;
}

describe('nothing tested is not green', () => {
  it('a run whose checks all pass but reach no API endpoint: exit 1, ENID_NOTHING_EXERCISED in report.json', async () => {
    // Every endpoint of notes-redis is left out by the config (given in code, so the fixture and its
    // cached image stay as they are): seeding and flows pass on nothing, no phase fails.
    const reports = tempDir('false-green-nothing');
    const all = ['/api/notes/', '/api/private-notes/', '/api/stats/', '/api/stats-live/'];
    const report = await run({
      serviceDir: fixture('notes-redis'), reportsDir: reports, rows: 2, timing: false, database: false, coverage: false, checks: false, suites: false,
      config: { seed: { skip: all }, flows: { skip: all } }, reporter: new JsonReporter({ reportsDir: reports }),
    });
    expect(report.phases.filter((p) => p.status === 'failed' || p.status === 'error').map((p) => `${p.name}: ${p.detail}`)).toEqual([]);
    const written = readReport(reports);
    expect(written).toMatchObject({ exitCode: 1, status: 'failed' });
    expect(written.errors.map((e) => e.code)).toEqual(['ENID_NOTHING_EXERCISED']);
    expect(written.errors[0]!.message).toMatch(/^exercised 0 of \d+ API endpoints: /);
    expect(written.api!.exercised).toBe(0);
  });

  it('a service whose API answers 400 to every request and whose tests folder was deleted: exit 1, each cause named by its own phase', async () => {
    // Two ways a run used to pass having tested nothing, in one copy of notes-redis (one boot): each is
    // asserted on its own phase, so either verdict deleted fails this test.
    const dir = copyOf('notes-redis');
    // A middleware that refuses every API request, as a misconfigured proxy header check would; /health/ stays up.
    writeFileSync(path.join(dir, 'app', 'reject.py'), [
      'from django.http import HttpResponseBadRequest',
      'def reject(get_response):',
      '    def middleware(request):',
      "        return get_response(request) if request.path.startswith('/health') else HttpResponseBadRequest('rejected')",
      '    return middleware',
      '',
    ].join('\n'));
    appendFileSync(path.join(dir, 'app', 'settings.py'), "\nMIDDLEWARE.insert(0, 'app.reject.reject')\n");
    writeFileSync(path.join(dir, 'enid.config.json'), JSON.stringify({ service: { healthPath: '/health/' } }));
    rmSync(path.join(dir, 'notes', 'tests'), { recursive: true });
    const reports = tempDir('false-green-400');
    const result = await runCli(['run', dir, '--reports', reports, ...QUICK]);
    expect(result.code, result.stdout).toBe(1);
    const report = readReport(reports);
    expect(report.status).toBe('failed');
    expect(report.api!.endpoints.length).toBeGreaterThan(0);
    // The probe still maps the API from inside the container; every request the run sends gets 400, so
    // no create or list step passes (plain GET endpoints only need an answer below 500, by design).
    const passed = report.flows.filter((f) => f.status === 'passed' && (f.step === 'create' || f.step === 'list'));
    expect(passed).toEqual([]);
    expect(report.flows.filter((f) => f.step === 'create' && f.status === 'failed').length).toBeGreaterThan(0);
    const reasons = [...report.errors.map((e) => e.message), ...report.flows.map((f) => f.error ?? '')].join('\n');
    expect(reasons).toMatch(/400/);
    expect(result.stdout).toMatch(/exercised \d+ of \d+ API endpoints/);
    // The deleted tests folder: the coverage phase fails on its own, "0 tests ran".
    const coverage = report.phases.find((p) => p.name === 'coverage')!;
    expect(coverage.status).toBe('failed');
    expect(coverage.detail).toMatch(/^0 tests ran/);
  });

  it('a service with a tests package that holds no test, under coverage.requireTests: false: exit 0, and the report says it allowed "0 tests ran"', async () => {
    // That "0 tests ran" fails a run is the tests' above (a deleted tests folder) and below (pytest);
    // here only what the setting changes, in one run.
    const dir = copyOf('library-pg');
    const tests = path.join(dir, 'catalog', 'tests');
    for (const f of readdirSync(tests)) if (f !== '__init__.py') rmSync(path.join(tests, f));
    rmSync(path.join(dir, 'e2e'), { recursive: true });
    writeFileSync(path.join(dir, 'enid.config.json'), JSON.stringify({ coverage: { requireTests: false } }));
    const reports = tempDir('false-green-allowed');
    const result = await runCli(['run', dir, '--reports', reports, ...QUICK]);
    expect(result.code, result.stdout).toBe(0);
    expect(readReport(reports).phases.find((p) => p.name === 'coverage')?.detail).toContain('0 tests ran, allowed by coverage.requireTests: false');
  });

  it('a pytest service whose tests were all deleted: exit 1, worded as under manage.py test ("0 tests ran"), not a crash', async () => {
    // pytest exits 5 ("no tests collected") where manage.py test exits 0: the same fact, the same words.
    const dir = copyOf('drift-pytest');
    for (const app of ['expenses', 'accounts']) rmSync(path.join(dir, 'service', app, 'tests'), { recursive: true });
    const reports = tempDir('false-green-pytest-none');
    const result = await runCli(['run', dir, '--reports', reports, ...QUICK]);
    expect(result.code, result.stdout).toBe(1);
    const report = readReport(reports);
    expect(report.errors.map((e) => e.code)).not.toContain('ENID_TESTS_CRASHED');
    expect(report.phases.find((p) => p.name === 'coverage')?.detail).toMatch(/^0 tests ran: `-m pytest/);
  });
});

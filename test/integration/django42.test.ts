import { describe, expect, it } from 'vitest';
import { fixture, readReport, runCli, runResources, tempDir } from './helpers.js';

// The seed pins Django 4.2; the full suite runs on the Django 3.2 stand-in, this smoke run boots every
// fixture once on the Django 4.2 one (Debian trixie: Python 3.13, DRF 3.16). Two at a time: the runs
// mostly wait on containers, and the machine has two cores.
const TRIXIE = process.env.ENID_PYTHON_IMAGE_TRIXIE;
const FIXTURES = ['notes-redis', 'library-pg', 'drift-subfolder', 'drift-pytest', 'drift-nomigrate', 'auth-jwt'];

describe.runIf(TRIXIE)('every fixture on Django 4.2', () => {
  const runs = new Map<string, Promise<{ code: number | null; out: string; reports: string }>>();
  const start = (name: string): Promise<{ code: number | null; out: string; reports: string }> => {
    const reports = tempDir(`dj42-${name}`);
    // The database phase runs too: pg_stat_statements and COPY at volume on Django 4.2 / Python 3.13.
    return runCli(['run', fixture(name), '--reports', reports, '--rows', '2', '--seed', '3', '--no-timing', '--python-image', TRIXIE!], { timeoutMs: 280_000 })
      .then((r) => ({ code: r.code, out: r.stdout + r.stderr, reports }));
  };
  // A small pool: each test awaits its own run, started two ahead.
  const ahead = 2;
  const ensure = (i: number): void => {
    for (const name of FIXTURES.slice(i, i + ahead)) if (!runs.has(name)) runs.set(name, start(name));
  };

  it.each(FIXTURES.map((name, i) => [name, i] as const))('%s boots, exercises its API and runs its own tests', async (name, i) => {
    ensure(i);
    const { code, out, reports } = await runs.get(name)!;
    const report = readReport(reports);
    expect(report.inspect?.django, out).toMatch(/^4\.2/);
    // drift-subfolder's /api/warehouses/ nests its items without prefetch_related: a real N+1, exit 1
    // with the database phase the only failing phase.
    const nPlusOne = name === 'drift-subfolder';
    expect(code, out).toBe(nPlusOne ? 1 : 0);
    expect(report.phases.filter((p) => p.status === 'failed').map((p) => p.name), out).toEqual(nPlusOne ? ['database'] : []);
    if (nPlusOne) expect(report.database?.nPlusOne.map((n) => n.path)).toEqual(['/api/warehouses/']);
    expect(report.api!.exercised, out).toBeGreaterThan(0);
    // The checks phase on Django 4.2 / DRF 3.16 too: nothing found in a clean service.
    expect(report.checks?.findings.map((f) => `${f.check} ${f.method} ${f.endpoint}: ${f.message}`), out).toEqual([]);
    expect(report.coverage!.tests.length).toBeGreaterThan(0);
    expect(report.database?.requests.length).toBeGreaterThan(0);
    expect(Object.values(report.database?.volume?.methods ?? {})).toContain('copy');
    expect(await runResources(report.runId)).toEqual({ containers: [], networks: [] });
  }, 300_000);
});

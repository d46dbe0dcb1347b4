import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fixture, readReport, runCli, tempDir } from './helpers.js';

// The service's own tests need only the image and a database: they run in a sibling container (its own
// database on the run's PostgreSQL, its own Redis) while seeding and flows talk to the service.
describe('coverage in a sibling container', () => {
  it('runs the Django tests beside the API phases, with nothing of the running service\'s, and reports them as before', async () => {
    const reports = tempDir('sibling');
    const result = await runCli(['run', fixture('notes-redis'), '--reports', reports, '--no-timing', '--no-database', '--rows', '3'], { timeoutMs: 590_000 });
    const report = readReport(reports);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const phase = report.phases.find((p) => p.name === 'coverage')!;
    expect(phase.detail).toContain('ran in a sibling container beside the API phases (postgres: database notes_enid_tests, redis: container redis-enid-tests)');
    expect(report.coverage?.tests.filter((t) => t.status === 'passed')).toHaveLength(12);
    expect(report.coverage?.lineRate).toBeGreaterThan(0.5);
    // The flows ran against the service meanwhile, unaffected.
    expect(report.flows.filter((f) => f.status !== 'passed')).toEqual([]);
    // Nothing of the run is left: the sibling and its Redis went with the stack.
    const left = execFileSync('docker', ['ps', '-aq', '--filter', `label=dev.enid-test.run=${report.runId}`], { encoding: 'utf8' }).trim();
    expect(left).toBe('');
  }, 600_000);

  it('gives the sibling the migrations the service\'s entrypoint wrote at boot, as the tests in the service container would see them', async () => {
    // db-hygiene's model has a field without a migration; the seed-style entrypoint's makemigrations writes 0002 at boot.
    const reports = tempDir('sibling-boot-migrations');
    const result = await runCli(['run', fixture('db-hygiene'), '--reports', reports, '--no-timing', '--no-database', '--rows', '3'], { timeoutMs: 590_000 });
    const report = readReport(reports);
    expect(result.stdout).toMatch(/migrations the service's entrypoint wrote at boot, copied into the sibling: shop\/migrations\/0002_\w+\.py/);
    expect(report.phases.find((p) => p.name === 'coverage')?.status, result.stdout).toBe('passed');
    expect(report.coverage?.tests.filter((t) => t.status === 'passed')).toHaveLength(6);
  }, 600_000);
});

import { describe, expect, it } from 'vitest';
import { fixture, readReport, runCli, tempDir } from './helpers.js';

// The service's own tests need only the image and a database: they run in a sibling container (its own
// database on the run's PostgreSQL, its own Redis) while seeding and flows talk to the service. The plain
// case is asserted on the bundled example's whole run in templates.test.ts.
describe('coverage in a sibling container', () => {
  it('gives the sibling the migrations the service\'s entrypoint wrote at boot, as the tests in the service container would see them', async () => {
    // db-hygiene's model has a field without a migration; the seed-style entrypoint's makemigrations writes 0002 at boot.
    const reports = tempDir('sibling-boot-migrations');
    const result = await runCli(['run', fixture('db-hygiene'), '--reports', reports, '--seed', '3', '--no-timing', '--no-database', '--no-checks', '--rows', '3'], { timeoutMs: 590_000 });
    const report = readReport(reports);
    expect(result.stdout).toMatch(/migrations the service's entrypoint wrote at boot, copied into the sibling: shop\/migrations\/0002_\w+\.py/);
    expect(report.phases.find((p) => p.name === 'coverage')?.status, result.stdout).toBe('passed');
    expect(report.coverage?.tests.filter((t) => t.status === 'passed')).toHaveLength(6);
    // Seed 3 (database.test.ts runs this fixture with seed 2): every flow step passes whatever the data.
    expect(report.flows.filter((f) => f.status !== 'passed').map((f) => `${f.name}: ${f.error}`)).toEqual([]);
  }, 600_000);
});

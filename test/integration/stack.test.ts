import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getContainerRuntimeClient } from 'testcontainers';
import type { RunReport } from '../../src/types.js';
import { runResources, fixture, readReport, runCli, tempDir, type CliResult } from './helpers.js';

// Boots, not phases: every phase these tests do not look at is off (each costs the suite's two cores).
const QUICK = ['--no-coverage', '--no-timing', '--no-database', '--no-checks', '--no-suites', '--rows', '2'];

describe('notes-redis twice at once, one of them with --keep; then `enid-test clean`', () => {
  // The same service twice in parallel must not clash (names, networks, ports, its Redis); two runs at
  // once also cost less than two in a row, and the second one is the --keep run. library-pg's plain pass
  // is suites.test.ts's.
  const runs = [{ reports: tempDir('notes-redis'), keep: false }, { reports: tempDir('keep'), keep: true }];
  let results: CliResult[];
  let reports: RunReport[];
  beforeAll(async () => {
    results = await Promise.all(runs.map((r) => runCli(['run', fixture('notes-redis'), '--reports', r.reports, ...(r.keep ? ['--keep'] : []), ...QUICK])));
    reports = runs.map((r) => readReport(r.reports));
  });
  afterAll(async () => {
    // The kept stack, should the test that cleans it have stopped short (`clean` removes only stacks whose run is gone).
    const kept = reports?.[1]?.runId;
    if (kept && (await runResources(kept)).containers.length) await runCli(['clean']);
  });

  it('each boots against real containers and passes, under its own run id; the run without --keep leaves nothing behind', async () => {
    for (const [i, report] of reports.entries()) {
      expect(report.errors, results[i]!.stdout + results[i]!.stderr).toEqual([]);
      expect(results[i]!.code).toBe(0);
      expect(report.status).toBe('passed');
      expect(report.phases.find((p) => p.name === 'stack')?.status).toBe('passed');
    }
    // A phase switched off says which flag did it (here before looking for suite files at all).
    expect(reports[0]!.phases.find((p) => p.name === 'suites')).toMatchObject({ status: 'skipped', detail: 'disabled by --no-suites' });
    // The kept run's teardown is left to `enid-test clean` (the next test).
    expect(reports[0]!.phases.find((p) => p.name === 'teardown')?.status).toBe('passed');
    expect(new Set(reports.map((r) => r.runId)).size).toBe(2);
    expect(await runResources(reports[0]!.runId)).toEqual({ containers: [], networks: [] });
  });

  it('--keep leaves the labelled stack running, published on one address only, and `enid-test clean` removes it once the run is gone', async () => {
    const { runId } = reports[1]!;
    expect(reports[1]!.phases.find((p) => p.name === 'teardown')).toMatchObject({ status: 'skipped', detail: expect.stringContaining('--keep') });
    const kept = await runResources(runId);
    expect(kept.containers).toHaveLength(3);
    expect(kept.networks).toEqual([`enid-${runId}`]);
    // Every container of the run publishes on one address, never on all interfaces.
    const docker = (await getContainerRuntimeClient()).container.dockerode;
    const listed = await docker.listContainers({ filters: { label: [`dev.enid-test.run=${runId}`] } });
    const bindings = listed.flatMap((c) => c.Ports.filter((p) => p.PublicPort).map((p) => p.IP));
    console.log(`published on: ${[...new Set(bindings)].join(', ')}`);
    expect(bindings.length).toBeGreaterThanOrEqual(3);
    for (const ip of bindings) expect(['0.0.0.0', '::', '']).not.toContain(ip);
    const clean = await runCli(['clean']);
    expect(clean.code).toBe(0);
    // At least this run's three containers and its network; orphans of runs killed earlier go too.
    const [, containers, networks] = /removed (\d+) container\(s\), (\d+) network\(s\)/.exec(clean.stdout) ?? [];
    expect(Number(containers), clean.stdout).toBeGreaterThanOrEqual(3);
    expect(Number(networks), clean.stdout).toBeGreaterThanOrEqual(1);
    expect(await runResources(runId)).toEqual({ containers: [], networks: [] });
  });
});

describe('broken fixture services fail fast with a documented exit code', () => {
  it.each([
    ['bad-compose', 2, /not valid compose YAML \(line \d+\)/, undefined],
    ['no-dockerfile', 2, /no Dockerfile in/, undefined],
    // An entrypoint that exits at once: that container's own output, not a port-binding timeout.
    ['crash-entrypoint', 3, /exited with code \d+ before answering HTTP/, /No module named 'app\.local_settings'/],
    ['failing-migration', 3, /exited with code \d+ before answering HTTP/, undefined],
    ['wrong-port', 3, /listens on port 9090, but it declares 8080/, undefined],
  ] as const)('%s → exit %i', async (name, code, message, tail) => {
    const reports = tempDir(name);
    const result = await runCli(['run', fixture(`broken/${name}`), '--reports', reports, ...QUICK]);
    expect(result.code, result.stdout + result.stderr).toBe(code);
    const report = readReport(reports);
    expect(report.exitCode).toBe(code);
    expect(report.status).toBe('error');
    const error = report.errors[0]!;
    expect(error.message).toMatch(message);
    // Detected from the cause itself, never by running into the boot timeout.
    expect(error.code).not.toBe('ENID_BOOT_TIMEOUT');
    expect(error.hint).toBeTruthy();
    if (code === 3) expect(error.logTail?.length).toBeGreaterThan(0);
    if (tail) expect(error.code).toBe('ENID_CONTAINER_EXITED');
    if (tail) expect(error.logTail?.join('\n')).toMatch(tail);
    expect(error.message).not.toMatch(/ports to be bound|HTTP code 409/);
    expect(result.stdout).toContain(`error: ${error.message}`);
    if (code === 2) expect(report.runId).toBeUndefined();
    else expect(await runResources(report.runId)).toEqual({ containers: [], networks: [] });
  });
});

describe('a backing service that cannot start', () => {
  it('a database image that cannot run is exit 4 with the database\'s own last line, not ENID_INTERNAL', async () => {
    // The Redis stand-in cannot run `postgres -c …`: it dies at start, as a wrong --postgres-image would.
    const reports = tempDir('pg-dies');
    const result = await runCli(['run', fixture('library-pg'), '--reports', reports, ...QUICK], { env: { ENID_POSTGRES_IMAGE: process.env.ENID_REDIS_IMAGE ?? 'redis:7-alpine' } });
    expect(result.code, result.stdout + result.stderr).toBe(4);
    const report = readReport(reports);
    const error = report.errors[0]!;
    expect(error.code).toBe('ENID_BACKING_FAILED');
    expect(error.message).toMatch(/^PostgreSQL \(\S+\) did not start/);
    expect(error.hint).toContain('--postgres-image / ENID_POSTGRES_IMAGE');
    expect(await runResources(report.runId)).toEqual({ containers: [], networks: [] });
  });
});

describe('drift the run must see through, or name', () => {
  it('SECURE_SSL_REDIRECT with no proxy header Django trusts: exit 3 at once, ENID_HTTPS_ONLY, not a run of 301s', async () => {
    const dir = path.join(tempDir('https-only'), 'svc');
    cpSync(fixture('drift-nomigrate'), dir, { recursive: true });
    const settings = path.join(dir, 'courseware/settings.py');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace(/^SECURE_PROXY_SSL_HEADER = .*$/m, ''));
    const reports = tempDir('https-only-reports');
    const result = await runCli(['run', dir, '--reports', reports, ...QUICK]);
    expect(result.code, result.stdout + result.stderr).toBe(3);
    const report = readReport(reports);
    const error = report.errors[0]!;
    expect(error).toMatchObject({ code: 'ENID_HTTPS_ONLY', phase: 'inspect' });
    expect(error.message).toMatch(/redirects every request to HTTPS: SECURE_SSL_REDIRECT is on and no SECURE_PROXY_SSL_HEADER is set/);
    expect(error.hint).toMatch(/service\.env/);
    expect(error.logTail?.join('\n')).toMatch(/301/);
    expect(await runResources(report.runId)).toEqual({ containers: [], networks: [] });
  });


  it('compose `entrypoint: []` clears the image\'s ENTRYPOINT: the command runs alone', async () => {
    // drift-pytest's image waits for the database in its ENTRYPOINT; here that script would fail the
    // boot, so the run passes only if compose's `entrypoint: []` really reset it.
    const dir = path.join(tempDir('entrypoint-reset'), 'svc');
    cpSync(fixture('drift-pytest'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'service/docker-entrypoint.sh'), '#!/bin/sh\necho "the image ENTRYPOINT ran although compose cleared it" >&2\nexit 9\n');
    const compose = path.join(dir, 'docker-compose.yml');
    writeFileSync(compose, readFileSync(compose, 'utf8').replace('    command: ["gunicorn"', '    entrypoint: []\n    command: ["gunicorn"'));
    const reports = tempDir('entrypoint-reset-reports');
    const result = await runCli(['run', dir, '--reports', reports, ...QUICK]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout + result.stderr).not.toMatch(/image ENTRYPOINT ran/);
    // The image's ENTRYPOINT migrated; without it the harness did, and says so.
    expect(readReport(reports).assumptions.join('\n')).toMatch(/applied them with manage.py migrate/);
  });
});

describe('interruption', () => {
  it.each([
    ['mid-boot', /starting postgres/],
    ['mid-run', /✔ stack/],
  ])('SIGINT %s exits 130 and removes every container and network', async (_when, trigger) => {
    const reports = tempDir('sigint');
    const result = await runCli(['run', fixture('notes-redis'), '--reports', reports, '--rows', '50'], { interruptOn: trigger });
    expect(result.code, result.stdout + result.stderr).toBe(130);
    const report = readReport(reports);
    expect(report.exitCode).toBe(130);
    expect(await runResources(report.runId)).toEqual({ containers: [], networks: [] });
  });
});

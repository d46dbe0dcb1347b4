import { describe, expect, it } from 'vitest';
import { enidResources, fixture, readReport, runCli, tempDir } from './helpers.js';

const QUICK = ['--no-coverage', '--no-timing', '--rows', '2'];

describe('booting the good fixture services', () => {
  it.each(['notes-redis', 'library-pg'])('%s boots against real containers and leaves nothing behind', async (name) => {
    const before = await enidResources();
    const reports = tempDir(name);
    const result = await runCli(['run', fixture(name), '--reports', reports, ...QUICK]);
    const report = readReport(reports);
    expect(report.errors, result.stdout + result.stderr).toEqual([]);
    expect(result.code).toBe(0);
    expect(report.phases.find((p) => p.name === 'stack')?.status).toBe('passed');
    expect(report.phases.find((p) => p.name === 'teardown')?.status).toBe('passed');
    expect(await enidResources()).toEqual(before);
  });

  it('runs the same service twice in parallel without clashes', async () => {
    const [a, b] = [tempDir('par-a'), tempDir('par-b')];
    const results = await Promise.all([a, b].map((dir) => runCli(['run', fixture('library-pg'), '--reports', dir, ...QUICK])));
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    expect(readReport(a).status).toBe('passed');
    expect(readReport(b).status).toBe('passed');
  });
});

describe('broken fixture services fail fast with a documented exit code', () => {
  it.each([
    ['bad-compose', 2, /not valid compose YAML \(line \d+\)/],
    ['no-dockerfile', 2, /no Dockerfile in/],
    ['crash-entrypoint', 3, /exited with code \d+ before answering HTTP/],
    ['failing-migration', 3, /exited with code \d+ before answering HTTP/],
    ['wrong-port', 3, /listens on port 9090, but it declares 8080/],
  ])('%s → exit %i', async (name, code, message) => {
    const before = await enidResources();
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
    expect(result.stdout).toContain(`error: ${error.message}`);
    expect(await enidResources()).toEqual(before);
  });
});

describe('interruption', () => {
  it.each([
    ['mid-boot', /starting postgres/],
    ['mid-run', /✔ stack/],
  ])('SIGINT %s exits 130 and removes every container and network', async (_when, trigger) => {
    const before = await enidResources();
    const reports = tempDir('sigint');
    const result = await runCli(['run', fixture('notes-redis'), '--reports', reports, '--rows', '50'], { interruptOn: trigger });
    expect(result.code, result.stdout + result.stderr).toBe(130);
    expect(readReport(reports).exitCode).toBe(130);
    expect(await enidResources()).toEqual(before);
  });
});

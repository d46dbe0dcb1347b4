// The run of two services with --verbose, --min-coverage and the secrets check is suites.test.ts's: one
// library-pg boot serves both files' tests.
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, readReport, runCli, runResources, tempDir } from './helpers.js';

describe('doctor', () => {
  it('reports the engine, the images and what discovery assumed', async () => {
    const result = await runCli(['doctor', fixture('library-pg')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✔ engine: /);
    expect(result.stdout).toContain(`image ${process.env.ENID_POSTGRES_IMAGE ?? 'postgres:16-alpine'}`);
    expect(result.stdout).toMatch(/postgres\s+\S+ as db, postgres \(user library, database library\)/);
    expect(result.stdout).toContain('POSTGRES_PASSWORD=***');
    expect(result.stdout).toContain('redis      not used');
  });

  it('a malformed compose file is exit 2 with the cause', async () => {
    const result = await runCli(['doctor', fixture('broken/bad-compose')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/✖ discover: docker-compose.yml is not valid compose YAML \(line \d+\)/);
  });
});

describe('up', () => {
  it('keeps the stack until Ctrl-C, then removes it', async () => {
    const reports = tempDir('up');
    const result = await runCli(['up', fixture('library-pg'), '--reports', reports], { interruptOn: /Press Ctrl-C/ });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/service\s+http:\/\/[^\s]+:\d+\/api\//);
    expect(result.stdout).toContain('stack removed');
    const runId = /run (\S+) is up/.exec(result.stdout)?.[1];
    expect(await runResources(runId)).toEqual({ containers: [], networks: [] });
  });
});

describe('bad flags', () => {
  it.each([
    [['run', '--shard', '3/2'], /--shard must be i\/n/],
    [['run', '--frobnicate'], /Unknown option '--frobnicate'/],
    [['launch'], /unknown command "launch"/],
  ])('%j → exit 2 with a hint', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/hint: /);
  });

  it.each([['run'], ['doctor'], ['up']])('a malformed ENID_BUILD_ARGS is exit 2 in `%s`, naming the variable', async (command) => {
    const result = await runCli([command, fixture('library-pg'), '--reports', tempDir('bad-env')], { env: { ENID_BUILD_ARGS: 'no-equals-sign' }, timeoutMs: 60_000 });
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stdout + result.stderr).toMatch(/ENID_BUILD_ARGS: expected KEY=VALUE, got "no-equals-sign"/);
    expect(result.stdout + result.stderr).toMatch(/hint: ENID_BUILD_ARGS takes KEY=VALUE pairs/);
  });

  it.each([['run'], ['doctor']])('a service directory that does not exist is exit 2 in `%s`, not an internal error', async (command) => {
    const missing = path.join(tempDir('missing'), 'no-such-service');
    const result = await runCli([command, missing, '--reports', tempDir('missing-reports')], { timeoutMs: 60_000 });
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stdout + result.stderr).toContain(`service directory ${missing} does not exist`);
    expect(result.stdout + result.stderr).not.toMatch(/enid-test bug|ENOENT/);
  });

  it('a run report is written even when the service cannot be read', async () => {
    const reports = tempDir('no-dockerfile');
    await runCli(['run', '--no-database', '--no-checks', fixture('broken/no-dockerfile'), '--reports', reports]);
    expect(readReport(reports).errors[0]?.code).toBe('ENID_BAD_INPUT');
  });
});

describe('configuration', () => {
  it('an invalid enid.config.json is exit 2 naming the file and the key', async () => {
    const dir = path.join(tempDir('bad-config'), 'library-pg');
    cpSync(fixture('library-pg'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'enid.config.json'), JSON.stringify({ seed: { rows: 'many' }, timing: { endpoints: [{ path: '/x/', minSpeedp: 2 }] } }));
    const reports = tempDir('bad-config-reports');
    const result = await runCli(['run', '--no-database', '--no-checks', dir, '--reports', reports]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(`error: ${path.join(dir, 'enid.config.json')}: config.seed.rows must be a number (and 1 more)`);
    expect(readReport(reports).errors[0]?.code).toBe('ENID_BAD_INPUT');
  });
});

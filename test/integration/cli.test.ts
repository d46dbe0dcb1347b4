import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { fixture, readReport, runCli, runResources, tempDir } from './helpers.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('secrets', () => {
  it('values of secret-like .env keys appear in no console output, log or report', async () => {
    const env = parse(readFileSync(fixture('library-pg/.env')));
    const secrets = [env.SECRET_KEY!, env.POSTGRES_PASSWORD!];
    expect(secrets.every((s) => s.length >= 8)).toBe(true);
    const reports = tempDir('secrets');
    // --min-coverage is a percentage: 1 means 1 %, met by the fixture's ~90 %, in the gate and in junit.xml alike.
    const result = await runCli(['run', '--no-database', '--no-checks', fixture('library-pg'), '--reports', reports, '--rows', '3', '--no-timing', '--min-coverage', '1']);
    expect(result.code, result.stdout).toBe(0);
    const junit = readFileSync(path.join(reports, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testcase name="line rate ≥ 1%" classname="coverage"/);
    expect(junit).not.toMatch(/<testcase name="line rate[^"]*" classname="coverage"[^>]*>\s*<failure/);
    expect(readReport(reports).coverage!.lineRate).toBeGreaterThan(0.8);
    const doctor = await runCli(['doctor', fixture('library-pg')]);
    const texts = [result.stdout, result.stderr, doctor.stdout, ...filesUnder(reports).map((f) => readFileSync(f, 'utf8'))];
    expect(filesUnder(reports).some((f) => f.endsWith('library.log'))).toBe(true);
    for (const secret of secrets) for (const text of texts) expect(text).not.toContain(secret);
  });
});

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

describe('--verbose', () => {
  it('streams the containers\' logs, each line prefixed with its container', async () => {
    const result = await runCli(['run', '--no-database', '--no-checks', fixture('library-pg'), '--reports', tempDir('verbose'), '--verbose', '--rows', '2', '--no-timing', '--no-coverage']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ {2}\[library\] .*Listening at: http:\/\/0\.0\.0\.0:8080/m);
    expect(result.stdout).toMatch(/^ {2}\[postgres\] /m);
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

describe('configuration and several services', () => {
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

  it('runs two services at once, each with its own reports, and exits with the worst code', async () => {
    const reports = tempDir('multi');
    const result = await runCli(['run', '--no-database', '--no-checks', fixture('library-pg'), fixture('broken/no-dockerfile'), '--reports', reports, '--parallel', '2', '--rows', '3', '--no-timing', '--no-coverage']);
    expect(result.code, result.stdout).toBe(2);
    expect(readReport(path.join(reports, 'library-pg')).status).toBe('passed');
    expect(readReport(path.join(reports, 'no-dockerfile')).exitCode).toBe(2);
    expect(result.stdout).toContain('2 services: exit 2');
  });
});

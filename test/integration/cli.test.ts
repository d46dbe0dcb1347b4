import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'dotenv';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, readReport, runCli, runResources, tempDir, type CliResult } from './helpers.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

// One run serves four tests: library-pg beside a service that cannot be read, streamed with --verbose
// and gated by --min-coverage. Each library-pg boot costs the suite ~20 s of its two cores.
describe('two services at once, --verbose, --min-coverage and secrets, in one run', () => {
  const reports = tempDir('multi');
  let result: CliResult;
  beforeAll(async () => {
    // --min-coverage is a percentage: 1 means 1 %, met by the fixture's ~90 %, in the gate and in junit.xml alike.
    result = await runCli(['run', '--no-database', '--no-checks', fixture('library-pg'), fixture('broken/no-dockerfile'), '--reports', reports, '--parallel', '2', '--rows', '3', '--no-timing', '--verbose', '--min-coverage', '1']);
  });

  it('each service gets its own reports, and the run exits with the worst code', () => {
    expect(result.code, result.stdout).toBe(2);
    expect(readReport(path.join(reports, 'library-pg')).status).toBe('passed');
    expect(readReport(path.join(reports, 'no-dockerfile')).exitCode).toBe(2);
    expect(readReport(path.join(reports, 'no-dockerfile')).errors[0]?.code).toBe('ENID_BAD_INPUT');
    expect(result.stdout).toContain('2 services: exit 2');
  });

  it('--min-coverage gates the line rate, in the gate and in junit.xml alike', () => {
    const junit = readFileSync(path.join(reports, 'library-pg', 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testcase name="line rate ≥ 1%" classname="coverage"/);
    expect(junit).not.toMatch(/<testcase name="line rate[^"]*" classname="coverage"[^>]*>\s*<failure/);
    expect(readReport(path.join(reports, 'library-pg')).coverage!.lineRate).toBeGreaterThan(0.8);
  });

  it('--verbose streams the containers\' logs, each line prefixed with its container', () => {
    expect(result.stdout).toMatch(/^ {2}\[library\] .*Listening at: http:\/\/0\.0\.0\.0:8080/m);
    expect(result.stdout).toMatch(/^ {2}\[postgres\] /m);
  });

  it('values of secret-like .env keys appear in no console output, streamed log, log file or report', async () => {
    const env = parse(readFileSync(fixture('library-pg/.env')));
    const secrets = [env.SECRET_KEY!, env.POSTGRES_PASSWORD!];
    expect(secrets.every((s) => s.length >= 8)).toBe(true);
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

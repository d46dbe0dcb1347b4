import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'dotenv';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { totals } from '../../src/report/merge.js';
import type { RunReport } from '../../src/types.js';
import { fixture, readReport, ROOT, runCli, runResources, tempDir, type CliResult } from './helpers.js';

const QUICK = ['--no-coverage', '--no-timing', '--no-database', '--no-checks', '--rows', '5'];
const LIBRARY = fixture('library-pg');

/** What fixtures/library-pg/e2e holds: 3 files, 25 tests, as "file > describe > test". */
const CRUD_STEPS = [
  'create', 'list', 'retrieve', 'update', 'partial update', 'delete', '404 after delete', '404 on unknown id',
  ...['title', 'isbn', 'pages', 'genre', 'price', 'published', 'author'].map((f) => `400 on ${f}: required field left out`),
  '400 on title: 201 characters, max_length 200', '400 on isbn: 14 characters, max_length 13',
  '400 on pages: below min_value 1', '400 on pages: above max_value 5000', '400 on genre: value not among the choices',
  '400 on price: below min_value 0', '400 on published: not a date',
];
const EXPECTED = [
  'e2e/books-by-author.test.ts > books by author > lists only the books of the author given in ?author=',
  'e2e/health.test.ts > service health > GET /health/ answers 2xx',
  'e2e/health.test.ts > service health > the API root /api/ lists endpoints that answer',
  ...CRUD_STEPS.map((s) => `e2e/books-crud.test.ts > /api/books/ CRUD > ${s}`),
].sort();

const suiteKeys = (r: RunReport): string[] => r.suites.map((s) => `${s.suite} > ${s.name}`);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

// One run serves the suites and four CLI tests: library-pg beside a service that cannot be read, streamed
// with --verbose and gated by --min-coverage. Each library-pg boot costs the suite ~20 s of its two cores.
describe('enid-test run: the service\'s own vitest suites, in a run of two services with --verbose, --min-coverage and secrets', () => {
  let whole: RunReport;
  let result: CliResult;
  let reports: string;
  let library: string;
  beforeAll(async () => {
    reports = tempDir('suites');
    library = path.join(reports, 'library-pg');
    // --min-coverage is a percentage: 1 means 1 %, met by the fixture's ~90 %, in the gate and in junit.xml alike.
    result = await runCli(['run', '--no-database', '--no-checks', '--no-timing', LIBRARY, fixture('broken/no-dockerfile'), '--reports', reports, '--parallel', '2', '--rows', '5', '--verbose', '--min-coverage', '1']);
    whole = readReport(library);
  });

  it('runs fixtures/library-pg/e2e in the booted stack: every test passes and reaches report.json and junit.xml', () => {
    expect(whole.status, result.stdout + result.stderr).toBe('passed');
    expect(suiteKeys(whole).sort()).toEqual(EXPECTED);
    expect(whole.suites.filter((s) => s.status !== 'passed')).toEqual([]);
    expect(whole.phases.find((p) => p.name === 'suites')).toMatchObject({ status: 'passed', detail: expect.stringMatching(/^25\/25 tests passed in 3 file/) });
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(path.join(library, 'junit.xml'), 'utf8'));
    const suites = [junit.testsuites.testsuite].flat() as Array<{ name: string; tests: string; failures: string }>;
    const node = suites.find((s) => s.name.endsWith('suites'));
    expect(Number(node?.tests)).toBe(EXPECTED.length);
    expect(Number(node?.failures)).toBe(0);
    // The harness writes nothing into the service directory (vite's cache goes to the temp dir).
    expect(existsSync(path.join(LIBRARY, 'node_modules'))).toBe(false);
  });

  it('leaves no container behind', async () => {
    expect(await runResources(whole.runId)).toEqual({ containers: [], networks: [] });
  });

  it('each service gets its own reports, and the run exits with the worst code', () => {
    expect(result.code, result.stdout).toBe(2);
    expect(whole.exitCode).toBe(0);
    expect(readReport(path.join(reports, 'no-dockerfile')).exitCode).toBe(2);
    expect(readReport(path.join(reports, 'no-dockerfile')).errors[0]?.code).toBe('ENID_BAD_INPUT');
    expect(result.stdout).toContain('2 services: exit 2');
  });

  it('--min-coverage gates the line rate, in the gate and in junit.xml alike', () => {
    const junit = readFileSync(path.join(library, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testcase name="line rate ≥ 1%" classname="coverage"/);
    expect(junit).not.toMatch(/<testcase name="line rate[^"]*" classname="coverage"[^>]*>\s*<failure/);
    expect(whole.coverage!.lineRate).toBeGreaterThan(0.8);
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

  it('--shard 1/2 and 2/2 split suites and flows: together exactly the unsharded set, each once; merge-reports gives the unsharded totals', async () => {
    // Both shards at once, as a CI matrix runs them.
    const dirs = ['1/2', '2/2'].map((shard) => tempDir(`suites-shard-${shard.replace('/', '-')}`));
    const results = await Promise.all(['1/2', '2/2'].map((shard, i) => runCli(['run', LIBRARY, '--reports', dirs[i]!, '--shard', shard, ...QUICK])));
    for (const r of results) expect(r.code, r.stdout + r.stderr).toBe(0);
    const shards = dirs.map(readReport);
    for (const r of shards) expect(r.suites.length, 'every shard gets some suite files').toBeGreaterThan(0);
    for (const r of shards) expect(r.flows.length, 'every shard gets some flows').toBeGreaterThan(0);
    const suites = shards.flatMap(suiteKeys);
    expect(suites.sort()).toEqual(suiteKeys(whole).sort());
    const flows = shards.flatMap((r) => r.flows.map((f) => f.name));
    expect(flows.sort()).toEqual(whole.flows.map((f) => f.name).sort());
    expect(new Set([...suites, ...flows]).size).toBe(suites.length + flows.length);

    const mergedDir = tempDir('suites-merged');
    const merge = await runCli(['merge-reports', '--reports', mergedDir, ...dirs]);
    expect(merge.code, merge.stdout + merge.stderr).toBe(0);
    const merged = readReport(mergedDir);
    // The shards ran --no-coverage; the unsharded run also ran the Django tests.
    expect(totals(merged)).toEqual({ ...totals(whole), coverageTests: 0 });
    expect(totals(whole).coverageTests).toBeGreaterThan(0);
    expect(merged.shard).toBeUndefined();
  });
});

describe('enid-test/vitest as a globalSetup of the service\'s own vitest run', () => {
  interface VitestRun { code: number | null; signal: string | null; stderr: string; results: () => JsonResults }
  interface JsonResults {
    numPassedTests: number;
    numFailedTests: number;
    testResults: Array<{ assertionResults: Array<{ fullName: string; status: string; failureMessages: string[] }> }>;
  }

  /** `vitest run` with the built globalSetup, as a service repo would run it (root: where its e2e files are). */
  function vitestRun(root: string, serviceDir: string, interruptOn?: RegExp): Promise<VitestRun> {
    const dir = tempDir('suites-vitest');
    const config = path.join(dir, 'vitest.config.mjs');
    const resultsFile = path.join(dir, 'results.json');
    writeFileSync(config, `export default ${JSON.stringify({
      // Keeps vite's cache out of the fixture (a service repo has its own node_modules for it).
      cacheDir: path.join(dir, 'vite-cache'),
      test: { include: ['e2e/**/*.test.ts'], globalSetup: [path.join(ROOT, 'dist/src/vitest/global-setup.js')], hookTimeout: 300_000, testTimeout: 30_000 },
    })};\n`);
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', config, '--root', root, '--reporter', 'json', '--outputFile', resultsFile], {
      cwd: ROOT,
      env: { ...process.env, ENID_SERVICE_DIR: serviceDir, ENID_ROWS: '5', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (interruptOn?.test(stderr) && !child.killed) child.kill('SIGINT');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 280_000);
    return new Promise((resolve) => child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, results: () => JSON.parse(readFileSync(resultsFile, 'utf8')) as JsonResults });
    }));
  }
  const runIdOf = (stderr: string): string | undefined => /enid-test: stack (\S+) up:/.exec(stderr)?.[1];

  // The plain case (the globalSetup boots and seeds the stack once, the suites pass, nothing is left) is
  // consumer.test.ts's `npx vitest run`, from the installed package: one library-pg boot for both.
  it('SIGINT once the stack is up tears it down before vitest exits', async () => {
    const { code, signal, stderr } = await vitestRun(LIBRARY, LIBRARY, /enid-test: stack \S+ up:/);
    expect(stderr).toContain('enid-test: SIGINT, removing the stack');
    expect(code === 130 || signal === 'SIGINT', `exit ${code} ${signal}`).toBe(true);
    expect(await runResources(runIdOf(stderr))).toEqual({ containers: [], networks: [] });
  });

  it('signs in the configured flows.superuser, as `run` does; cachedEndpointSuite flushes the Redis cache through its published port', async () => {
    // One boot for both: a suite outside the service dir (ENID_SERVICE_DIR names the service), importing
    // the built suites by path, against notes-redis with a superuser in its config.
    const service = path.join(tempDir('suites-superuser'), 'notes-redis');
    cpSync(fixture('notes-redis'), service, { recursive: true });
    writeFileSync(path.join(service, 'enid.config.json'), JSON.stringify({ flows: { superuser: { username: 'enid-admin' } } }));
    const root = tempDir('suites-superuser-e2e');
    mkdirSync(path.join(root, 'e2e'));
    const suites = JSON.stringify(path.join(ROOT, 'dist/suites/index.js'));
    writeFileSync(path.join(root, 'e2e/private.test.ts'), [
      `import { api } from ${suites};`,
      "import { expect, it } from 'vitest';",
      "it('the seeded private notes are there for a signed-in client only', async () => {",
      "  const anonymous = await api().get('/api/private-notes/');",
      '  expect(anonymous.status).toBe(401);',
      '});',
    ].join('\n'));
    writeFileSync(path.join(root, 'e2e/stats.test.ts'), [
      `import { cachedEndpointSuite } from ${suites};`,
      "cachedEndpointSuite('/api/stats/', { minSpeedup: 2, invalidate: { method: 'POST', path: '/api/notes/', body: { title: 'invalidation probe' } } });",
      "cachedEndpointSuite('/api/stats-live/');",
    ].join('\n'));
    const { code, stderr, results } = await vitestRun(root, service);
    expect(stderr).toContain('enid-test: signed in as superuser enid-admin (HTTP Basic)');
    expect(stderr).toMatch(/seeded .*5 in \/api\/private-notes\//);
    // The cached endpoint passes, its uncached twin fails: exit 1.
    expect(code, stderr).toBe(1);
    const tests = results().testResults.flatMap((f) => f.assertionResults);
    expect(tests.map((t) => [t.fullName, t.status]).sort()).toEqual([
      ['/api/stats-live/ cache warm responses are at least 2× faster than cold ones', 'failed'],
      ['/api/stats/ cache warm responses are at least 2× faster than cold ones', 'passed'],
      ['the seeded private notes are there for a signed-in client only', 'passed'],
    ]);
    // The verdict and the Redis evidence (no key written) both come from the published Redis port.
    expect(tests.find((t) => t.fullName.startsWith('/api/stats-live/'))!.failureMessages[0]).toMatch(/not-cached: speedup [\s\S]*"redisKeys":0/);
    expect(await runResources(runIdOf(stderr))).toEqual({ containers: [], networks: [] });
  });
});

/**
 * npm run bench — figures for the README's performance section, each the median of several runs with
 * min and max, side by side in one invocation. Not part of `npm test`: nothing here asserts a time.
 *   BENCH_RUNS=3 (P1/P2/P3/P5/P6 repetitions, P9 pairs; P8 runs 5 times that)   BENCH_TIMING_RUNS=20 (P4)   BENCH_ONLY=P1,P4 (subset)
 * Needs a Docker engine and the images (or ENID_* stand-ins); the by-hand baseline uses docker-compose, else the docker CLI.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { discover } from '../dist/src/discover/discover.js';
import { HttpClient } from '../dist/src/http/client.js';
import { optionsFromEnv } from '../dist/src/run-options.js';
import { backingModule } from '../dist/src/backing/registry.js';
import { getEngine } from '../dist/src/stack/engine.js';
import { buildServiceImage } from '../dist/src/stack/image/image-build.js';
import { startStack } from '../dist/src/stack/start-stack.js';
import { cacheControlFor } from '../dist/src/timing/cache-control.js';
import { measureEndpoint } from '../dist/src/timing/measure.js';
import { summary, timeCommand, waitForHttp } from './measure.ts';
import { bootstrapMs, payloadMsPerThousand } from './pure.ts';
import { prModeRuns } from './pr-mode.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURE = path.join(ROOT, 'fixtures/notes-redis');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TIMING_RUNS = Number(process.env.BENCH_TIMING_RUNS ?? 20);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'P1,P2,P3,P4,P5,P6,P7,P8,P9').split(','));
const rows: string[][] = [];

function row(figure: string, values: number[], unit: string, target: string, met?: boolean): void {
  if (!values.length) return void rows.push([figure, 'n/a', '', '', unit, target, '']);
  const s = summary(values);
  const f = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));
  rows.push([figure, f(s.median), f(s.min), f(s.max), unit, target, met === undefined ? '' : met ? 'met' : 'MISSED']);
  console.error(`  ${figure}: median ${f(s.median)} ${unit} (n=${s.n})`);
}

function copyFixture(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'enid-bench-')), 'notes-redis');
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

const cli = (args: string[]) => timeCommand(process.execPath, [path.join(ROOT, 'dist/src/cli/main.js'), ...args]);

async function fullRuns(): Promise<void> {
  console.error(`P1/P3/P5: enid-test run on notes-redis, --rows 1000, ${RUNS} run(s) after a warm-up`);
  await cli(['run', FIXTURE, '--rows', '5', '--reports', mkdtempSync(path.join(tmpdir(), 'enid-bench-warm-'))]);
  const wall: number[] = [];
  const rps: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const reports = mkdtempSync(path.join(tmpdir(), 'enid-bench-run-'));
    const t = await cli(['run', FIXTURE, '--rows', '1000', '--reports', reports]);
    if (t.code !== 0) throw new Error(`enid-test run failed (exit ${t.code}):\n${t.output.slice(-2000)}`);
    const report = JSON.parse(readFileSync(path.join(reports, 'report.json'), 'utf8'));
    wall.push(t.wallMs / 1000);
    rps.push(report.seed.rowsPerSecond);
    rss.push(t.peakRssMb);
  }
  let manual: number[] = [];
  if (ONLY.has('P1')) manual = await byHandRuns();
  if (ONLY.has('P1')) {
    row('P1 enid-test run (boot, 1000 rows, flows, timing, coverage, teardown)', wall, 's', '');
    row(`P1 by hand (${spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0 ? 'docker-compose' : 'docker CLI'}): up --build, wait, coverage run + report, down -v`, manual, 's', '');
    const ratios = manual.length ? wall.map((w, i) => w / (manual[i] ?? manual[0]!)) : [];
    row('P1 ratio enid-test / by hand', ratios, '×', '≤ 0.5', ratios.length ? summary(ratios).median <= 0.5 : undefined);
  }
  if (ONLY.has('P3')) row('P3 seeding throughput through the API', rps, 'rows/s', '≥ 1000', summary(rps).median >= 1000);
  if (ONLY.has('P5')) row('P5 peak RSS of the harness process', rss, 'MB', '≤ 200', summary(rss).median <= 200);
}

/**
 * P6: the database phase in a run as CI makes it (default rows), and the volume path at 100k rows
 * per table (a copy of the fixture whose enid.config.json asks for it).
 */
async function databaseRuns(): Promise<void> {
  console.error(`P6: enid-test run on notes-redis at default rows, ${RUNS} run(s); then volumeRows 100000`);
  const share: number[] = [];
  const phase: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const reports = mkdtempSync(path.join(tmpdir(), 'enid-bench-db-'));
    const t = await cli(['run', FIXTURE, '--reports', reports]);
    if (t.code !== 0) throw new Error(`enid-test run failed (exit ${t.code}):\n${t.output.slice(-2000)}`);
    const report = JSON.parse(readFileSync(path.join(reports, 'report.json'), 'utf8'));
    const db = (report.phases as Array<{ name: string; durationMs: number }>).find((p) => p.name === 'database');
    if (db) {
      share.push((100 * db.durationMs) / report.durationMs);
      phase.push(db.durationMs / 1000);
    }
  }
  row('P6 database phase share of a default notes-redis run', share, '%', '≤ 15', share.length ? summary(share).median <= 15 : undefined);
  row('P6 database phase duration', phase, 's', '');
  const dir = copyFixture();
  writeFileSync(path.join(dir, 'enid.config.json'), JSON.stringify({ database: { volumeRows: 100_000 } }));
  const seconds: number[] = [];
  const rate: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const reports = mkdtempSync(path.join(tmpdir(), 'enid-bench-vol-'));
    const t = await cli(['run', dir, '--reports', reports, '--no-coverage', '--no-timing']);
    const volume = JSON.parse(readFileSync(path.join(reports, 'report.json'), 'utf8')).database?.volume;
    if (!volume) throw new Error(`no volume figures (exit ${t.code}):\n${t.output.slice(-2000)}`);
    seconds.push(volume.durationMs / 1000);
    rate.push(volume.rowsPerSecond);
  }
  row('P6 volume path: 100k rows per table in the container', seconds, 's', '≤ 5', seconds.length ? summary(seconds).median <= 5 : undefined);
  row('P6 volume path rate', rate, 'rows/s', '≥ 20000', rate.length ? summary(rate).median >= 20_000 : undefined);
}

/** The seed's manual workflow with docker-compose on a copy of the same service. */
async function byHandRuns(): Promise<number[]> {
  if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status !== 0) {
    console.error('  docker-compose not found: the by-hand baseline is the same workflow with the docker CLI alone');
    return byHandDockerCli();
  }
  const dir = copyFixture();
  // The same images enid-test uses, so both sides build and run the same thing.
  const pg = process.env.ENID_POSTGRES_IMAGE ?? backingModule('postgres').defaultImage;
  const redis = process.env.ENID_REDIS_IMAGE ?? backingModule('redis').defaultImage;
  const py = process.env.ENID_PYTHON_IMAGE;
  writeFileSync(path.join(dir, 'docker-compose.override.yml'), [
    'services:',
    ...(py ? ['  notes_service:', '    build:', '      args:', `        PYTHON_VERSION: ${py}`] : []),
    '  postgres:', `    image: ${pg}`,
    '  redis:', `    image: ${redis}`, '',
  ].join('\n'));
  const net = spawnSync('docker', ['network', 'create', 'enid_service_network'], { stdio: 'ignore' }).status === 0;
  const dc = (args: string[]) => timeCommand('docker-compose', ['-p', 'enidbench', ...args], { cwd: dir });
  const out: number[] = [];
  try {
    await dc(['up', '--build', '-d']);
    await waitForHttp('http://127.0.0.1:8086/api/', 120_000);
    await dc(['down', '-v']);
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const up = await dc(['up', '--build', '-d']);
      if (up.code !== 0) throw new Error(`docker-compose up failed:\n${up.output.slice(-1500)}`);
      if (!(await waitForHttp('http://127.0.0.1:8086/api/', 120_000))) throw new Error('the by-hand service never answered');
      const test = await dc(['exec', '-T', 'notes_service', 'python', '-m', 'coverage', 'run', '--source=.', 'manage.py', 'test']);
      if (test.code !== 0) throw new Error(`by-hand tests failed:\n${test.output.slice(-1500)}`);
      await dc(['exec', '-T', 'notes_service', 'python', '-m', 'coverage', 'report']);
      await dc(['down', '-v']);
      out.push((performance.now() - t0) / 1000);
    }
  } finally {
    // The seed's workflow keeps its image between cycles; the bench removes what it built.
    await dc(['down', '-v', '--rmi', 'all']);
    if (net) spawnSync('docker', ['network', 'rm', 'enid_service_network'], { stdio: 'ignore' });
    rmSync(path.dirname(dir), { recursive: true, force: true });
  }
  return out;
}

/** A service repo as it looks once `npm install` ran in it: ~300 MB of node_modules, .bin symlinks, hard links. */
function withNodeModules(dir: string, megabytes: number): void {
  const root = path.join(dir, 'node_modules');
  const chunk = randomBytes(256 * 1024);
  for (let i = 0; i < megabytes * 4; i++) {
    const pkg = path.join(root, `pkg-${i % 400}`, 'lib');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(path.join(pkg, `f${i}.bin`), Buffer.concat([chunk, Buffer.from(String(i))]));
    writeFileSync(path.join(pkg, `f${i}.js`), `module.exports = ${i};\n`);
  }
  mkdirSync(path.join(root, '.bin'), { recursive: true });
  for (let i = 0; i < 50; i++) symlinkSync(`../pkg-${i}/lib/f${i}.js`, path.join(root, '.bin', `tool-${i}`));
  // npm leaves hard links (node@24's two bin/node): the packer must not deadlock on them.
  for (let i = 0; i < 20; i++) linkSync(path.join(root, `pkg-${i}`, 'lib', `f${i}.bin`), path.join(root, `pkg-${i}`, `linked-${i}.bin`));
}

async function contextBuilds(): Promise<void> {
  console.error(`P7: build context with ~300 MB of node_modules and no .dockerignore: enid-test vs docker build, ${RUNS} run(s)`);
  const dir = copyFixture();
  withNodeModules(dir, 300);
  const spec = discover(dir, { ...optionsFromEnv(), generatePassword: () => 'bench-password' });
  const args = spec.image.kind === 'build' ? Object.entries(spec.image.args).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]) : [];
  const client = await getEngine();
  const log = path.join(path.dirname(dir), 'build.log');
  // A new line in requirements.txt invalidates every layer after FROM: each pair of builds starts cold.
  const freshen = (tag: string): void => appendFileSync(path.join(dir, 'requirements.txt'), `\n# bench ${tag}\n`);
  const dockerCold: number[] = [];
  const dockerWarm: number[] = [];
  const enidCold: number[] = [];
  const enidWarm: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const tag = `enid-bench-context:${process.pid}-${i}`;
      freshen(`docker-${i}-${Date.now()}`);
      const cold = await timeCommand('docker', ['build', '-q', ...args, '-t', tag, dir], { timeoutMs: 600_000 });
      if (cold.code !== 0) throw new Error(`docker build failed:\n${cold.output.slice(-1500)}`);
      dockerCold.push(cold.wallMs / 1000);
      dockerWarm.push((await timeCommand('docker', ['build', '-q', ...args, '-t', tag, dir])).wallMs / 1000);
      spawnSync('docker', ['rmi', '-f', tag], { stdio: 'ignore' });
      freshen(`enid-${i}-${Date.now()}`);
      let t = performance.now();
      const built = await buildServiceImage(client, spec, log);
      enidCold.push((performance.now() - t) / 1000);
      t = performance.now();
      await buildServiceImage(client, spec, log);
      enidWarm.push((performance.now() - t) / 1000);
      spawnSync('docker', ['rmi', '-f', built.image], { stdio: 'ignore' });
    }
  } finally {
    rmSync(path.dirname(dir), { recursive: true, force: true });
  }
  row('P7 cold build, docker build (300 MB node_modules in the context)', dockerCold, 's', '');
  row('P7 cold build, enid-test', enidCold, 's', '≤ 1.5× docker build', summary(enidCold).median <= 1.5 * summary(dockerCold).median);
  row('P7 warm build, docker build (layer cache)', dockerWarm, 's', '');
  row('P7 warm build, enid-test (image cache by content hash)', enidWarm, 's', '');
}

/**
 * The seed's workflow without docker-compose, as a team would type it with the docker CLI: a network,
 * postgres and redis under their compose names, build, run with the .env, wait, tests under coverage,
 * report, remove everything. Only what this function created is removed.
 */
async function byHandDockerCli(): Promise<number[]> {
  const dir = copyFixture();
  const pg = process.env.ENID_POSTGRES_IMAGE ?? backingModule('postgres').defaultImage;
  const redis = process.env.ENID_REDIS_IMAGE ?? backingModule('redis').defaultImage;
  const py = process.env.ENID_PYTHON_IMAGE;
  const id = `enidbench${process.pid}`;
  const docker = (args: string[]) => timeCommand('docker', args, { timeoutMs: 600_000 });
  const must = async (args: string[]): Promise<string> => {
    const r = await docker(args);
    if (r.code !== 0) throw new Error(`docker ${args.slice(0, 3).join(' ')} failed:\n${r.output.slice(-1500)}`);
    return r.output.trim();
  };
  const out: number[] = [];
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      const t0 = performance.now();
      await must(['network', 'create', id]);
      await must(['run', '-d', '--name', `${id}-pg`, '--network', id, '--network-alias', 'postgres', '--env-file', path.join(dir, '.env'), pg]);
      await must(['run', '-d', '--name', `${id}-redis`, '--network', id, '--network-alias', 'redis', redis]);
      await must(['build', '-q', ...(py ? ['--build-arg', `PYTHON_VERSION=${py}`] : []), '-t', `${id}:latest`, dir]);
      await must(['run', '-d', '--name', `${id}-svc`, '--network', id, '-p', '127.0.0.1::8080', '--env-file', path.join(dir, '.env'), `${id}:latest`]);
      const port = (await must(['port', `${id}-svc`, '8080'])).split(':').pop();
      if (!(await waitForHttp(`http://127.0.0.1:${port}/api/`, 120_000))) throw new Error('the by-hand service never answered');
      await must(['exec', `${id}-svc`, 'python', '-m', 'coverage', 'run', '--source=.', 'manage.py', 'test']);
      await must(['exec', `${id}-svc`, 'python', '-m', 'coverage', 'report']);
      await docker(['rm', '-f', `${id}-svc`, `${id}-pg`, `${id}-redis`]);
      await docker(['network', 'rm', id]);
      // The first cycle builds the image cold: it warms up like compose's first `up --build`.
      if (i > 0) out.push((performance.now() - t0) / 1000);
    }
  } finally {
    await docker(['rm', '-f', `${id}-svc`, `${id}-pg`, `${id}-redis`]);
    await docker(['network', 'rm', id]);
    await docker(['rmi', '-f', `${id}:latest`]);
    rmSync(path.dirname(dir), { recursive: true, force: true });
  }
  return out;
}

function specOf() {
  return discover(FIXTURE, {
    ...optionsFromEnv(),
    generatePassword: () => 'bench-password',
  });
}

async function bootPath(): Promise<void> {
  console.error(`P2: boot critical path, ${RUNS} boot(s), warm image cache`);
  const ratios: number[] = [];
  const healthy: number[] = [];
  const floor: number[] = [];
  const parts: Record<string, number[]> = { postgres: [], redis: [], image: [], service: [] };
  for (let i = 0; i < RUNS; i++) {
    const stack = await startStack(specOf(), { runId: `bench-boot-${Date.now()}`, logsDir: mkdtempSync(path.join(tmpdir(), 'enid-bench-logs-')) });
    const t = stack.timings;
    await stack.stop();
    const serviceBoot = t.healthyMs - t.serviceStartMs;
    const lowerBound = Math.max(...Object.values(t.backingReadyMs), t.imageReadyMs) + serviceBoot;
    parts.postgres!.push((t.backingReadyMs.postgres ?? 0) / 1000);
    parts.redis!.push((t.backingReadyMs.redis ?? 0) / 1000);
    parts.image!.push(t.imageReadyMs / 1000);
    parts.service!.push(serviceBoot / 1000);
    healthy.push(t.healthyMs / 1000);
    floor.push(lowerBound / 1000);
    ratios.push(t.healthyMs / lowerBound);
  }
  row('P2 postgres ready (from stack start)', parts.postgres!, 's', '');
  row('P2 redis ready', parts.redis!, 's', '');
  row('P2 image ready (cache hit)', parts.image!, 's', '');
  row('P2 service start → answering HTTP', parts.service!, 's', '');
  row('P2 time to healthy', healthy, 's', '');
  row('P2 max(postgres, redis, image) + service start', floor, 's', '');
  row('P2 ratio', ratios, '×', '≤ 1.15', summary(ratios).median <= 1.15);
}

async function timingAccuracy(): Promise<void> {
  const stack = await startStack(specOf(), { runId: `bench-timing-${Date.now()}`, logsDir: mkdtempSync(path.join(tmpdir(), 'enid-bench-logs-')) });
  const http = new HttpClient(stack.service.getBaseUrl());
  const cache = cacheControlFor(stack);
  try {
    for (const busy of [false, true]) {
      // A CPU burner on every core but one, bounded in time, beside the measurements.
      const burners = busy ? Array.from({ length: Math.max(1, cpus().length - 1) }, () =>
        spawn(process.execPath, ['-e', 'const end = Date.now() + 600000; while (Date.now() < end) {}'], { stdio: 'ignore' })) : [];
      try {
        console.error(`P4: ${TIMING_RUNS} timing checks per endpoint${busy ? ', other core(s) busy' : ''}`);
        for (const [path, expected] of [['/api/stats/', 'cached'], ['/api/stats-live/', 'not-cached']] as const) {
          let right = 0;
          const requests: number[] = [];
          for (let i = 0; i < TIMING_RUNS; i++) {
            const r = await measureEndpoint(http, cache, { path, minSpeedup: 2 }, { maxRequests: 200, budgetMs: 60_000, seed: i + 1 });
            if (r.verdict === expected) right += 1;
            requests.push(r.samples);
          }
          rows.push([`P4 ${path} → ${expected}${busy ? ' (CPU burner)' : ''}`, `${right}/${TIMING_RUNS}`, '', '', 'right', `${TIMING_RUNS}/${TIMING_RUNS}`, right === TIMING_RUNS ? 'met' : 'MISSED']);
          row(`P4 requests per check ${path}${busy ? ' (CPU burner)' : ''}`, requests, 'requests', '≤ 200');
        }
      } finally {
        burners.forEach((b) => b.kill('SIGKILL'));
      }
    }
  } finally {
    cache.close();
    await http.close();
    await stack.stop();
  }
}

console.error(`enid-test bench on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
if (ONLY.has('P1') || ONLY.has('P3') || ONLY.has('P5')) await fullRuns();
if (ONLY.has('P6')) await databaseRuns();
if (ONLY.has('P7')) await contextBuilds();
if (ONLY.has('P2')) await bootPath();
if (ONLY.has('P4')) await timingAccuracy();
if (ONLY.has('P8')) {
  console.error('P8: pure logic, no container');
  const payloads = payloadMsPerThousand(RUNS * 5);
  row('P8 Faker payloads, per thousand', payloads, 'ms', '≤ 250', summary(payloads).median <= 250);
  const bootstrap = bootstrapMs(RUNS * 5);
  row('P8 timing verdict bootstrap (2000 × 100+100 samples)', bootstrap, 'ms', '≤ 50', summary(bootstrap).median <= 50);
}
if (ONLY.has('P9')) {
  console.error(`P9: PR mode (--base) against a plain run on notes-redis, ${RUNS} pair(s) after a warm-up`);
  const f = await prModeRuns(FIXTURE, RUNS, cli);
  row('P9 plain run (notes-redis)', f.plain, 's', '');
  row('P9 PR-mode run (--base main, a one-comment head)', f.pr, 's', '');
  row('P9 ratio PR mode / plain run', f.ratios, '×', '≤ 1.6', f.ratios.length ? summary(f.ratios).median <= 1.6 : undefined);
  row('P9 pr phase share of the PR run', f.phaseShare, '%', '');
}

const header = ['figure', 'median', 'min', 'max', 'unit', 'target', ''];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));

/**
 * npm run bench — figures for the README's performance section, each the median of several runs with
 * min and max, side by side in one invocation. Not part of `npm test`: nothing here asserts a time.
 *   BENCH_RUNS=3 (P1/P2/P3/P5/P6 repetitions, P9 pairs; P8 runs 5 times that)   BENCH_TIMING_RUNS=20 (P4)   BENCH_ONLY=P1,P4 (subset)
 *   BENCH_PR_AA_RUNS=10 (P11: the PR no-change case repeated)   BENCH_PR_CASES=no-change,slowdown (P10 subset)
 * Needs a Docker engine and the images (or ENID_* stand-ins); the by-hand baseline uses docker-compose, else the docker CLI.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { discover } from '../dist/src/discover/discover.js';
import { HttpClient } from '../dist/src/http/client.js';
import { hostHeaderOf, httpsAnswer } from '../dist/src/inspect/host.js';
import { runProbe } from '../dist/src/probe/run-probe.js';
import { optionsFromEnv } from '../dist/src/run-options.js';
import { backingModule } from '../dist/src/backing/registry.js';
import { getEngine } from '../dist/src/stack/engine.js';
import { buildServiceImage } from '../dist/src/stack/image/image-build.js';
import { startStack } from '../dist/src/stack/start-stack.js';
import { cacheControlFor } from '../dist/src/timing/cache-control.js';
import { measureEndpoint } from '../dist/src/timing/measure.js';
import { byHand, type ByHandImages } from './by-hand.ts';
import { summary, timeCommand } from './measure.ts';
import { bootstrapMs, payloadMsPerThousand } from './pure.ts';
import type { PrCase } from '../test/integration/pr-repo.ts';
import { aaRuns, prCaseRuns, prModeRuns } from './pr-mode.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURE = path.join(ROOT, 'fixtures/notes-redis');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TIMING_RUNS = Number(process.env.BENCH_TIMING_RUNS ?? 20);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'P1,P2,P3,P4,P5,P6,P7,P8,P9,P10,P11').split(','));
const PR_AA_RUNS = Number(process.env.BENCH_PR_AA_RUNS ?? 10);
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

// The CLI as a user runs it: npm's bin (executable, as `npm install` leaves it), started through its
// shebang with the node flags it carries — not `node main.js`, which would measure a process without them.
const BIN = path.join(ROOT, 'dist/src/cli/main.js');
chmodSync(BIN, 0o755);
const cli = (args: string[]) => timeCommand(BIN, args);
// A PR run boots two services and runs both sides' tests: more than the 5 minutes of a plain run on a loaded machine.
const longCli = (args: string[]) => timeCommand(BIN, args, { timeoutMs: 900_000 });

interface Measured {
  wall: number[];
  rss: number[];
  reports: Array<{ durationMs: number; phases: Array<{ name: string; durationMs: number }>; seed?: Record<string, number> }>;
}

async function measuredRun(args: string[], into: Measured): Promise<void> {
  const reports = mkdtempSync(path.join(tmpdir(), 'enid-bench-run-'));
  let t = await cli(['run', FIXTURE, ...args, '--reports', reports]);
  // Exit 4 is the machine, not the run (a backing service that did not get healthy on a loaded engine): twice more, said.
  for (let retry = 1; retry <= 2 && t.code === 4; retry++) {
    console.error(`  enid-test run ${args.join(' ')} exited 4 (${/error: (.*)/.exec(t.output)?.[1] ?? 'environment'}): retry ${retry} of 2`);
    t = await cli(['run', FIXTURE, ...args, '--reports', reports]);
  }
  if (t.code !== 0) throw new Error(`enid-test run ${args.join(' ')} failed (exit ${t.code}):\n${t.output.slice(-2000)}`);
  into.wall.push(t.wallMs / 1000);
  into.rss.push(t.peakRssMb);
  into.reports.push(JSON.parse(readFileSync(path.join(reports, 'report.json'), 'utf8')));
  rmSync(reports, { recursive: true, force: true });
}

/** Default-row runs of P1, reused by P6 for the database phase's share. */
const defaultRuns: Measured = { wall: [], rss: [], reports: [] };

async function fullRuns(): Promise<void> {
  console.error(`P1/P3/P5: enid-test run on notes-redis at default rows and at --rows 1000, interleaved, ${RUNS} run(s) each after a warm-up`);
  await cli(['run', FIXTURE, '--rows', '5', '--reports', mkdtempSync(path.join(tmpdir(), 'enid-bench-warm-'))]);
  const large: Measured = { wall: [], rss: [], reports: [] };
  for (let i = 0; i < RUNS; i++) {
    await measuredRun([], defaultRuns);
    await measuredRun(['--rows', '1000'], large);
  }
  const seeds = large.reports.map((r) => r.seed ?? {});
  if (ONLY.has('P1')) {
    const manual = await byHand({
      dir: copyFixture(), app: 'notes_service', port: 8080, readyPath: '/api/',
      test: ['python', '-m', 'coverage', 'run', '--source=.', 'manage.py', 'test'], report: ['python', '-m', 'coverage', 'report'],
    }, benchImages(), RUNS, { warmUp: true });
    row('P1 enid-test run, default rows (boot, seed, flows, database, timing, coverage, teardown)', defaultRuns.wall, 's', '');
    row('P1 enid-test run --rows 1000', large.wall, 's', '');
    row(`P1 by hand (${manual.tool}): up --build, wait, coverage run + report, down -v`, manual.cycles, 's', '');
    const ratios = (wall: number[]): number[] => (manual.cycles.length ? wall.map((w, i) => w / (manual.cycles[i] ?? manual.cycles[0]!)) : []);
    const small = ratios(defaultRuns.wall);
    row('P1 ratio enid-test (default rows) / by hand', small, '×', '≤ 0.40', small.length ? summary(small).median <= 0.4 : undefined);
    row('P1 ratio enid-test (--rows 1000) / by hand', ratios(large.wall), '×', '');
    const volume = large.wall.map((w, i) => w / (defaultRuns.wall[i] ?? defaultRuns.wall[0]!));
    row('P1 --rows 1000 / default rows', volume, '×', '≤ 1.3', summary(volume).median <= 1.3);
    // Where a default run's wall time goes, phase by phase (report.json), for the critical path.
    for (const name of defaultRuns.reports[0]?.phases.map((p) => p.name) ?? []) {
      row(`P1 default run, phase ${name}`, defaultRuns.reports.map((r) => (r.phases.find((p) => p.name === name)?.durationMs ?? 0) / 1000), 's', '');
    }
  }
  if (ONLY.has('P3')) {
    row('P3 seeding at --rows 1000: rows per second, both paths', seeds.map((s) => s.rowsPerSecond ?? 0), 'rows/s', '');
    row('P3 of which through the API', seeds.map((s) => s.apiRows ?? s.rows ?? 0), 'rows', '');
    row('P3 of which by COPY in the container', seeds.map((s) => s.volumeRows ?? 0), 'rows', '');
    row('P3 seed phase duration at --rows 1000', large.reports.map((r) => (r.phases.find((p) => p.name === 'seed')?.durationMs ?? 0) / 1000), 's', '');
  }
  if (ONLY.has('P5')) {
    row('P5 peak RSS of the harness process, --rows 1000', large.rss, 'MB', '≤ 150', summary(large.rss).median <= 150);
    row('P5 peak RSS of the harness process, default rows', defaultRuns.rss, 'MB', '');
  }
}

/** The images enid-test runs with, so both sides of P1 build and run the same thing. */
function benchImages(): ByHandImages {
  return {
    postgres: process.env.ENID_POSTGRES_IMAGE ?? backingModule('postgres').defaultImage,
    redis: process.env.ENID_REDIS_IMAGE ?? backingModule('redis').defaultImage,
    ...(process.env.ENID_PYTHON_IMAGE ? { python: process.env.ENID_PYTHON_IMAGE } : {}),
  };
}

/**
 * P6: the database phase in a run as CI makes it (default rows), and the volume path at 100k rows
 * per table (a copy of the fixture whose enid.config.json asks for it).
 */
async function databaseRuns(): Promise<void> {
  // P1's default-row runs are runs as CI makes them: measured once, read twice.
  if (!defaultRuns.reports.length) {
    console.error(`P6: enid-test run on notes-redis at default rows, ${RUNS} run(s)`);
    for (let i = 0; i < RUNS; i++) await measuredRun([], defaultRuns);
  }
  const share: number[] = [];
  const phase: number[] = [];
  for (const report of defaultRuns.reports) {
    const db = report.phases.find((p) => p.name === 'database');
    if (db) {
      share.push((100 * db.durationMs) / report.durationMs);
      phase.push(db.durationMs / 1000);
    }
  }
  console.error(`P6: volumeRows 100000, ${RUNS} run(s)`);
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
      spawnSync('docker', ['rmi', tag], { stdio: 'ignore' });
      freshen(`enid-${i}-${Date.now()}`);
      let t = performance.now();
      const built = await buildServiceImage(client, spec, log);
      enidCold.push((performance.now() - t) / 1000);
      t = performance.now();
      await buildServiceImage(client, spec, log);
      enidWarm.push((performance.now() - t) / 1000);
      spawnSync('docker', ['rmi', built.image], { stdio: 'ignore' });
    }
  } finally {
    rmSync(path.dirname(dir), { recursive: true, force: true });
  }
  row('P7 cold build, docker build (300 MB node_modules in the context)', dockerCold, 's', '');
  row('P7 cold build, enid-test', enidCold, 's', '≤ 1.5× docker build', summary(enidCold).median <= 1.5 * summary(dockerCold).median);
  row('P7 warm build, docker build (layer cache)', dockerWarm, 's', '');
  row('P7 warm build, enid-test (image cache by content hash)', enidWarm, 's', '');
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
  // The Host the service allows, asked of Django as a run asks it: the TCP address never says it.
  const { document } = await runProbe(stack.service, stack.service.codeDir);
  const { hostHeader } = hostHeaderOf(document.settings, stack.service.getBaseUrl());
  const https = httpsAnswer(document.settings, hostHeader);
  const http = new HttpClient(stack.service.getBaseUrl(), { headers: { host: hostHeader, ...(https.kind === 'proxy' ? https.headers : {}) } });
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
            else console.error(`  P4 ${path}: ${r.verdict}${r.samples === 0 ? ` after 0 requests (${JSON.stringify(r).slice(0, 200)})` : ''}`);
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
if (ONLY.has('P10')) {
  const cases = process.env.BENCH_PR_CASES ? (process.env.BENCH_PR_CASES.split(',') as PrCase[]) : undefined;
  console.error(`P10: the PR-mode fixture cases (fixtures/pr), one run each, default settings`);
  for (const c of await prCaseRuns(longCli, cases)) {
    const right = c.code === c.expectedCode && c.decides !== undefined;
    rows.push([`P10 ${c.name}: ${c.verdict ?? 'no report'} (exit ${c.code}) — ${c.decides ?? 'nothing decided'}`, `${(c.wallMs / 1000).toFixed(0)}`, '', '', 's', `exit ${c.expectedCode}`, right ? 'met' : 'MISSED']);
  }
}
if (ONLY.has('P11')) {
  console.error(`P11: the PR no-change case (A/A), ${PR_AA_RUNS} runs`);
  const runs = await aaRuns(longCli, PR_AA_RUNS);
  const clean = runs.filter((r) => r.code === 0 && r.reasons.length === 0).length;
  rows.push([`P11 no-change runs that flagged nothing`, `${clean}/${runs.length}`, '', '', 'runs', `${runs.length}/${runs.length}`, clean === runs.length ? 'met' : 'MISSED']);
  row('P11 A/A noise floor (median A/A ratio over the endpoints)', runs.flatMap((r) => (r.aa === undefined ? [] : [r.aa])), '×', '');
  row('P11 threshold a slowdown had to pass', runs.flatMap((r) => (r.threshold === undefined ? [] : [r.threshold])), '×', '≥ 1.25');
}

const header = ['figure', 'median', 'min', 'max', 'unit', 'target', ''];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));

/**
 * node bench/checks.ts (after `npm run build`) — the checks phase in default runs of the clean fixtures:
 * requests it sent, findings (must be none), its duration and its share of the run, each the median of
 * BENCH_RUNS runs with min and max; the seed changes from run to run (BENCH_SEEDS, default 1,2,3) so
 * "no finding" is not one lucky draw. Not part of `npm test`: nothing here asserts a time.
 *   BENCH_FIXTURES=notes-redis,library-pg (subset)   BENCH_RUNS=3
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { summary, timeCommand } from './measure.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURES = (process.env.BENCH_FIXTURES ?? 'notes-redis,library-pg,drift-subfolder,drift-pytest,drift-nomigrate,auth-jwt,db-hygiene,drift-surprises').split(',');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SEEDS = (process.env.BENCH_SEEDS ?? '1,2,3').split(',').map(Number);

interface Report {
  durationMs: number;
  exitCode: number;
  phases: Array<{ name: string; durationMs: number; status: string }>;
  checks?: { requests: number; findings: Array<{ check: string; endpoint: string; message: string }> };
}

const f = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1));
const line = (values: number[]): string => {
  const s = summary(values);
  return `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
};

console.log('| Fixture | Requests | Findings | Checks phase (s) | Run (s) | Share of the run (%) |');
console.log('| --- | --: | --: | --: | --: | --: |');
for (const name of FIXTURES) {
  const requests: number[] = [];
  const phase: number[] = [];
  const run: number[] = [];
  const share: number[] = [];
  const found: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    const reports = mkdtempSync(path.join(tmpdir(), `enid-bench-checks-${name}-`));
    const seed = String(SEEDS[i % SEEDS.length]);
    const t = await timeCommand(process.execPath, [path.join(ROOT, 'dist/src/cli/main.js'), 'run', path.join(ROOT, 'fixtures', name), '--reports', reports, '--seed', seed], { timeoutMs: 900_000 });
    const report = JSON.parse(readFileSync(path.join(reports, 'report.json'), 'utf8')) as Report;
    const checks = report.phases.find((p) => p.name === 'checks');
    if (!checks || !report.checks) {
      console.error(`${name}: no checks phase in the report (exit ${t.code})`);
      continue;
    }
    requests.push(report.checks.requests);
    phase.push(checks.durationMs / 1000);
    run.push(report.durationMs / 1000);
    share.push((100 * checks.durationMs) / report.durationMs);
    found.push(...report.checks.findings.map((x) => `seed ${seed}: ${x.check} ${x.endpoint}: ${x.message}`));
  }
  if (!run.length) continue;
  console.log(`| ${name} | ${line(requests)} | ${found.length} | ${line(phase)} | ${line(run)} | ${line(share)} |`);
  for (const x of found) console.error(`  ${name}: ${x}`);
}

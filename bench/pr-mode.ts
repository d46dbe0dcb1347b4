/**
 * P9: what PR mode (`run --base`) costs over a plain run of the same service, on the bundled example.
 * A temp repository holds notes-redis twice: the base commit and a head commit that changes a comment
 * (both images are built once in a warm-up, as CI's cache would have them); then plain and PR runs
 * alternate, so the machine's drift falls on both, and each pair gives one ratio.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PrReport } from '../src/pr/types.ts';
import { PR_CASES, PR_EXPECTED, prRepo, type PrCase } from '../test/integration/pr-repo.ts';
import type { Timed } from './measure.ts';

export interface PrModeFigures {
  plain: number[];
  pr: number[];
  ratios: number[];
  /** Share of the PR run spent in its pr phase, in per cent. */
  phaseShare: number[];
}

/** A git repository of `fixture` with a base commit on main and a head commit (a comment) on `pr`. */
export function prBenchRepo(fixture: string): { dir: string; remove(): void } {
  const tmp = mkdtempSync(path.join(tmpdir(), 'enid-bench-pr-'));
  const dir = path.join(tmp, path.basename(fixture));
  cpSync(fixture, dir, { recursive: true });
  const git = (...args: string[]): void => {
    execFileSync('git', args, { cwd: dir, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'b@e', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'b@e' } });
  };
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  git('checkout', '-q', '-b', 'pr');
  const views = path.join(dir, 'notes', 'views.py');
  writeFileSync(views, `${readFileSync(views, 'utf8')}\n# head: a comment, so the head is its own image and commit\n`);
  git('commit', '-q', '-am', 'head');
  return { dir, remove: () => rmSync(tmp, { recursive: true, force: true }) };
}

/** `runs` pairs of plain and PR runs after one warm-up PR run; `cli` runs `enid-test ARGS`. */
export async function prModeRuns(fixture: string, runs: number, cli: (args: string[]) => Promise<Timed>): Promise<PrModeFigures> {
  const repo = prBenchRepo(fixture);
  const out: PrModeFigures = { plain: [], pr: [], ratios: [], phaseShare: [] };
  const reports = (name: string): string => mkdtempSync(path.join(tmpdir(), `enid-bench-${name}-`));
  try {
    const warm = await cli(['run', repo.dir, '--base', 'main', '--reports', reports('pr-warm')]);
    if (warm.code !== 0) throw new Error(`the warm-up PR run failed (exit ${warm.code}):\n${warm.output.slice(-2000)}`);
    for (let i = 0; i < runs; i++) {
      // Alternate which goes first: a trend over the pair must not always favour one side.
      const order = i % 2 === 0 ? ['plain', 'pr'] : ['pr', 'plain'];
      const took: Record<string, number> = {};
      for (const kind of order) {
        const dir = reports(kind);
        const t = await cli(['run', repo.dir, '--reports', dir, ...(kind === 'pr' ? ['--base', 'main'] : [])]);
        if (t.code !== 0) throw new Error(`the ${kind} run failed (exit ${t.code}):\n${t.output.slice(-2000)}`);
        took[kind] = t.wallMs / 1000;
        if (kind === 'pr') {
          const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as { durationMs: number; phases: Array<{ name: string; durationMs: number }> };
          const phase = report.phases.find((p) => p.name === 'pr');
          if (phase) out.phaseShare.push((100 * phase.durationMs) / report.durationMs);
        }
      }
      out.plain.push(took.plain!);
      out.pr.push(took.pr!);
      out.ratios.push(took.pr! / took.plain!);
    }
  } finally {
    repo.remove();
  }
  return out;
}

/** One fixture case of fixtures/pr/ through `run --base main`, with what decided its verdict. */
export interface PrCaseFigure {
  name: PrCase;
  code: number | null;
  expectedCode: number;
  verdict?: string;
  /** The finding that decides it (PR_EXPECTED), undefined when it is missing. */
  decides?: string;
  wallMs: number;
  noiseFloor?: PrReport['noiseFloor'];
}

/** A PR run of one fixture case as the integration test runs it (the head's timing and database phases out), default settings. */
async function prCaseRun(name: PrCase, cli: (args: string[]) => Promise<Timed>, extra: string[] = []): Promise<{ timed: Timed; pr?: PrReport }> {
  const repo = prRepo(name);
  const reports = mkdtempSync(path.join(tmpdir(), `enid-bench-pr-${name}-`));
  try {
    const timed = await cli(['run', repo.dir, '--base', 'main', '--reports', reports, '--no-timing', '--no-database', ...extra]);
    const file = path.join(reports, 'report.json');
    const pr = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { pr?: PrReport }).pr : undefined;
    return { timed, ...(pr ? { pr } : {}) };
  } finally {
    repo.remove();
    rmSync(reports, { recursive: true, force: true });
  }
}

/** P10: every fixture case once, each with its verdict and the finding deciding it. */
export async function prCaseRuns(cli: (args: string[]) => Promise<Timed>, cases: readonly PrCase[] = PR_CASES): Promise<PrCaseFigure[]> {
  const out: PrCaseFigure[] = [];
  for (const name of cases) {
    const { timed, pr } = await prCaseRun(name, cli);
    const decides = pr ? PR_EXPECTED[name].decides(pr) : undefined;
    const figure: PrCaseFigure = { name, code: timed.code, expectedCode: PR_EXPECTED[name].code, wallMs: timed.wallMs, ...(pr ? { verdict: pr.verdict } : {}), ...(decides ? { decides } : {}), ...(pr?.noiseFloor ? { noiseFloor: pr.noiseFloor } : {}) };
    console.error(`  P10 ${name}: exit ${timed.code} (expected ${figure.expectedCode}), ${pr?.verdict ?? 'no report.pr'}; ${decides ?? 'NOTHING decided'}${pr?.reasons.length ? `; reasons: ${JSON.stringify(pr.reasons)}` : ''}`);
    if (!pr) console.error(timed.output.slice(-2000));
    out.push(figure);
  }
  return out;
}

/** One no-change run of P11. */
export interface AaRunFigure {
  code: number | null;
  /** Findings the run reported: any is a false red. */
  reasons: string[];
  /** The run's measured A/A ratio (median over the endpoints) and the threshold it set. */
  aa?: number;
  threshold?: number;
  /** Each endpoint's head/base ratio and bound. */
  endpoints: string[];
}

/** P11: the no-change case `runs` times (seeds 1…runs, no coverage): every run must flag nothing. */
export async function aaRuns(cli: (args: string[]) => Promise<Timed>, runs: number): Promise<AaRunFigure[]> {
  const out: AaRunFigure[] = [];
  for (let i = 0; i < runs; i++) {
    const { timed, pr } = await prCaseRun('no-change', cli, ['--no-coverage', '--seed', String(i + 1)]);
    const figure: AaRunFigure = {
      code: timed.code, reasons: pr?.reasons ?? [`no report.pr (exit ${timed.code})`],
      ...(pr?.noiseFloor ? { aa: pr.noiseFloor.aa, threshold: pr.noiseFloor.threshold } : {}),
      endpoints: (pr?.latency ?? []).map((l) => `${l.endpoint} ${l.ratio}× [${l.low}–${l.high}] ${l.verdict}`),
    };
    console.error(`  P11 run ${i + 1}/${runs}: exit ${timed.code}, A/A ${figure.aa}×, threshold ${figure.threshold}×; ${figure.endpoints.join(', ')}${figure.reasons.length ? `; FLAGGED: ${JSON.stringify(figure.reasons)}` : ''}`);
    out.push(figure);
  }
  return out;
}

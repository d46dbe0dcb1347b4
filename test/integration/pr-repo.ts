/**
 * The PR-mode fixture repository of one case, built in a temp dir from the files kept in fixtures/pr/:
 * `service/` committed on `main` (the base), then `cases/<case>/` laid over it and committed on the
 * checked-out branch `pr` (the head). The service is the repository's root.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PrReport } from '../../src/pr/types.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/pr');

/** The cases kept in fixtures/pr/cases/. */
export const PR_CASES = ['no-change', 'breaking', 'non-breaking', 'not-null-default', 'rename-column', 'n-plus-one', 'slowdown', 'combined'] as const;
export type PrCase = (typeof PR_CASES)[number];

/**
 * The repository of one case. `config` becomes the service's enid.config.json, committed with the base
 * (so both sides run with it): CI's lean settings, for instance.
 */
export function prRepo(name: PrCase, options: { config?: Record<string, unknown> } = {}): { dir: string; remove(): void } {
  const tmp = mkdtempSync(path.join(tmpdir(), 'enid-pr-'));
  const dir = path.join(tmp, 'shelf');
  const git = (...args: string[]): string => execFileSync('git', args, {
    cwd: dir, encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'enid', GIT_AUTHOR_EMAIL: 'enid@example.org', GIT_COMMITTER_NAME: 'enid', GIT_COMMITTER_EMAIL: 'enid@example.org' },
  });
  cpSync(path.join(FIXTURES, 'service'), dir, { recursive: true });
  if (options.config) writeFileSync(path.join(dir, 'enid.config.json'), `${JSON.stringify(options.config, null, 2)}\n`);
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'base: the shelf service');
  git('checkout', '-q', '-b', 'pr');
  cpSync(path.join(FIXTURES, 'cases', name), dir, { recursive: true });
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', `head: ${name}`);
  return { dir, remove: () => rmSync(tmp, { recursive: true, force: true }) };
}

/**
 * What each case must come to: the exit code, and the finding that decides its verdict (undefined when
 * that finding is missing). Run case by case by the bench (P10); CI runs `no-change` and `combined`.
 */
export const PR_EXPECTED: Record<PrCase, { code: number; decides: (pr: PrReport) => string | undefined }> = {
  'no-change': { code: 0, decides: (pr) => (pr.reasons.length ? undefined : `nothing flagged; noise floor ${pr.noiseFloor?.threshold}× (A/A ${pr.noiseFloor?.aa}×)`) },
  breaking: { code: 1, decides: (pr) => pr.contract.filter((c) => c.level === 'breaking').map((c) => `${c.rule} ${c.endpoint} ${c.field ?? ''}`.trim()).join('; ') || undefined },
  'non-breaking': { code: 0, decides: (pr) => (pr.contract.some((c) => c.level === 'breaking') || pr.reasons.length ? undefined : pr.contract.map((c) => `${c.rule} ${c.field ?? ''}`.trim()).join('; ') || undefined) },
  'not-null-default': { code: 1, decides: (pr) => (pr.rollingDeploy.failures[0] ? `rolling deploy: ${pr.rollingDeploy.failures[0].flow} → ${pr.rollingDeploy.failures[0].status ?? '?'}; ${pr.migrations.map((m) => `${m.name} ${m.durationMs} ms on ${JSON.stringify(m.rows)}, ${m.flags.map((f) => f.rule).join(', ')}`).join('; ')}` : undefined) },
  'rename-column': { code: 1, decides: (pr) => (pr.contract.some((c) => c.level === 'breaking') || !pr.rollingDeploy.failures[0] ? undefined : `rolling deploy: ${pr.rollingDeploy.failures[0].flow} → ${pr.rollingDeploy.failures[0].status ?? '?'}; flags ${pr.migrations.flatMap((m) => m.flags.map((f) => f.rule)).join(', ')}`) },
  'n-plus-one': { code: 1, decides: (pr) => pr.queries.filter((q) => q.verdict === 'growth').map((q) => `${q.endpoint} ${q.baseQueries} → ${q.headQueries} queries for ${q.rows} rows`).join('; ') || undefined },
  slowdown: { code: 1, decides: (pr) => pr.latency.filter((l) => l.verdict === 'slower').map((l) => `${l.endpoint} ${l.ratio}× [${l.low}–${l.high}] > floor ${pr.noiseFloor?.threshold}×`).join('; ') || undefined },
  combined: { code: 1, decides: (pr) => (pr.reasons.length >= 4 ? `${pr.reasons.length} reasons` : undefined) },
};

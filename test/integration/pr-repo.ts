/**
 * The PR-mode fixture repository of one case, built in a temp dir from the files kept in fixtures/pr/:
 * `service/` committed on `main` (the base), then `cases/<case>/` laid over it and committed on the
 * checked-out branch `pr` (the head). The service is the repository's root.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/pr');

/** The cases kept in fixtures/pr/cases/. */
export const PR_CASES = ['no-change', 'breaking', 'non-breaking', 'not-null-default', 'rename-column', 'n-plus-one', 'slowdown', 'combined'] as const;
export type PrCase = (typeof PR_CASES)[number];

export function prRepo(name: PrCase): { dir: string; remove(): void } {
  const tmp = mkdtempSync(path.join(tmpdir(), 'enid-pr-'));
  const dir = path.join(tmp, 'shelf');
  const git = (...args: string[]): string => execFileSync('git', args, {
    cwd: dir, encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'enid', GIT_AUTHOR_EMAIL: 'enid@example.org', GIT_COMMITTER_NAME: 'enid', GIT_COMMITTER_EMAIL: 'enid@example.org' },
  });
  cpSync(path.join(FIXTURES, 'service'), dir, { recursive: true });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'base: the shelf service');
  git('checkout', '-q', '-b', 'pr');
  cpSync(path.join(FIXTURES, 'cases', name), dir, { recursive: true });
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', `head: ${name}`);
  return { dir, remove: () => rmSync(tmp, { recursive: true, force: true }) };
}

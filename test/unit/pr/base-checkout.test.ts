import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutBase, chooseBaseRef } from '../../../src/pr/base-checkout.js';
import { EnidError } from '../../../src/errors.js';

const sh = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } }).trim();
const write = (file: string, text: string): void => { mkdirSync(path.dirname(file), { recursive: true }); writeFileSync(file, text); };

// A repository with a service in svc/: a base commit on main, a feature branch with one commit, and
// main moving on after the branch was made (so REF and the merge base differ).
let repo: string;
let forkPoint: string;
beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'enid-git-'));
  sh(repo, 'init', '-q', '-b', 'main');
  write(path.join(repo, 'svc/app/views.py'), 'BASE = 1\n');
  write(path.join(repo, 'svc/Dockerfile'), 'FROM scratch\n');
  write(path.join(repo, 'README.md'), 'repo\n');
  sh(repo, 'add', '.');
  sh(repo, 'commit', '-q', '-m', 'base');
  forkPoint = sh(repo, 'rev-parse', 'HEAD');
  sh(repo, 'checkout', '-q', '-b', 'feature');
  write(path.join(repo, 'svc/app/views.py'), 'HEAD = 2\n');
  sh(repo, 'commit', '-q', '-am', 'head');
  sh(repo, 'checkout', '-q', 'main');
  write(path.join(repo, 'svc/app/later.py'), 'LATER = 3\n');
  sh(repo, 'add', '.');
  sh(repo, 'commit', '-q', '-m', 'main moves on');
  sh(repo, 'checkout', '-q', 'feature');
  // Uncommitted work is part of the head too.
  write(path.join(repo, 'svc/app/new.py'), 'NEW = 4\n');
  write(path.join(repo, 'svc/Dockerfile'), 'FROM scratch\n# edited\n');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

async function refused(p: Promise<unknown>): Promise<EnidError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(EnidError);
  return err as EnidError;
}

describe('checkoutBase', () => {
  it('unpacks the service at the merge base of REF and HEAD, and lists what the head changed', async () => {
    const statusBefore = sh(repo, 'status', '--porcelain');
    const base = await checkoutBase(path.join(repo, 'svc'), { ref: 'main', how: '--base' });
    try {
      expect(base.commit).toBe(forkPoint);
      expect(readFileSync(path.join(base.dir, 'app/views.py'), 'utf8')).toBe('BASE = 1\n');
      // main's later commit is not the pull request's business: the merge base has no later.py.
      expect(existsSync(path.join(base.dir, 'app/later.py'))).toBe(false);
      expect(existsSync(path.join(base.dir, '../README.md'))).toBe(false);
      expect(base.changed).toEqual(['Dockerfile', 'app/new.py', 'app/views.py']);
      expect(base.dirty).toBe(true);
      expect(base.headCommit).toBe(sh(repo, 'rev-parse', 'HEAD'));
    } finally {
      base.remove();
    }
    expect(existsSync(base.dir)).toBe(false);
    // Nothing of the user's tree, index or refs moved.
    expect(sh(repo, 'status', '--porcelain')).toBe(statusBefore);
    expect(sh(repo, 'worktree', 'list').split('\n')).toHaveLength(1);
  });

  it('an unknown ref, a directory outside git, a service the base lacks: exit 2 with a hint', async () => {
    const unknown = await refused(checkoutBase(path.join(repo, 'svc'), { ref: 'origin/nope', how: '--base' }));
    expect(unknown).toMatchObject({ code: 'ENID_UNKNOWN_REF', exitCode: 2 });
    expect(unknown.hint).toContain('fetch-depth: 0');
    const outside = mkdtempSync(path.join(tmpdir(), 'enid-nogit-'));
    try {
      expect(await refused(checkoutBase(outside, { ref: 'main', how: '--base' }))).toMatchObject({ code: 'ENID_NOT_A_GIT_REPO', exitCode: 2 });
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
    write(path.join(repo, 'svc2/Dockerfile'), 'FROM scratch\n');
    sh(repo, 'add', 'svc2');
    sh(repo, 'commit', '-q', '-m', 'a new service');
    try {
      expect(await refused(checkoutBase(path.join(repo, 'svc2'), { ref: 'main', how: '--base' }))).toMatchObject({ code: 'ENID_NO_BASE_SERVICE', exitCode: 2 });
    } finally {
      sh(repo, 'reset', '-q', '--hard', 'HEAD~1');
      write(path.join(repo, 'svc/app/new.py'), 'NEW = 4\n');
      write(path.join(repo, 'svc/Dockerfile'), 'FROM scratch\n# edited\n');
    }
  });
});

describe('checkoutBase at the repository root', () => {
  it('keeps the service directory\'s name (the default service name) when the service is the repository', async () => {
    const root = path.join(mkdtempSync(path.join(tmpdir(), 'enid-git-')), 'shelf');
    mkdirSync(root);
    try {
      sh(root, 'init', '-q', '-b', 'main');
      write(path.join(root, 'Dockerfile'), 'FROM scratch\n');
      sh(root, 'add', '.');
      sh(root, 'commit', '-q', '-m', 'base');
      const base = await checkoutBase(root, { ref: 'main', how: '--base' });
      expect(path.basename(base.dir)).toBe('shelf');
      expect(readFileSync(path.join(base.dir, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
      expect(base.changed).toEqual([]);
      base.remove();
    } finally {
      rmSync(path.dirname(root), { recursive: true, force: true });
    }
  });
});

describe('chooseBaseRef', () => {
  it('takes REF as given; auto picks the pull request\'s target branch as CI names it, else origin/main', () => {
    expect(chooseBaseRef('v1.2', '--base', {})).toEqual({ ref: 'v1.2', how: '--base' });
    expect(chooseBaseRef('auto', '--base', { GITHUB_BASE_REF: 'develop' }).ref).toBe('origin/develop');
    expect(chooseBaseRef('auto', '--base', { CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'release' }).ref).toBe('origin/release');
    expect(chooseBaseRef(undefined, 'pr.base', {}).ref).toBe('origin/main');
  });
});

/**
 * The base of a pull request, on disk: the service directory as it was at the merge base of REF and
 * HEAD, unpacked from `git archive` into a temporary directory (the user's tree, index and refs are
 * never touched), removed afterwards. In CI the base defaults to the PR's target branch.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EnidError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { extractTree, git, gitMaybe, GitError } from './git.js';

/** Which ref to compare against, and why that one. */
export interface BaseChoice {
  ref: string;
  /** `--base`, `pr.base`, `GITHUB_BASE_REF`, … */
  how: string;
}

/**
 * `--base REF` as given; `auto` (or nothing, in CI) picks the PR's target branch as CI names it
 * (GITHUB_BASE_REF, CI_MERGE_REQUEST_TARGET_BRANCH_NAME), else origin/main.
 */
export function chooseBaseRef(given: string | undefined, how: string, env: NodeJS.ProcessEnv = process.env): BaseChoice {
  if (given && given !== 'auto') return { ref: given, how };
  if (env.GITHUB_BASE_REF) return { ref: `origin/${env.GITHUB_BASE_REF}`, how: 'GITHUB_BASE_REF (the pull request\'s target branch)' };
  if (env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME) return { ref: `origin/${env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME}`, how: 'CI_MERGE_REQUEST_TARGET_BRANCH_NAME (the merge request\'s target branch)' };
  return { ref: 'origin/main', how: `${how} auto: no pull-request target in the environment, origin/main` };
}

/** The base service directory, and what git says of the two sides. */
export interface BaseCheckout {
  ref: string;
  how: string;
  /** The merge base of REF and HEAD: the commit the base service is built from. */
  commit: string;
  headCommit: string | null;
  /** The service directory has uncommitted changes (they are part of the head). */
  dirty: boolean;
  /** The base service directory (inside a temporary directory). */
  dir: string;
  /** Files the head changed, relative to the service directory (committed, uncommitted and new). */
  changed: string[];
  /** Removes the temporary directory. */
  remove(): void;
}

const bad = (code: string, message: string, hint: string, cause?: unknown): EnidError =>
  new EnidError(message, { code, exitCode: ExitCode.BadInput, phase: 'discover', hint, ...(cause ? { cause } : {}) });

/** Resolves the base and unpacks it; throws exit-2 errors for a directory outside git, an unknown ref, no common history. */
export async function checkoutBase(serviceDir: string, choice: BaseChoice): Promise<BaseCheckout> {
  const abs = realpathSync(path.resolve(serviceDir));
  let root: string;
  try {
    root = realpathSync(await git(abs, ['rev-parse', '--show-toplevel']));
  } catch (err) {
    if (err instanceof GitError && err.code === null) throw bad('ENID_NO_GIT', 'PR mode needs git, and git is not on PATH', 'install git (apt-get install git), or run without --base', err);
    throw bad('ENID_NOT_A_GIT_REPO', `${abs} is not inside a git repository: --base needs the service's history`, 'run in a clone of the service\'s repository, or without --base', err);
  }
  const servicePath = path.relative(root, abs).split(path.sep).join('/');
  const target = await gitMaybe(root, ['rev-parse', '--verify', '--quiet', `${choice.ref}^{commit}`]);
  if (!target) {
    throw bad('ENID_UNKNOWN_REF', `--base ${choice.ref}: git knows no such commit or branch (${choice.how})`,
      `fetch it first (git fetch origin ${choice.ref.replace(/^origin\//, '')}); in CI check out the whole history (actions/checkout with fetch-depth: 0, GitLab GIT_DEPTH: 0)`);
  }
  const headCommit = (await gitMaybe(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])) ?? null;
  const commit = headCommit ? await gitMaybe(root, ['merge-base', target, headCommit]) : target;
  if (!commit) {
    throw bad('ENID_NO_MERGE_BASE', `${choice.ref} and HEAD share no history here (a shallow clone?)`,
      'fetch the whole history (git fetch --unshallow; actions/checkout with fetch-depth: 0; GitLab GIT_DEPTH: 0)');
  }
  if (servicePath && !(await gitMaybe(root, ['cat-file', '-e', `${commit}:${servicePath}`]).then((v) => v !== undefined))) {
    throw bad('ENID_NO_BASE_SERVICE', `${servicePath}/ does not exist at ${choice.ref} (${commit.slice(0, 12)}): there is no base to compare with`, 'run without --base for a service the pull request adds');
  }
  const tmp = mkdtempSync(path.join(tmpdir(), 'enid-base-'));
  const remove = (): void => rmSync(tmp, { recursive: true, force: true });
  try {
    // The service keeps its directory's name (the default service name), also when it is the repository.
    const into = servicePath ? tmp : path.join(tmp, path.basename(abs));
    mkdirSync(into, { recursive: true });
    await extractTree(root, commit, servicePath, into);
    const scope = ['--', servicePath || '.'];
    const [status, diff, untracked] = await Promise.all([
      git(root, ['status', '--porcelain', ...scope]),
      git(root, ['diff', '--name-only', commit, ...scope]),
      git(root, ['ls-files', '--others', '--exclude-standard', ...scope]),
    ]);
    const changed = [...new Set([...diff.split('\n'), ...untracked.split('\n')].filter(Boolean))]
      .map((f) => path.posix.relative(servicePath, f)).sort();
    return { ref: choice.ref, how: choice.how, commit, headCommit, dirty: status.trim() !== '', dir: path.join(into, servicePath), changed, remove };
  } catch (err) {
    remove();
    throw err;
  }
}

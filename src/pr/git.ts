/**
 * The few git commands PR mode runs, read-only on the user's repository: nothing here writes to its
 * working tree, its index or its refs. Every command is bounded in time.
 */
import { execFile, spawn } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import { x as untar } from 'tar';

const TIMEOUT_MS = 30_000;

/** A git command that failed: its exit code and the first line it printed on stderr. */
export class GitError extends Error {
  constructor(readonly args: string[], readonly code: number | null, readonly stderr: string) {
    super(`git ${args.join(' ')} failed${code !== null ? ` (exit ${code})` : ''}: ${stderr.trim().split('\n')[0] ?? ''}`);
    this.name = 'GitError';
  }
}

/** `git -C cwd …` → stdout, trimmed of its final newline; throws GitError. */
export function git(cwd: string, args: string[], timeoutMs = TIMEOUT_MS): Promise<string> {
  const full = ['-c', 'core.quotePath=false', ...args];
  return new Promise((resolve, reject) => {
    execFile('git', full, { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout.replace(/\n$/, ''));
      const code = typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? (err as unknown as { code: number }).code : null;
      reject((err as NodeJS.ErrnoException).code === 'ENOENT' ? new GitError(args, null, 'git is not installed (not on PATH)') : new GitError(args, code, String(stderr || err.message)));
    });
  });
}

/** The same, answering undefined instead of throwing when git says no. */
export async function gitMaybe(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    return await git(cwd, args);
  } catch (err) {
    if (err instanceof GitError && err.code !== null) return undefined;
    throw err;
  }
}

/** `git archive <commit> -- <path>` unpacked into `into`: the tree as committed, no checkout involved. */
export async function extractTree(cwd: string, commit: string, path: string, into: string, timeoutMs = 120_000): Promise<void> {
  const args = ['archive', '--format=tar', commit, '--', path || '.'];
  const child = spawn('git', args, { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  try {
    await pipeline(child.stdout, untar({ cwd: into, preservePaths: false }));
    const code = await exited;
    if (code !== 0) throw new GitError(args, code, stderr || 'killed after the time limit');
  } finally {
    clearTimeout(timer);
  }
}

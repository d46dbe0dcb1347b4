import type { BigIntStats } from 'node:fs';
import path from 'node:path';
import { ExitCode } from '../../exit-codes.js';
import { EnidError } from '../../errors.js';

// Small file-system facts shared by the scan, the key and the send of a build context.

/**
 * A remembered digest is trusted only for a file whose mtime and ctime were this much older than the
 * moment it was read: a write in the same timestamp tick as the read (coarse clocks, 1–2 s on some
 * filesystems) could otherwise leave size, mtime and ctime unchanged. Git calls these "racily clean".
 */
const RACY_SLACK_NS = 2_000_000_000n;

/** What a context entry was read from, on disk: device, inode, size, mode, mtime and ctime. */
export function stampOf(stat: BigIntStats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mode}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

/** True when the file had not changed for RACY_SLACK_NS when it was read (`readAt`, in ns). */
export function settled(stat: BigIntStats, readAt: bigint): boolean {
  return stat.mtimeNs < readAt - RACY_SLACK_NS && stat.ctimeNs < readAt - RACY_SLACK_NS;
}

/** Permission bits as the tar carries them. */
export function sentMode(stat: BigIntStats): number {
  const mode = Number(stat.mode) & 0o7777;
  // As the Docker CLI does on Windows, where permission bits mean nothing: 0755 at most, always executable.
  return process.platform === 'win32' ? (mode & 0o755) | 0o111 : mode;
}

export function toSlash(p: string): string {
  return p.split(path.sep).join('/');
}

export function isCode(err: unknown, ...codes: string[]): boolean {
  return codes.includes((err as NodeJS.ErrnoException)?.code ?? '');
}

/** A context entry that cannot be read: `docker build` fails on it too (exit 3). */
export function unreadable(abs: string, err: unknown): EnidError {
  return new EnidError(`the build context cannot be read: ${abs}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, {
    code: 'ENID_BUILD_CONTEXT',
    exitCode: ExitCode.BootFailed,
    phase: 'stack',
    hint: '`docker build` fails on it too: add it to .dockerignore (a database volume, a cache) or make it readable',
    cause: err,
  });
}

/**
 * Time slices for synchronous file-system work: after ~10 ms the event loop gets a turn (timers, the
 * engine's socket, Ctrl-C), and the abort signal is checked.
 */
export class Slicer {
  private started = performance.now();
  private reported = 0;

  constructor(private readonly signal?: AbortSignal) {}

  async check(): Promise<void> {
    if (performance.now() - this.started < 10) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.signal?.throwIfAborted();
    this.started = performance.now();
  }

  /** True at most every 200 ms: when a progress report is worth making. */
  due(): boolean {
    const now = performance.now();
    if (now - this.reported < 200) return false;
    this.reported = now;
    return true;
  }
}

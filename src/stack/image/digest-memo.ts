import createDebug from 'debug';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import type { ContextEntry } from './context-scan.js';

const debug = createDebug('enid:stack');

/** Bumped whenever what a key covers changes, so older images are not mistaken for current ones. */
export const KEY_VERSION = 'enid-context-v2';
/** Digest memos kept in the cache dir (one per context root, a few KB to a few MB each). */
const MEMOS_KEPT = 64;

/** Where file digests are remembered: ENID_CACHE_DIR (`off` disables), else the user's cache folder. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string | false {
  if (env.ENID_CACHE_DIR === 'off') return false;
  if (env.ENID_CACHE_DIR) return path.resolve(env.ENID_CACHE_DIR);
  const base = env.XDG_CACHE_HOME || (process.platform === 'win32' && env.LOCALAPPDATA) || path.join(homedir(), '.cache');
  return path.join(base, 'enid-test');
}

/** Digests of files by path and stamp, persisted per context root outside the service's own files. */
export class DigestMemo {
  private readonly next = new Map<string, [string, string]>();
  private dirty = false;

  private constructor(private readonly file: string, private readonly known: Map<string, [string, string]>) {}

  static async load(cacheDir: string | false, root: string): Promise<DigestMemo | undefined> {
    if (cacheDir === false) return undefined;
    const file = path.join(cacheDir, 'context-digests', `${createHash('sha256').update(path.resolve(root)).digest('hex').slice(0, 16)}.json`);
    let known = new Map<string, [string, string]>();
    try {
      const data = JSON.parse(await readFile(file, 'utf8')) as { version?: string; files?: Record<string, [string, string]> };
      if (data.version === KEY_VERSION && data.files) known = new Map(Object.entries(data.files));
    } catch {
      // No memo yet, or an unreadable one: every file is read.
    }
    return new DigestMemo(file, known);
  }

  get(entry: ContextEntry): string | undefined {
    const known = this.known.get(entry.path);
    if (!known || !entry.stamp || known[0] !== entry.stamp) return undefined;
    this.next.set(entry.path, known);
    return known[1];
  }

  set(rel: string, stamp: string, digest: string): void {
    this.next.set(rel, [stamp, digest]);
    this.dirty = true;
  }

  /** Writes the digests seen by this pass (files that are gone are dropped); failures only cost speed. */
  async save(): Promise<void> {
    if (!this.dirty && this.next.size === this.known.size) {
      // Unchanged, but in use: its mtime is what pruning keeps it by.
      const now = new Date();
      await utimes(this.file, now, now).catch(() => undefined);
      return;
    }
    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify({ version: KEY_VERSION, files: Object.fromEntries(this.next) }));
      await rename(tmp, this.file);
      await pruneMemos(path.dirname(this.file));
    } catch (err) {
      debug('digest memo %s not written: %O', this.file, err);
    }
  }
}

/** Every temp copy of a service is a context of its own: keep the memos of the most recent few only. */
async function pruneMemos(dir: string): Promise<void> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
  if (files.length <= MEMOS_KEPT) return;
  const dated = await Promise.all(files.map(async (f) => ({ f, at: (await stat(path.join(dir, f)).catch(() => undefined))?.mtimeMs ?? 0 })));
  dated.sort((a, b) => b.at - a.at);
  await Promise.all(dated.slice(MEMOS_KEPT).map(({ f }) => rm(path.join(dir, f), { force: true })));
}


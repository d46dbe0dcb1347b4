import type { Ignore } from '@balena/dockerignore';
import createDebug from 'debug';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, type BigIntStats, type Dirent } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { isCode, sentMode, Slicer, stampOf, toSlash, unreadable } from './context-files.js';

// CommonJS whose typings claim an ES default export; require() gives the factory itself.
const dockerignore = createRequire(import.meta.url)('@balena/dockerignore') as (options?: { ignorecase?: boolean }) => Ignore;
const debug = createDebug('enid:stack');

export type ContextEntryType = 'file' | 'directory' | 'symlink' | 'hardlink';

/** One entry of the build context, as the tar sent to the engine holds it. */
export interface ContextEntry {
  /** Path inside the context, '/'-separated; directories without the trailing slash. */
  path: string;
  type: ContextEntryType;
  /** Permission bits as sent; owners are always 0:0 and mtimes 0, like a reproducible tar. */
  mode: number;
  /** Bytes of a file (also given for a hard link, whose tar entry has none). */
  size: number;
  /** A symlink's target as stored, or the earlier path a hard link points at. */
  linkTarget?: string;
  /** Absolute source when it is not `<root>/<path>` (a Dockerfile outside the context). */
  source?: string;
  /** Identity of the file on disk (device, inode, size, mode, mtime, ctime) for the digest memo. */
  stamp?: string;
}

/** What `docker build` would send for a context directory, read once with lstat (no file contents). */
export interface ScannedContext {
  root: string;
  /** The Dockerfile's path inside the sent context (a generated name when it lives outside). */
  dockerfile: string;
  entries: ContextEntry[];
  files: number;
  /** Bytes of file contents (each hard-linked file once). */
  bytes: number;
  /** Bytes under each top-level name, for the hint about what .dockerignore should leave out. */
  topLevelBytes: Record<string, number>;
  /** Entries left out with the reason: sockets, FIFOs, devices, the harness's own outputs. */
  skipped: Array<{ path: string; reason: string }>;
  /** The ignore file that was applied, relative to the root, if any. */
  ignoreFile?: string;
}

/** How far a read of the context has got; `total*` are known once the scan is done. */
export interface ContextProgress {
  stage: 'scan' | 'hash' | 'send';
  files: number;
  bytes: number;
  totalFiles?: number;
  totalBytes?: number;
}

export interface ScanOptions {
  /** Absolute paths never sent, whatever .dockerignore says (the harness's reports and logs). */
  exclude?: string[];
  signal?: AbortSignal;
  onProgress?: (progress: ContextProgress) => void;
}

/**
 * Lists the build context the way the Docker CLI does: the root `.dockerignore` applied (or BuildKit's
 * `<Dockerfile>.dockerignore` beside the Dockerfile when there is one), excluded folders not entered
 * unless an exception pattern names something inside them, the Dockerfile and the ignore file always
 * kept. Symlinks are entries of their own (never followed), hard links are sent as links, sockets,
 * FIFOs and devices are skipped. Only directory listings and lstat are read: nothing can block.
 */
export async function scanContext(root: string, dockerfile: string, options: ScanOptions = {}): Promise<ScannedContext> {
  const rules = readIgnoreRules(root, dockerfile);
  const matcher = dockerignore({ ignorecase: false }).add(rules.lines);
  const dockerfileRel = toSlash(path.normalize(dockerfile));
  const outside = dockerfileRel.startsWith('../') || path.isAbsolute(dockerfile);
  // The CLI appends these exceptions itself (TrimBuildFilesFromExcludes): the daemon needs both files.
  const forced = ['.dockerignore', ...(rules.file && rules.file !== '.dockerignore' ? [rules.file] : []), ...(outside ? [] : [dockerfileRel])];
  for (const file of forced) if (matcher.ignores(file)) matcher.add(`!${file}`);
  const exceptions = [...rules.lines, ...forced.map((f) => `!${f}`)].map(exceptionPattern).filter((p): p is string => p !== undefined);
  const excluded = harnessExclusions(root, options.exclude ?? []);

  const ctx: ScannedContext = { root, dockerfile: dockerfileRel, entries: [], files: 0, bytes: 0, topLevelBytes: {}, skipped: [], ...(rules.file ? { ignoreFile: rules.file } : {}) };
  const links = new Map<string, string>();
  const add = (entry: ContextEntry): void => {
    ctx.entries.push(entry);
    if (entry.type !== 'file' && entry.type !== 'hardlink') return;
    ctx.files++;
    if (entry.type === 'hardlink') return;
    ctx.bytes += entry.size;
    const top = entry.path.split('/')[0]!;
    ctx.topLevelBytes[top] = (ctx.topLevelBytes[top] ?? 0) + entry.size;
  };
  // Each folder's entries, then its subfolders, in code-unit order; an explicit stack, so that deep
  // trees cannot overflow the call stack. Synchronous calls in time slices: one lstat costs ~10 µs that way against ~80 µs through the
  // thread pool, and nothing here can block (no file is opened).
  const slice = new Slicer(options.signal);
  const pending: string[] = [''];
  while (pending.length) {
    const dir = pending.pop()!;
    const subdirs: string[] = [];
    for (const dirent of listDir(root, dir)) {
      await slice.check();
      const rel = join(dir, dirent.name);
      if (excluded.some((x) => rel === x || rel.startsWith(`${x}/`))) {
        ctx.skipped.push({ path: rel, reason: 'written by enid-test (reports, logs)' });
        continue;
      }
      const ignored = matcher.ignores(rel);
      if (dirent.isDirectory() && ignored) {
        // Docker's own rule: an excluded folder is entered only when an exception pattern starts
        // with it, and then only what the patterns re-include is sent (the folder entry itself is not).
        if (exceptions.some((p) => `${p}/`.startsWith(`${rel}/`))) subdirs.push(rel);
        continue;
      }
      if (ignored) continue;
      const stat = dirent.isDirectory() || dirent.isFile() || dirent.isSymbolicLink() ? lstatEntry(root, rel) : dirent;
      if (!stat) {
        ctx.skipped.push({ path: rel, reason: 'vanished while read' });
      } else if (stat.isDirectory()) {
        add({ path: rel, type: 'directory', mode: sentMode(stat as BigIntStats), size: 0 });
        subdirs.push(rel);
      } else if (stat.isSymbolicLink()) {
        add({ path: rel, type: 'symlink', mode: sentMode(stat as BigIntStats), size: 0, linkTarget: readLink(root, rel) });
      } else if (stat.isFile()) {
        const st = stat as BigIntStats;
        const key = `${st.dev}:${st.ino}`;
        const first = st.nlink > 1n ? links.get(key) : undefined;
        if (st.nlink > 1n && !first) links.set(key, rel);
        add({ path: rel, type: first ? 'hardlink' : 'file', mode: sentMode(st), size: Number(st.size), stamp: stampOf(st), ...(first ? { linkTarget: first } : {}) });
      } else {
        ctx.skipped.push({ path: rel, reason: specialKind(stat) });
      }
    }
    // Reversed onto the stack so that the first child is visited first.
    pending.push(...subdirs.reverse());
    if (slice.due()) options.onProgress?.({ stage: 'scan', files: ctx.files, bytes: ctx.bytes });
  }
  if (outside) {
    // Like the CLI, a Dockerfile outside the context travels inside it under a generated name.
    const source = path.resolve(root, dockerfile);
    const stat = lstatSync(source, { bigint: true });
    ctx.dockerfile = `.dockerfile.${createHash('sha256').update(source).digest('hex').slice(0, 12)}`;
    add({ path: ctx.dockerfile, type: 'file', mode: sentMode(stat), size: Number(stat.size), source, stamp: stampOf(stat) });
  }
  for (const s of ctx.skipped) debug('build context %s: %s skipped (%s)', root, s.path, s.reason);
  return ctx;
}

function readIgnoreRules(root: string, dockerfile: string): { lines: string[]; file?: string } {
  // BuildKit reads `<Dockerfile>.dockerignore` beside the Dockerfile in preference to the root file.
  const specific = `${toSlash(path.normalize(dockerfile))}.dockerignore`;
  for (const file of specific.startsWith('../') ? ['.dockerignore'] : [specific, '.dockerignore']) {
    const abs = path.join(root, file);
    // Docker drops a UTF-8 byte-order mark, which would otherwise be part of the first pattern.
    if (existsSync(abs)) return { lines: readFileSync(abs, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/), file };
  }
  return { lines: [] };
}

/** An exception line's pattern, cleaned as Docker cleans it (leading '/' and './' dropped). */
function exceptionPattern(line: string): string | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('!')) return undefined;
  const cleaned = toSlash(path.posix.normalize(trimmed.slice(1).trim())).replace(/^\/+/, '').replace(/\/+$/, '');
  return cleaned && cleaned !== '.' ? cleaned : undefined;
}

/** The harness's outputs inside the context as relative paths; never the context itself or above it. */
function harnessExclusions(root: string, exclude: string[]): string[] {
  return exclude
    .map((abs) => toSlash(path.relative(root, path.resolve(abs))))
    .filter((rel) => rel !== '' && !rel.startsWith('../') && rel !== '..' && !path.isAbsolute(rel));
}

function listDir(root: string, dir: string): Dirent[] {
  try {
    const children = readdirSync(path.join(root, dir), { withFileTypes: true });
    return children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (err) {
    if (dir && isCode(err, 'ENOENT', 'ENOTDIR')) return [];
    throw unreadable(path.join(root, dir), err);
  }
}

/** lstat of one entry; null when it vanished between the listing and the stat. */
function lstatEntry(root: string, rel: string): BigIntStats | null {
  try {
    return lstatSync(path.join(root, rel), { bigint: true });
  } catch (err) {
    if (isCode(err, 'ENOENT')) return null;
    throw unreadable(path.join(root, rel), err);
  }
}

function readLink(root: string, rel: string): string {
  try {
    return toSlash(readlinkSync(path.join(root, rel)));
  } catch {
    return '';
  }
}

function specialKind(entry: { isSocket(): boolean; isFIFO(): boolean; isBlockDevice(): boolean; isCharacterDevice(): boolean }): string {
  if (entry.isSocket()) return 'socket';
  if (entry.isFIFO()) return 'FIFO';
  if (entry.isBlockDevice() || entry.isCharacterDevice()) return 'device';
  return 'unknown file type';
}

function join(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

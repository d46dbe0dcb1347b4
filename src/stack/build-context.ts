import type { Ignore } from '@balena/dockerignore';
import createDebug from 'debug';
import { createHash, type Hash } from 'node:crypto';
import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, type BigIntStats, type Dirent } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Header, Pax } from 'tar';
import { ExitCode } from '../exit-codes.js';
import { EnidError } from '../errors.js';

// Why not tar.create(): node-tar's async Pack deadlocks on hard-linked files and on sockets (upstream
// isaacs/node-tar#460 and #295, open in 7.5.x). `npm install node` and every node-gyp build put hard
// links in node_modules, so a service dir with node_modules hung the build forever. The entries are
// written here one at a time instead; node-tar only encodes the headers.

// CommonJS whose typings claim an ES default export; require() gives the factory itself.
const dockerignore = createRequire(import.meta.url)('@balena/dockerignore') as (options?: { ignorecase?: boolean }) => Ignore;
const debug = createDebug('enid:stack');

/** Bumped whenever what a key covers changes, so older images are not mistaken for current ones. */
const KEY_VERSION = 'enid-context-v2';
/** Bytes per chunk handed to the engine's socket (and per read of a large file). */
const OUT = 1 << 20;
const BLOCK = 512;
/**
 * A remembered digest is trusted only for a file whose mtime and ctime were this much older than the
 * moment it was read: a write in the same timestamp tick as the read (coarse clocks, 1–2 s on some
 * filesystems) could otherwise leave size, mtime and ctime unchanged. Git calls these "racily clean".
 */
const RACY_SLACK_NS = 2_000_000_000n;
/** Digest memos kept in the cache dir (one per context root, a few KB to a few MB each). */
const MEMOS_KEPT = 64;

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
export interface BuildContext {
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
export async function scanContext(root: string, dockerfile: string, options: ScanOptions = {}): Promise<BuildContext> {
  const rules = readIgnoreRules(root, dockerfile);
  const matcher = dockerignore({ ignorecase: false }).add(rules.lines);
  const dockerfileRel = toSlash(path.normalize(dockerfile));
  const outside = dockerfileRel.startsWith('../') || path.isAbsolute(dockerfile);
  // The CLI appends these exceptions itself (TrimBuildFilesFromExcludes): the daemon needs both files.
  const forced = ['.dockerignore', ...(rules.file && rules.file !== '.dockerignore' ? [rules.file] : []), ...(outside ? [] : [dockerfileRel])];
  for (const file of forced) if (matcher.ignores(file)) matcher.add(`!${file}`);
  const exceptions = [...rules.lines, ...forced.map((f) => `!${f}`)].map(exceptionPattern).filter((p): p is string => p !== undefined);
  const excluded = harnessExclusions(root, options.exclude ?? []);

  const ctx: BuildContext = { root, dockerfile: dockerfileRel, entries: [], files: 0, bytes: 0, topLevelBytes: {}, skipped: [], ...(rules.file ? { ignoreFile: rules.file } : {}) };
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

export interface KeyOptions {
  /** Folder of the digest memo; false to read every byte every time. Default: {@link defaultCacheDir}. */
  cacheDir?: string | false;
  signal?: AbortSignal;
  onProgress?: (progress: ContextProgress) => void;
}

/**
 * The content key of a build: SHA-256 over every entry as it would be sent (type, path, mode, size,
 * a file's SHA-256 or a link's target) plus the Dockerfile name and the build args. Two contexts with
 * the same key produce the same tar, so the key can name the image.
 *
 * File digests are remembered between runs, keyed by device, inode, size, mode, mtime and ctime, and
 * reused only when all of them are unchanged and the file was already settled when it was read
 * (see RACY_SLACK_NS). ctime cannot be set from user space: `cp -p`, `touch -r` or an unpacked archive
 * restore an mtime, never a ctime. A large, unchanged node_modules then costs lstat calls, not a read.
 */
export async function contextKey(ctx: BuildContext, args: Record<string, string>, options: KeyOptions = {}): Promise<string> {
  const memo = await DigestMemo.load(options.cacheDir ?? defaultCacheDir(), ctx.root);
  const pass = new Pass(ctx, args, options.signal, (p) => options.onProgress?.({ ...p, stage: 'hash' }));
  for await (const chunk of pass.entries(memo)) void chunk;
  await memo?.save();
  return pass.key();
}

/** The tar of a context as it streams, and the key of what was really sent once it has ended. */
export interface PackedContext {
  stream: Readable;
  /** Resolves after the last byte was read: the key of the bytes sent and the paths that changed meanwhile. */
  done: Promise<{ key: string; changed: string[] }>;
}

/**
 * Streams the context as a tar, one entry at a time with backpressure, hashing what it sends: a file
 * that changes between the key and the send makes the sent key differ, and the image is named by what
 * it was built from. A file that shrinks while read is padded, one that grows is cut at its header's
 * size (tar cannot do otherwise), and both are reported in `changed`.
 */
export function packContext(ctx: BuildContext, args: Record<string, string>, options: Omit<KeyOptions, 'cacheDir'> = {}): PackedContext {
  const pass = new Pass(ctx, args, options.signal, (p) => options.onProgress?.({ ...p, stage: 'send' }), true);
  let settle!: { resolve: (v: { key: string; changed: string[] }) => void; reject: (e: unknown) => void };
  const done = new Promise<{ key: string; changed: string[] }>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => undefined);
  async function* tar(): AsyncGenerator<Buffer> {
    try {
      yield* pass.entries();
      settle.resolve({ key: pass.key(), changed: pass.changed });
    } catch (err) {
      settle.reject(err);
      throw err;
    }
  }
  return { stream: Readable.from(tar(), { objectMode: false }), done };
}

/** Where file digests are remembered: ENID_CACHE_DIR (`off` disables), else the user's cache folder. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string | false {
  if (env.ENID_CACHE_DIR === 'off') return false;
  if (env.ENID_CACHE_DIR) return path.resolve(env.ENID_CACHE_DIR);
  const base = env.XDG_CACHE_HOME || (process.platform === 'win32' && env.LOCALAPPDATA) || path.join(homedir(), '.cache');
  return path.join(base, 'enid-test');
}

/**
 * One read of the context, producing the records of its key and, when sending, the tar bytes in
 * chunks of OUT bytes (headers, small files and padding coalesced: one socket write per chunk).
 */
class Pass {
  readonly changed: string[] = [];
  private readonly hash: Hash = createHash('sha256');
  private readonly slice: Slicer;
  private out = Buffer.allocUnsafe(OUT);
  private used = 0;
  private files = 0;
  private bytes = 0;

  constructor(private readonly ctx: BuildContext, args: Record<string, string>, signal: AbortSignal | undefined, private readonly progress: (p: Omit<ContextProgress, 'stage'>) => void, private readonly send = false) {
    this.slice = new Slicer(signal);
    this.hash.update(`${KEY_VERSION}\0dockerfile\0${ctx.dockerfile}\0`);
    for (const key of Object.keys(args).sort()) this.hash.update(`arg\0${key}=${args[key]}\0`);
  }

  key(): string {
    return this.hash.digest('hex').slice(0, 16);
  }

  async *entries(memo?: DigestMemo): AsyncGenerator<Buffer> {
    const sent = new Set<string>();
    for (const original of this.ctx.entries) {
      let entry = original;
      // A link whose file could not be sent becomes the file itself, so that it never dangles.
      if (entry.type === 'hardlink' && !sent.has(entry.linkTarget!)) entry = { ...entry, type: 'file' };
      if (entry.type !== 'file') {
        this.record(entry, entry.linkTarget ?? '');
        if (this.send) yield* this.put(header(entry));
        if (entry.type === 'hardlink') this.files++;
      } else {
        const remembered = memo?.get(entry);
        if (remembered) {
          this.record(entry, remembered);
          sent.add(entry.path);
          this.files++;
        } else if (yield* this.file(entry, memo)) {
          sent.add(entry.path);
          this.files++;
        }
      }
      if (this.slice.due()) this.progress(this.counts());
      await this.slice.check();
    }
    if (this.send) yield* this.put(Buffer.alloc(BLOCK * 2));
    if (this.used) yield this.flush();
    this.progress(this.counts());
  }

  /** One regular file: header, exactly the stat'd size of content, padding. False when it is gone. */
  private async *file(entry: ContextEntry, memo?: DigestMemo): AsyncGenerator<Buffer, boolean> {
    const abs = entry.source ?? path.join(this.ctx.root, entry.path);
    const file = openRegular(abs);
    if (!file) {
      this.note(entry.path, 'vanished or stopped being a file while read');
      return false;
    }
    try {
      const size = Number(file.stat.size);
      const digest = createHash('sha256');
      if (this.send) yield* this.put(header({ ...entry, size }));
      let left = size;
      let shrank = false;
      while (left > 0) {
        if (this.used === OUT) yield this.flush();
        const want = Math.min(OUT - this.used, left);
        const got = readSync(file.fd, this.out, this.used, want, null);
        if (got === 0) {
          // Shrank while read: the header promised `size` bytes, so zeros make up the rest.
          shrank = true;
          this.out.fill(0, this.used, this.used + want);
        }
        const n = got || want;
        digest.update(this.out.subarray(this.used, this.used + n));
        left -= n;
        this.bytes += n;
        // Hashing alone reuses the buffer; sending keeps it until it is full and handed on.
        if (this.send) this.used += n;
        if (this.slice.due()) this.progress(this.counts());
        await this.slice.check();
      }
      if (this.send && size % BLOCK) yield* this.put(Buffer.alloc(BLOCK - (size % BLOCK)));
      const hex = digest.digest('hex');
      if (shrank) this.note(entry.path, 'shrank while read; padded');
      else if (stampOf(fstatSync(file.fd, { bigint: true })) !== stampOf(file.stat)) this.note(entry.path, 'changed while read');
      else if (memo && settled(file.stat, file.readAt)) memo.set(entry.path, stampOf(file.stat), hex);
      this.record({ ...entry, size }, hex);
      return true;
    } finally {
      closeSync(file.fd);
    }
  }

  private *put(bytes: Buffer): Generator<Buffer> {
    for (let at = 0; at < bytes.length;) {
      if (this.used === OUT) yield this.flush();
      const n = bytes.copy(this.out, this.used, at);
      this.used += n;
      at += n;
    }
  }

  /** The filled part of the buffer, handed on for good: the next bytes go to a fresh one. */
  private flush(): Buffer {
    const full = this.out.subarray(0, this.used);
    this.out = Buffer.allocUnsafe(OUT);
    this.used = 0;
    return full;
  }

  private counts(): Omit<ContextProgress, 'stage'> {
    return { files: this.files, bytes: this.bytes, totalFiles: this.ctx.files, totalBytes: this.ctx.bytes };
  }

  private record(entry: ContextEntry, detail: string): void {
    this.hash.update(`${entry.type}\0${entry.path}\0${entry.mode.toString(8)}\0${entry.type === 'file' ? entry.size : 0}\0${detail}\n`);
  }

  private note(rel: string, what: string): void {
    debug('build context %s: %s %s', this.ctx.root, rel, what);
    this.changed.push(`${rel} ${what}`);
  }
}

/** Digests of files by path and stamp, persisted per context root outside the service's own files. */
class DigestMemo {
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

function header(entry: ContextEntry): Buffer {
  const type = ({ file: 'File', directory: 'Directory', symlink: 'SymbolicLink', hardlink: 'Link' } as const)[entry.type];
  const fields = {
    path: entry.type === 'directory' ? `${entry.path}/` : entry.path,
    mode: entry.mode, uid: 0, gid: 0, size: entry.type === 'file' ? entry.size : 0, mtime: new Date(0), type,
    uname: '', gname: '', ...(entry.linkTarget !== undefined ? { linkpath: entry.linkTarget } : {}),
  };
  const h = new Header(fields);
  // A path over 100 bytes (or non-ASCII, or a size over 8 GiB) goes into a PAX record before the header.
  const needPax = h.encode();
  const block = h.block!;
  return needPax ? Buffer.concat([new Pax({ path: fields.path, linkpath: fields.linkpath, size: fields.size }).encode(), block]) : block;
}

/** Opens a regular file without following a symlink or blocking on a FIFO that replaced it. */
function openRegular(abs: string): { fd: number; stat: BigIntStats; readAt: bigint } | undefined {
  const readAt = BigInt(Date.now()) * 1_000_000n;
  let fd: number;
  try {
    fd = openSync(abs, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    if (isCode(err, 'ENOENT', 'ELOOP', 'ENXIO', 'ENOTDIR')) return undefined;
    throw unreadable(abs, err);
  }
  const stat = fstatSync(fd, { bigint: true });
  if (!stat.isFile()) {
    closeSync(fd);
    return undefined;
  }
  return { fd, stat, readAt };
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

/**
 * Time slices for synchronous file-system work: after ~10 ms the event loop gets a turn (timers, the
 * engine's socket, Ctrl-C), and the abort signal is checked.
 */
class Slicer {
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

function unreadable(abs: string, err: unknown): EnidError {
  return new EnidError(`the build context cannot be read: ${abs}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, {
    code: 'ENID_BUILD_CONTEXT',
    exitCode: ExitCode.BootFailed,
    phase: 'stack',
    hint: '`docker build` fails on it too: add it to .dockerignore (a database volume, a cache) or make it readable',
    cause: err,
  });
}

function specialKind(entry: { isSocket(): boolean; isFIFO(): boolean; isBlockDevice(): boolean; isCharacterDevice(): boolean }): string {
  if (entry.isSocket()) return 'socket';
  if (entry.isFIFO()) return 'FIFO';
  if (entry.isBlockDevice() || entry.isCharacterDevice()) return 'device';
  return 'unknown file type';
}

function sentMode(stat: BigIntStats): number {
  const mode = Number(stat.mode) & 0o7777;
  // As the Docker CLI does on Windows, where permission bits mean nothing: 0755 at most, always executable.
  return process.platform === 'win32' ? (mode & 0o755) | 0o111 : mode;
}

function stampOf(stat: BigIntStats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mode}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

function settled(stat: BigIntStats, readAt: bigint): boolean {
  return stat.mtimeNs < readAt - RACY_SLACK_NS && stat.ctimeNs < readAt - RACY_SLACK_NS;
}

function join(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

function toSlash(p: string): string {
  return p.split(path.sep).join('/');
}

function isCode(err: unknown, ...codes: string[]): boolean {
  return codes.includes((err as NodeJS.ErrnoException)?.code ?? '');
}

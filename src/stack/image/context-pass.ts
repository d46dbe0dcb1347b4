import createDebug from 'debug';
import { createHash, type Hash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync, type BigIntStats } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Header, Pax } from 'tar';
import { isCode, settled, Slicer, stampOf, unreadable } from './context-files.js';
import type { ContextEntry, ContextProgress, ScannedContext } from './context-scan.js';
import { KEY_VERSION, type DigestMemo } from './digest-memo.js';

// Why not tar.create(): node-tar's async Pack deadlocks on hard-linked files and on sockets (upstream
// isaacs/node-tar#460 and #295, open in 7.5.x). `npm install node` and every node-gyp build put hard
// links in node_modules, so a service dir with node_modules hung the build forever. The entries are
// written here one at a time instead; node-tar only encodes the headers.

const debug = createDebug('enid:stack');
/** Bytes per chunk handed to the engine's socket (and per read of a large file). */
const OUT = 1 << 20;
const BLOCK = 512;

/** The tar of a context as it streams, and the key of what was really sent once it has ended. */
export interface PackedContext {
  stream: Readable;
  /** Resolves after the last byte was read: the key of the bytes sent and the paths that changed meanwhile. */
  done: Promise<{ key: string; changed: string[] }>;
}

/**
 * Streams a pass that sends as a tar, and settles `done` with the key of what was really sent once the
 * last byte was read.
 */
export function streamPass(pass: Pass): PackedContext {
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

/**
 * One read of the context, producing the records of its key and, when sending, the tar bytes in
 * chunks of OUT bytes (headers, small files and padding coalesced: one socket write per chunk).
 */
export class Pass {
  readonly changed: string[] = [];
  private readonly hash: Hash = createHash('sha256');
  private readonly slice: Slicer;
  private out = Buffer.allocUnsafe(OUT);
  private used = 0;
  private files = 0;
  private bytes = 0;

  constructor(private readonly ctx: ScannedContext, args: Record<string, string>, signal: AbortSignal | undefined, private readonly progress: (p: Omit<ContextProgress, 'stage'>) => void, private readonly send = false) {
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

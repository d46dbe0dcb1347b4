import { Pass, streamPass, type PackedContext } from './context-pass.js';
import { scanContext, type ContextEntry, type ContextProgress, type ScannedContext } from './context-scan.js';
import { defaultCacheDir, DigestMemo } from './digest-memo.js';

export type { PackedContext } from './context-pass.js';
export type { ContextEntry, ContextProgress } from './context-scan.js';
export { defaultCacheDir } from './digest-memo.js';

/** What a build context is made with, given once: everything its scan, key and send need. */
export interface ContextOptions {
  /** Build args: part of the key (an image built with other args is another image). */
  args?: Record<string, string>;
  /** Absolute paths never sent, whatever .dockerignore says (the harness's reports and logs). */
  exclude?: string[];
  /** Folder of the digest memo; false to read every byte every time. Default: {@link defaultCacheDir}. */
  cacheDir?: string | false;
  signal?: AbortSignal;
  /** How far the scan, the hash and the send have got. */
  onProgress?: (progress: ContextProgress) => void;
}

/**
 * The build context of one build, as one object: scanned once (what `docker build` would send, by
 * lstat only), keyed (a SHA-256 over every entry as it would be sent, plus the Dockerfile name and the
 * args, with remembered digests for settled files), and packed (the tar the engine reads, hashed
 * again as it streams). The options are given once, at the scan.
 *
 * Keying reads the files the memo does not know; packing reads them again as they are sent: a file
 * that changes in between makes the sent key differ, and the image is named by what it was built from.
 */
export class BuildContext {
  private keyed: Promise<string> | undefined;

  private constructor(private readonly scanned: ScannedContext, private readonly options: ContextOptions) {}

  /**
   * Lists the context the way the Docker CLI does (see scanContext): the root `.dockerignore` (or
   * BuildKit's `<Dockerfile>.dockerignore`), excluded folders not entered unless an exception names
   * something inside, the Dockerfile and the ignore file always kept. Nothing is opened.
   */
  static async scan(root: string, dockerfile: string, options: ContextOptions = {}): Promise<BuildContext> {
    const scanned = await scanContext(root, dockerfile, { exclude: options.exclude ?? [], ...(options.signal ? { signal: options.signal } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    return new BuildContext(scanned, options);
  }

  get root(): string { return this.scanned.root; }
  /** The Dockerfile's path inside the sent context (a generated name when it lives outside). */
  get dockerfile(): string { return this.scanned.dockerfile; }
  get args(): Record<string, string> { return this.options.args ?? {}; }
  get entries(): readonly ContextEntry[] { return this.scanned.entries; }
  get files(): number { return this.scanned.files; }
  /** Bytes of file contents (each hard-linked file once). */
  get bytes(): number { return this.scanned.bytes; }
  /** Bytes under each top-level name, for the hint about what .dockerignore should leave out. */
  get topLevelBytes(): Readonly<Record<string, number>> { return this.scanned.topLevelBytes; }
  /** Entries left out with the reason: sockets, FIFOs, devices, the harness's own outputs. */
  get skipped(): ReadonlyArray<{ path: string; reason: string }> { return this.scanned.skipped; }
  /** The ignore file that was applied, relative to the root, if any. */
  get ignoreFile(): string | undefined { return this.scanned.ignoreFile; }

  /**
   * The content key: two contexts with the same key produce the same tar, so it can name the image.
   * Computed once. File digests are remembered between runs by device, inode, size, mode, mtime and
   * ctime, and reused only when all are unchanged and the file had settled when it was read: `cp -p`,
   * `touch -r` or an unpacked archive restore an mtime, never a ctime.
   */
  key(): Promise<string> {
    this.keyed ??= this.computeKey();
    return this.keyed;
  }

  /**
   * The context as a tar, one entry at a time with backpressure, hashing what it sends. A file that
   * shrinks while read is padded, one that grows is cut at its header's size (tar cannot do otherwise),
   * and both are reported in `done`'s `changed`.
   */
  pack(): PackedContext {
    return streamPass(new Pass(this.scanned, this.args, this.options.signal, (p) => this.options.onProgress?.({ ...p, stage: 'send' }), true));
  }

  private async computeKey(): Promise<string> {
    const memo = await DigestMemo.load(this.options.cacheDir ?? defaultCacheDir(), this.scanned.root);
    const pass = new Pass(this.scanned, this.args, this.options.signal, (p) => this.options.onProgress?.({ ...p, stage: 'hash' }));
    for await (const chunk of pass.entries(memo)) void chunk;
    await memo?.save();
    return pass.key();
  }
}

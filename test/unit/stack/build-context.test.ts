import { execFileSync } from 'node:child_process';
import { chmodSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Parser, type ReadEntry } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildContext } from '../../../src/stack/image/build-context.js';

interface TarEntry { path: string; type: string; size: number; mode: number; linkpath?: string; content: string }

const roots: string[] = [];
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'enid-context-'));
  roots.push(root);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  }
  return root;
}
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** The tar as the engine would read it, parsed by node-tar's reader (not by the code under test). */
async function untar(stream: Readable, onFirstChunk?: () => void): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  const parser = new Parser({
    onReadEntry: (e: ReadEntry) => {
      const chunks: Buffer[] = [];
      e.on('data', (c: Buffer) => chunks.push(c));
      e.on('end', () => entries.push({ path: e.path, type: e.type, size: e.size ?? 0, mode: e.mode ?? 0, ...(e.linkpath ? { linkpath: e.linkpath } : {}), content: Buffer.concat(chunks).toString() }));
    },
  });
  const ended = new Promise((resolve) => parser.on('end', resolve));
  let first = true;
  for await (const chunk of stream) {
    parser.write(chunk as Buffer);
    if (first) onFirstChunk?.();
    first = false;
  }
  parser.end();
  await ended;
  return entries;
}

async function sent(ctx: BuildContext): Promise<{ entries: TarEntry[]; key: string; changed: string[] }> {
  const packed = ctx.pack();
  const entries = await untar(packed.stream);
  return { entries, ...(await packed.done) };
}

const paths = (entries: TarEntry[]): string[] => entries.map((e) => e.path);

describe('the build context sent to the engine', () => {
  it('applies .dockerignore as Docker does: negations, pruned folders, the Dockerfile and .dockerignore kept', async () => {
    const root = tree({
      '.dockerignore': ['Dockerfile', '.dockerignore', 'docs', '!docs/keep', '*.log', '!important.log', 'vendor', '!**/keep.txt', 'node_modules', '# a comment', ''].join('\n'),
      Dockerfile: 'FROM scratch\n',
      'app.py': 'print(1)\n',
      'docs/a.md': 'a', 'docs/keep/b.md': 'b',
      'x.log': 'x', 'important.log': 'i',
      // Docker enters an excluded folder only when an exception pattern starts with it: `!**/keep.txt`
      // does not, so vendor/keep.txt stays out (docker build sends it neither).
      'vendor/keep.txt': 'k', 'vendor/lib.py': 'l',
      // Only the root .dockerignore counts; a nested one is a plain file.
      'sub/.dockerignore': '*\n', 'sub/c.py': 'c',
      'node_modules/big.js': 'x'.repeat(1000),
    });
    const ctx = await BuildContext.scan(root, 'Dockerfile');
    const { entries } = await sent(ctx);
    expect(paths(entries).sort()).toEqual(['.dockerignore', 'Dockerfile', 'app.py', 'docs/keep/', 'docs/keep/b.md', 'important.log', 'sub/', 'sub/.dockerignore', 'sub/c.py']);
    expect(entries.find((e) => e.path === 'app.py')).toMatchObject({ type: 'File', size: 9, content: 'print(1)\n' });
    expect(ctx.ignoreFile).toBe('.dockerignore');
    expect(ctx.files).toBe(7);
  });

  it('prefers BuildKit\'s <Dockerfile>.dockerignore beside the Dockerfile', async () => {
    const root = tree({ '.dockerignore': 'a.txt\n', 'docker/app.Dockerfile': 'FROM scratch\n', 'docker/app.Dockerfile.dockerignore': 'b.txt\n', 'a.txt': 'a', 'b.txt': 'b' });
    const ctx = await BuildContext.scan(root, 'docker/app.Dockerfile');
    expect(ctx.ignoreFile).toBe('docker/app.Dockerfile.dockerignore');
    expect(ctx.entries.map((e) => e.path)).toContain('a.txt');
    expect(ctx.entries.map((e) => e.path)).not.toContain('b.txt');
  });

  it('never sends the harness\'s own reports and logs, whatever .dockerignore says', async () => {
    const root = tree({ '.dockerignore': '!enid-reports\n', Dockerfile: 'FROM scratch\n', 'enid-reports/report.json': '{}', 'out/logs/build.log': 'log', 'out/other.txt': 'o', 'app.py': '' });
    const ctx = await BuildContext.scan(root, 'Dockerfile', { exclude: [path.join(root, 'enid-reports'), path.join(root, 'out/logs'), root, path.dirname(root)] });
    const { entries } = await sent(ctx);
    // The context itself and folders above it are never excluded, or nothing would be sent.
    expect(paths(entries).sort()).toEqual(['.dockerignore', 'Dockerfile', 'app.py', 'out/', 'out/other.txt']);
    expect(ctx.skipped.map((s) => s.path).sort()).toEqual(['enid-reports', 'out/logs']);
  });

  describe('file kinds', () => {
    let root: string;
    let server: Server;
    beforeAll(async () => {
      root = tree({ Dockerfile: 'FROM scratch\n', 'bin/tool': '#!/bin/sh\n', 'data/big.bin': 'B'.repeat(5000), 'ignored/x': 'x' });
      chmodSync(path.join(root, 'bin/tool'), 0o755);
      symlinkSync('../bin/tool', path.join(root, 'data/tool-link'));
      symlinkSync('bin', path.join(root, 'bin-dir-link'));
      symlinkSync('nowhere', path.join(root, 'dangling'));
      symlinkSync('loop', path.join(root, 'loop'));
      linkSync(path.join(root, 'data/big.bin'), path.join(root, 'data/same.bin'));
      execFileSync('mkfifo', [path.join(root, 'data/pipe')]);
      execFileSync('mkfifo', [path.join(root, 'ignored/pipe')]);
      server = createServer();
      await new Promise<void>((resolve) => server.listen(path.join(root, 'data/app.sock'), resolve));
      writeFileSync(path.join(root, '.dockerignore'), 'ignored\n');
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('sends symlinks as symlinks and hard links as links; skips FIFOs and sockets with a note; never blocks', async () => {
      const ctx = await BuildContext.scan(root, 'Dockerfile');
      const { entries } = await sent(ctx);
      const byPath = Object.fromEntries(entries.map((e) => [e.path, e]));
      expect(byPath['data/tool-link']).toMatchObject({ type: 'SymbolicLink', linkpath: '../bin/tool' });
      expect(byPath['bin-dir-link']).toMatchObject({ type: 'SymbolicLink', linkpath: 'bin' });
      expect(byPath.dangling).toMatchObject({ type: 'SymbolicLink', linkpath: 'nowhere' });
      expect(byPath.loop).toMatchObject({ type: 'SymbolicLink', linkpath: 'loop' });
      expect(byPath['data/big.bin']).toMatchObject({ type: 'File', size: 5000 });
      // The second name of a hard-linked file costs a header, not its bytes again.
      expect(byPath['data/same.bin']).toMatchObject({ type: 'Link', linkpath: 'data/big.bin', size: 0 });
      expect(byPath['bin/tool']!.mode & 0o777).toBe(0o755);
      expect(paths(entries)).not.toContain('data/pipe');
      expect(paths(entries)).not.toContain('data/app.sock');
      // An ignored folder is not even entered: its FIFO is not noted.
      expect(ctx.skipped).toEqual([{ path: 'data/app.sock', reason: 'socket' }, { path: 'data/pipe', reason: 'FIFO' }]);
      expect(ctx.bytes).toBe(5000 + 10 + 13 + 'ignored\n'.length);
    });

    it('does not block on a FIFO that replaced a file after the scan', async () => {
      const local = tree({ Dockerfile: 'FROM scratch\n', 'a.txt': 'a' });
      const ctx = await BuildContext.scan(local, 'Dockerfile');
      unlinkSync(path.join(local, 'a.txt'));
      execFileSync('mkfifo', [path.join(local, 'a.txt')]);
      const { entries, changed } = await sent(ctx);
      expect(paths(entries)).toEqual(['Dockerfile']);
      expect(changed).toEqual(['a.txt vanished or stopped being a file while read']);
    });

    it('sends a hard link as a file when its first name is ignored', async () => {
      writeFileSync(path.join(root, '.dockerignore'), 'ignored\ndata/big.bin\n');
      try {
        const { entries } = await sent(await BuildContext.scan(root, 'Dockerfile'));
        expect(entries.find((e) => e.path === 'data/same.bin')).toMatchObject({ type: 'File', size: 5000 });
      } finally {
        writeFileSync(path.join(root, '.dockerignore'), 'ignored\n');
      }
    });
  });

  it('pads a file that shrinks while it is sent to the size its header gave, and the sent key tells', async () => {
    const root = tree({ Dockerfile: 'FROM scratch\n', 'big.bin': 'x'.repeat(3 << 20) });
    const ctx = await BuildContext.scan(root, 'Dockerfile', { cacheDir: false });
    const before = await ctx.key();
    const packed = ctx.pack();
    const entries = await untar(packed.stream, () => truncateSync(path.join(root, 'big.bin'), 10));
    const done = await packed.done;
    expect(entries.find((e) => e.path === 'big.bin')).toMatchObject({ type: 'File', size: 3 << 20 });
    expect(done.changed).toEqual(['big.bin shrank while read; padded']);
    expect(done.key).not.toBe(before);
  });

  it('keeps very deep and long paths (PAX headers) and wide folders', async () => {
    const deep = Array.from({ length: 60 }, (_, i) => `level-${i}`).join('/');
    const files: Record<string, string> = { Dockerfile: 'FROM scratch\n', [`${deep}/leaf.txt`]: 'leaf' };
    for (let i = 0; i < 1000; i++) files[`wide/f-${String(i).padStart(4, '0')}.txt`] = String(i);
    const root = tree(files);
    const { entries } = await sent(await BuildContext.scan(root, 'Dockerfile'));
    expect(entries.find((e) => e.path === `${deep}/leaf.txt`)).toMatchObject({ content: 'leaf' });
    expect(entries.filter((e) => e.path.startsWith('wide/f-'))).toHaveLength(1000);
  });

  it('carries a Dockerfile from outside the context under a generated name', async () => {
    const parent = tree({ 'Dockerfile.shared': 'FROM scratch\n', 'svc/app.py': '' });
    const ctx = await BuildContext.scan(path.join(parent, 'svc'), '../Dockerfile.shared');
    expect(ctx.dockerfile).toMatch(/^\.dockerfile\.[0-9a-f]{12}$/);
    const { entries } = await sent(ctx);
    expect(entries.find((e) => e.path === ctx.dockerfile)).toMatchObject({ content: 'FROM scratch\n' });
  });

  // Root reads everything, so only an unprivileged user can see the refusal.
  it.skipIf(process.getuid?.() === 0)('fails with exit 3 naming a folder it cannot read, unless .dockerignore keeps it out', async () => {
    const root = tree({ Dockerfile: 'FROM scratch\n', 'pgdata/PG_VERSION': '16' });
    chmodSync(path.join(root, 'pgdata'), 0o000);
    try {
      await expect(BuildContext.scan(root, 'Dockerfile')).rejects.toMatchObject({ code: 'ENID_BUILD_CONTEXT', exitCode: 3 });
      writeFileSync(path.join(root, '.dockerignore'), 'pgdata\n');
      await expect(BuildContext.scan(root, 'Dockerfile')).resolves.toMatchObject({ files: 2 });
    } finally {
      chmodSync(path.join(root, 'pgdata'), 0o755);
    }
  });
});

describe('the content key', () => {
  it('follows contents, modes, names and build args, not mtimes; the hash pass and the send agree', async () => {
    const root = tree({ Dockerfile: 'FROM scratch\n', 'entrypoint.sh': 'echo hi\n' });
    const key = async (args: Record<string, string> = {}): Promise<string> => (await BuildContext.scan(root, 'Dockerfile', { args, cacheDir: false })).key();
    const first = await key();
    expect(await key()).toBe(first);
    expect((await sent(await BuildContext.scan(root, 'Dockerfile'))).key).toBe(first);
    utimesSync(path.join(root, 'entrypoint.sh'), new Date(2000, 1, 1), new Date(2000, 1, 1));
    expect(await key()).toBe(first);
    expect(await key({ PYTHON_VERSION: 'python:3.13' })).not.toBe(first);
    chmodSync(path.join(root, 'entrypoint.sh'), 0o755);
    const executable = await key();
    expect(executable).not.toBe(first);
    writeFileSync(path.join(root, 'entrypoint.sh'), 'echo ho\n');
    expect(await key()).not.toBe(executable);
  });

  it('reuses remembered digests only for settled files, and a same-size edit with its mtime restored still counts', async () => {
    const root = tree({ Dockerfile: 'FROM scratch\n', 'settings.py': 'DEBUG = 0\n' });
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'enid-memo-'));
    roots.push(cacheDir);
    // Memos of 70 older contexts (temp copies of services): only the newest 64 are kept.
    mkdirSync(path.join(cacheDir, 'context-digests'));
    for (let i = 0; i < 70; i++) {
      const old = path.join(cacheDir, 'context-digests', `old-${i}.json`);
      writeFileSync(old, '{}');
      utimesSync(old, new Date(2020, 0, 1 + i), new Date(2020, 0, 1 + i));
    }
    const read = async (): Promise<{ key: string; bytes: number }> => {
      let bytes = 0;
      const key = await (await BuildContext.scan(root, 'Dockerfile', { cacheDir, onProgress: (p) => { if (p.stage === 'hash') bytes = p.bytes; } })).key();
      return { key, bytes };
    };
    const total = 'FROM scratch\n'.length + 'DEBUG = 0\n'.length;
    // Files written a moment ago may still change within their timestamp tick: read them every time.
    expect((await read()).bytes).toBe(total);
    expect((await read()).bytes).toBe(total);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const settled = await read();
    expect(settled.bytes).toBe(total);
    expect(await read()).toEqual({ key: settled.key, bytes: 0 });
    const memos = readdirSync(path.join(cacheDir, 'context-digests'));
    expect(memos).toHaveLength(64);
    expect(memos.filter((f) => !f.startsWith('old-'))).toHaveLength(1);
    expect(memos).not.toContain('old-0.json');
    // Same size, mtime put back as `cp -p` or an unpacked archive would: ctime still moved.
    const file = path.join(root, 'settings.py');
    const { atime, mtime } = statSync(file);
    writeFileSync(file, 'DEBUG = 1\n');
    utimesSync(file, atime, mtime);
    const edited = await read();
    expect(edited.key).not.toBe(settled.key);
    expect(edited.bytes).toBe('DEBUG = 1\n'.length);
    expect(readFileSync(file, 'utf8')).toBe('DEBUG = 1\n');
  });
});

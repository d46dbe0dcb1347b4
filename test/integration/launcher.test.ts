import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixture, ROOT, tempDir } from './helpers.js';

// The bin as npm installs it on Linux: an executable dist/src/cli/main.js behind a symlink in .bin,
// started through its shebang, never as `node main.js`. `doctor` loads the whole CLI (testcontainers,
// the engine client), which without the shebang's flag grows V8's young generation to 64 MB.
describe('the enid-test bin', () => {
  it('runs node with the young generation capped and the heap sized for memory (--max-semi-space-size=1 --optimize-for-size)', async () => {
    const main = path.join(ROOT, 'dist/src/cli/main.js');
    chmodSync(main, 0o755);
    const bin = path.join(tempDir('launcher'), '.bin');
    mkdirSync(bin);
    symlinkSync(main, path.join(bin, 'enid-test'));
    // `env node` finds the node running the tests first, as a user's PATH finds theirs.
    const PATH = [path.dirname(process.execPath), process.env.PATH].join(path.delimiter);
    const { stderr } = await promisify(execFile)(path.join(bin, 'enid-test'), ['doctor', fixture('notes-redis')], {
      env: { ...process.env, PATH, DEBUG: 'enid:memory', NO_COLOR: '1' },
      timeout: 120_000,
    }).catch((err: { stderr?: string; stdout?: string }) => ({ stderr: `${err.stderr ?? ''}${err.stdout ?? ''}` }));
    const line = /enid:memory execArgv=(\[.*?\]) peakRssMb=(\d+) newSpaceMb=(\d+)/.exec(stderr);
    expect(line, stderr.slice(-1500)).not.toBeNull();
    expect(JSON.parse(line![1]!)).toEqual(expect.arrayContaining(['--max-semi-space-size=1', '--optimize-for-size']));
    // Two semi-spaces of 1 MB: the cap is in force, not only on the command line (64 MB without it).
    expect(Number(line![3])).toBeLessThanOrEqual(2);
  });
});

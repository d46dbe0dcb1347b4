import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { totals } from '../../src/report/merge.js';
import { fixture, readReport, runCli, tempDir } from './helpers.js';

describe('--shard and merge-reports', () => {
  it('shards 1/2 and 2/2 cover every flow exactly once, and merging them gives the unsharded totals', async () => {
    const base = tempDir('shards');
    const dirs = { all: path.join(base, 'all'), s1: path.join(base, 's1'), s2: path.join(base, 's2'), merged: path.join(base, 'merged') };
    const common = [fixture('library-pg'), '--rows', '4', '--no-coverage'];
    const [all, s1, s2] = await Promise.all([
      runCli(['run', '--no-database', ...common, '--reports', dirs.all]),
      runCli(['run', '--no-database', ...common, '--reports', dirs.s1, '--shard', '1/2']),
      runCli(['run', '--no-database', ...common, '--reports', dirs.s2, '--shard', '2/2']),
    ]);
    expect([all.code, s1.code, s2.code], all.stdout + s1.stdout + s2.stdout).toEqual([0, 0, 0]);
    const [rAll, r1, r2] = [readReport(dirs.all), readReport(dirs.s1), readReport(dirs.s2)];
    expect(r1.flows.length).toBeGreaterThan(0);
    expect(r2.flows.length).toBeGreaterThan(0);
    const names = [...r1.flows, ...r2.flows].map((f) => f.name).sort();
    expect(names).toEqual(rAll.flows.map((f) => f.name).sort());
    expect(new Set(names).size).toBe(names.length);

    const merge = await runCli(['merge-reports', '--reports', dirs.merged, dirs.s1, dirs.s2]);
    expect(merge.code, merge.stdout + merge.stderr).toBe(0);
    const merged = readReport(dirs.merged);
    expect(totals(merged)).toEqual(totals(rAll));
    expect(merged.shard).toBeUndefined();
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/discover/load-config.js';

const dirs: string[] = [];
function serviceDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'enid-load-config-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('no config file is an empty config', async () => {
    expect(await loadConfig(serviceDir({}))).toEqual({ config: {} });
  });

  it('returns a valid JSON config with the file it came from', async () => {
    const dir = serviceDir({ 'enid.config.json': JSON.stringify({ seed: { rows: 5 }, coverage: { minCoverage: 90.5 } }) });
    expect(await loadConfig(dir)).toEqual({ config: { seed: { rows: 5 }, coverage: { minCoverage: 90.5 } }, file: path.join(dir, 'enid.config.json') });
  });

  it('a bad key is exit 2 naming the file, the key path and how many more problems there are', async () => {
    const dir = serviceDir({ 'enid.config.json': JSON.stringify({ seed: { rowz: 5 }, coverage: { minCoverage: 8000 } }) });
    const file = path.join(dir, 'enid.config.json');
    await expect(loadConfig(dir)).rejects.toMatchObject({
      code: 'ENID_BAD_INPUT',
      exitCode: 2,
      message: `${file}: config.seed.rowz is not a known key (known: rows, seed, concurrency, createTestData, skip) (and 1 more)`,
    });
  });

  it('an out-of-range value in a TypeScript config is exit 2 as well', async () => {
    const dir = serviceDir({ 'enid.config.mjs': 'export default { timing: { minSpeedup: 1 } };\n' });
    await expect(loadConfig(dir)).rejects.toMatchObject({
      exitCode: 2,
      message: `${path.join(dir, 'enid.config.mjs')}: config.timing.minSpeedup must be greater than 1 (warm responses that many times faster than cold ones)`,
    });
  });

  it('a file that does not parse is exit 2 naming the file', async () => {
    const dir = serviceDir({ 'enid.config.json': '{ "seed": ' });
    await expect(loadConfig(dir)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/enid\.config\.json: cannot be loaded: /) });
  });
});

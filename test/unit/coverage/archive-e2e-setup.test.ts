import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { c as createTar } from 'tar';
import { describe, expect, it } from 'vitest';
import { readTarFiles } from '../../../src/coverage/archive.js';
import { e2eCoverageSetup } from '../../../src/coverage/e2e-setup.js';

describe('readTarFiles', () => {
  it('returns the regular files of an archive with its top directory stripped', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'enid-tar-'));
    mkdirSync(path.join(root, 'out', 'unit'), { recursive: true });
    writeFileSync(path.join(root, 'out', 'cobertura.xml'), '<coverage/>');
    writeFileSync(path.join(root, 'out', 'unit', 'coverage.json'), '{"a":1}');
    const files = await readTarFiles(createTar({ cwd: root }, ['out']) as unknown as NodeJS.ReadableStream);
    expect([...files.keys()].sort()).toEqual(['cobertura.xml', 'unit/coverage.json']);
    expect(files.get('unit/coverage.json')!.toString()).toBe('{"a":1}');
  });

  it('rejects on an archive cut short', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'enid-tar-'));
    mkdirSync(path.join(root, 'out'));
    writeFileSync(path.join(root, 'out', 'big.json'), 'x'.repeat(5000));
    const chunks: Buffer[] = [];
    for await (const c of createTar({ cwd: root }, ['out']) as unknown as AsyncIterable<Buffer>) chunks.push(c);
    const { Readable } = await import('node:stream');
    await expect(readTarFiles(Readable.from([Buffer.concat(chunks).subarray(0, 2048)]))).rejects.toThrow();
  });

  it('rejects on a stream that is not a tar archive', async () => {
    const { Readable } = await import('node:stream');
    await expect(readTarFiles(Readable.from([Buffer.alloc(1024, 7)]))).rejects.toThrow();
  });
});

describe('e2eCoverageSetup', () => {
  it('puts the sitecustomize first on PYTHONPATH and keeps the service\'s own entries', () => {
    const setup = e2eCoverageSetup({ env: { PYTHONPATH: '/app/lib' }, workdir: '/srv' });
    expect(setup.env).toEqual({ PYTHONPATH: '/tmp/enid/py:/app/lib', ENID_E2E_COVERAGE_DIR: '/tmp/enid-e2e', ENID_E2E_COVERAGE_SOURCE: '/srv' });
    expect(setup.files.map((f) => f.target)).toEqual(['/tmp/enid/py/sitecustomize.py']);
    expect(setup.files[0]!.content).toMatch(/def _enid_e2e_coverage/);
    expect(e2eCoverageSetup({ env: {}, workdir: '/app' }).env.PYTHONPATH).toBe('/tmp/enid/py');
  });
});

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pythonDir } from '../../../src/python/scripts.js';

/**
 * The unit tests of the pure Python parts (python/tests/, stdlib unittest) on the host's python3, which
 * has no Django: the probe's helpers, the URL walk and the rows script's COPY text import without it.
 */
describe('the Python unit tests (python/tests)', () => {
  it('pass', () => {
    const res = spawnSync('python3', ['-m', 'unittest', 'discover', '--start-directory', 'tests', '--top-level-directory', '.'], {
      cwd: pythonDir(), encoding: 'utf8', timeout: 60_000,
      // No .pyc files next to the sources: python/ is shipped as it is.
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    expect(res.error, 'python3 is needed to run the Python unit tests').toBeUndefined();
    const ran = /^Ran (\d+) tests? in/m.exec(res.stderr);
    const skipped = /skipped=(\d+)/.exec(res.stderr)?.[1] ?? '0';
    console.log(`python: ${ran?.[1] ?? 0} unit tests in python/tests ran (${skipped} skipped) with ${spawnSync('python3', ['--version'], { encoding: 'utf8' }).stdout.trim()}`);
    expect(res.status, res.stderr).toBe(0);
    expect(Number(ran?.[1])).toBeGreaterThan(0);
  }, 60_000);
});

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PYTHON_SCRIPTS, pythonDir, pythonSource } from '../../../src/python/scripts.js';

/**
 * The Python the harness runs in containers is checked as Python: every file in python/ (the shipped
 * scripts and their tests) parses with the oldest grammar they support (3.8) and passes pyflakes
 * (Debian's pyflakes3). Without pyflakes the lint fails in CI (`CI` set) and is skipped elsewhere.
 */
const dir = pythonDir();
const shipped = readdirSync(dir).filter((f) => f.endsWith('.py')).sort();
const tests = readdirSync(path.join(dir, 'tests')).filter((f) => f.endsWith('.py')).map((f) => path.join('tests', f)).sort();
const files = [...shipped, ...tests];
const sources = new Map(files.map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
// Counted as Python's splitlines() counts them (a last line without its newline counts too).
const lineCount = (names: string[]): number => names.map((f) => sources.get(f)!).reduce((n, s) => n + (s === '' ? 0 : s.split('\n').length - (s.endsWith('\n') ? 1 : 0)), 0);
const lines = lineCount(files);
const counted = `${lines} lines (${lineCount(shipped)} in ${shipped.length} shipped files, ${lineCount(tests)} in ${tests.length} test files)`;
// No .pyc files next to the sources: python/ is shipped as it is.
const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };

interface Run { status: number | null; stdout: string; stderr: string; error?: Error }
// Each spawn may take seconds on a busy machine: the tests that spawn get a minute (vitest's default is 5 s).
const run = (argv: string[]): Run => spawnSync(argv[0]!, argv.slice(1), { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });

/** The first pyflakes that answers: `python3 -m pyflakes` (the Debian package's module), else its `pyflakes3` command. */
function findPyflakes(): { argv: string[]; version: string } | undefined {
  for (const argv of [['python3', '-m', 'pyflakes'], ['pyflakes3']]) {
    const res = run([...argv, '--version']);
    if (res.status === 0) return { argv, version: res.stdout.trim().split(' ')[0] ?? '?' };
  }
  return undefined;
}

const pyflakes = findPyflakes();
const inCi = Boolean(process.env.CI);
if (!pyflakes && !inCi) console.warn('python-sources: pyflakes not found (apt-get install pyflakes3): the lint of python/ is skipped here; in CI it fails');

describe('the Python in python/', () => {
  it('is every script the loader names, and the loader reads each one as the file holds it', () => {
    expect(shipped).toEqual(PYTHON_SCRIPTS.map((name) => `${name}.py`).sort());
    for (const name of PYTHON_SCRIPTS) expect(pythonSource(name)).toBe(sources.get(`${name}.py`));
  });

  it('is shipped in the package, without its tests', () => {
    // What `npm pack` would put in the tarball (package.json `files`), without running the build.
    const res = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: path.resolve(dir, '..'), encoding: 'utf8', timeout: 60_000 });
    expect(res.status, res.stderr).toBe(0);
    const packed = (JSON.parse(res.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path).filter((f) => f.startsWith('python/'));
    expect(packed.sort()).toEqual(shipped.map((f) => `python/${f}`));
  }, 60_000);

  it('parses with the Python 3.8 grammar (ast.parse feature_version)', () => {
    const res = run(['python3', 'tests/parse_all.py', ...files]);
    expect(res.error, 'python3 is needed to check the Python the harness ships').toBeUndefined();
    expect(res.status, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as { files: number; lines: number; errors: string[] };
    console.log(`python: ${counted} parsed with the Python 3.8 grammar${out.errors.length ? `; ${out.errors.length} error(s):\n${out.errors.join('\n')}` : ''}`);
    expect(out.errors).toEqual([]);
    expect(out).toMatchObject({ files: files.length, lines });
  }, 60_000);

  it('avoids library calls newer than Python 3.8, which the grammar cannot see', () => {
    for (const [file, source] of sources) {
      for (const newer of ['.removeprefix(', '.removesuffix(', 'functools.cache(', 'zip(strict', 'math.prod(', 'import zoneinfo', 'import graphlib']) {
        expect(source, `${file} uses ${newer}`).not.toContain(newer);
      }
    }
  });

  it.runIf(pyflakes || inCi)('passes pyflakes', () => {
    expect(pyflakes, 'pyflakes is missing: apt-get install pyflakes3 (.ci/run installs it)').toBeDefined();
    const res = run([...pyflakes!.argv, ...files]);
    console.log(`python: ${counted} linted with pyflakes ${pyflakes!.version}${res.stdout.trim() ? `:\n${res.stdout.trim()}` : ', no findings'}`);
    expect(res.stdout.trim()).toBe('');
    expect(res.status, res.stderr).toBe(0);
  }, 60_000);
});


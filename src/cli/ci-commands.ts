import type { Ignore } from '@balena/dockerignore';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { EnidError } from '../errors.js';
import { createReporters } from '../report/index.js';
import { packageRoot } from '../package-root.js';
import { mergeReports } from '../report/merge.js';
import type { RunReport } from '../types.js';
import { ExitCode } from '../exit-codes.js';

type Out = (line: string) => void;

const TEMPLATES_DIR = path.join(packageRoot(), 'templates/ci');
const INIT_TEMPLATES_DIR = path.join(packageRoot(), 'templates/init');
// CommonJS whose typings claim an ES default export; require() gives the factory itself.
const dockerignore = createRequire(import.meta.url)('@balena/dockerignore') as (options?: { ignorecase?: boolean }) => Ignore;

/** CI job templates: where `init-ci` writes each one in a service repository. */
export const CI_TEMPLATES = {
  github: { file: 'github-actions.yml', target: '.github/workflows/enid-test.yml' },
  gitlab: { file: 'gitlab-ci.yml', target: '.gitlab-ci.yml' },
} as const;

export function templatePath(kind: keyof typeof CI_TEMPLATES): string {
  return path.join(TEMPLATES_DIR, CI_TEMPLATES[kind].file);
}

function usage(message: string, command: string): EnidError {
  return new EnidError(message, { code: 'ENID_USAGE', exitCode: ExitCode.BadInput, phase: 'cli', hint: `see \`enid-test ${command} --help\`` });
}

export async function initCiCommand(argv: string[], out: Out): Promise<number> {
  const [kind = 'github', dir = '.', ...extra] = argv;
  if (extra.length) throw usage(`unexpected argument ${extra[0]}`, 'init-ci');
  if (!(kind in CI_TEMPLATES)) throw usage(`unknown CI system "${kind}" (github or gitlab)`, 'init-ci');
  const template = CI_TEMPLATES[kind as keyof typeof CI_TEMPLATES];
  const target = path.resolve(dir, template.target);
  if (existsSync(target)) {
    throw new EnidError(`${target} already exists; nothing was written`, {
      code: 'ENID_EXISTS', exitCode: ExitCode.BadInput, phase: 'cli',
      hint: `merge the job from ${templatePath(kind as keyof typeof CI_TEMPLATES)} into it by hand`,
    });
  }
  mkdirSync(path.dirname(target), { recursive: true });
  await writeFile(target, readFileSync(templatePath(kind as keyof typeof CI_TEMPLATES)), { flag: 'wx' });
  out(`wrote ${target}`);
  return ExitCode.Ok;
}

/**
 * The vitest files `init` writes, from templates/init, relative to the service directory. The config
 * is `.mts`: a service repo's package.json (often created by `npm install`) has no "type": "module",
 * and vite warns on every run about ESM syntax in a `.ts` config it loads as CommonJS.
 */
export const INIT_FILES = [
  { template: 'vitest.config.mts.tmpl', target: 'vitest.config.mts', what: 'the enid-test/vitest globalSetup: `npx vitest run` boots the stack itself' },
  { template: 'health.test.ts.tmpl', target: 'e2e/health.test.ts', what: 'an example suite: healthSuite(), and a crudSuite line to fill in' },
] as const;

const VITEST_CONFIGS = ['vitest.config', 'vite.config', 'vitest.workspace'].flatMap((n) => ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'].map((e) => n + e));

/**
 * `enid-test init [SERVICE_DIR] [--ci github|gitlab|none] [--reports DIR]`: sets a service repository
 * up for enid-test. Writes `vitest.config.mts` (globalSetup `enid-test/vitest`), `e2e/health.test.ts`
 * and the CI job of `init-ci` (GitLab when the repo already has `.gitlab-ci.yml` and no `.github/`),
 * never over an existing file; then makes sure `.dockerignore` keeps `node_modules` and the reports dir
 * out of the image (creating it, or appending to it: the only change init makes to an existing file).
 * Prints each file it wrote and each it left, and why. Exit 0 unless the arguments are wrong.
 */
export async function initCommand(argv: string[], out: Out): Promise<number> {
  const { dir, ci, reports } = parseInitArgs(argv);
  const root = path.resolve(dir);
  if (!existsSync(root)) throw usage(`${root} does not exist`, 'init');
  const rel = (p: string): string => path.relative(root, p) || '.';
  const own = VITEST_CONFIGS.find((f) => existsSync(path.join(root, f)));
  for (const file of INIT_FILES) {
    const target = path.join(root, file.target);
    if (file.target === 'vitest.config.mts' && own) {
      out(`left ${own} as it was: add globalSetup: ['enid-test/vitest'] to its test options (see ${path.join(INIT_TEMPLATES_DIR, file.template)})`);
    } else if (await writeNew(target, readFileSync(path.join(INIT_TEMPLATES_DIR, file.template)))) {
      out(`wrote ${rel(target)} (${file.what})`);
    } else {
      out(`left ${rel(target)} as it was`);
    }
  }
  const kind = ci === 'auto' ? (existsSync(path.join(root, '.gitlab-ci.yml')) && !existsSync(path.join(root, '.github')) ? 'gitlab' : 'github') : ci;
  if (kind !== 'none') {
    const target = path.join(root, CI_TEMPLATES[kind].target);
    if (await writeNew(target, readFileSync(templatePath(kind)))) out(`wrote ${rel(target)} (the CI job, as \`enid-test init-ci ${kind}\` writes it)`);
    else out(`left ${rel(target)} as it was: merge the job from ${templatePath(kind)} into it by hand`);
  }
  out(ensureDockerignore(root, ['node_modules', reports]));
  out('next: npx enid-test run .   (everything: flows, e2e suites, timing, coverage, reports in enid-reports/)');
  out('      npx vitest run        (the e2e suites alone, against a stack the globalSetup boots)');
  return ExitCode.Ok;
}

function parseInitArgs(argv: string[]): { dir: string; ci: keyof typeof CI_TEMPLATES | 'none' | 'auto'; reports: string } {
  let dir: string | undefined;
  let ci: string = 'auto';
  let reports = 'enid-reports';
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (!v) throw usage(`${flag} needs a value`, 'init');
      return v;
    };
    if (flag === '--ci') ci = value();
    else if (flag === '--reports') reports = value();
    else if (flag.startsWith('-')) throw usage(`unknown option ${flag}`, 'init');
    else if (dir === undefined) dir = argv[i]!;
    else throw usage(`unexpected argument ${argv[i]}`, 'init');
  }
  if (ci !== 'auto' && ci !== 'none' && !(ci in CI_TEMPLATES)) throw usage(`unknown CI system "${ci}" (github, gitlab or none)`, 'init');
  const entry = reports.split(path.sep).join('/').replace(/^\.\/+/, '').replace(/\/+$/, '');
  if (!entry || entry === '..' || entry.startsWith('../') || path.isAbsolute(reports)) throw usage(`--reports ${reports}: give a folder inside the service directory`, 'init');
  return { dir: dir ?? '.', ci: ci as keyof typeof CI_TEMPLATES | 'none' | 'auto', reports: entry };
}

/** Creates `target` (and its folder) unless something is there already; false when it was left. */
async function writeNew(target: string, content: Buffer): Promise<boolean> {
  if (existsSync(target)) return false;
  mkdirSync(path.dirname(target), { recursive: true });
  try {
    await writeFile(target, content, { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/**
 * Adds to .dockerignore the folders it does not already keep out (judged as Docker matches them, so
 * `**\/node_modules` or `/node_modules/` count). Appending is the one change init makes to a file the
 * user had; the line printed says so.
 */
function ensureDockerignore(root: string, folders: string[]): string {
  const file = path.join(root, '.dockerignore');
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const matcher = dockerignore({ ignorecase: false }).add(existing ?? '');
  const missing = [...new Set(folders)].filter((f) => !matcher.ignores(f) || !matcher.ignores(`${f}/x`));
  if (!missing.length) return `left .dockerignore as it was: it already keeps ${folders.join(' and ')} out of the image`;
  const block = `# Never part of the service image (added by enid-test init):\n${missing.join('\n')}\n`;
  if (existing === undefined) {
    appendFileSync(file, block, { flag: 'wx' });
    return `wrote .dockerignore (${missing.join(', ')}: kept out of the image, so the build context stays small)`;
  }
  appendFileSync(file, `${existing === '' || existing.endsWith('\n') ? '' : '\n'}${block}`);
  return `appended ${missing.join(', ')} to .dockerignore — the only change init makes to a file you already had (keeps ${missing.length > 1 ? 'them' : 'it'} out of the image and of every build's context)`;
}

export async function mergeReportsCommand(argv: string[], out: Out): Promise<number> {
  let outDir = 'enid-reports';
  const dirs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--reports') outDir = argv[++i] ?? usageValue();
    else if (argv[i]!.startsWith('-')) throw usage(`unknown option ${argv[i]}`, 'merge-reports');
    else dirs.push(argv[i]!);
  }
  if (!dirs.length) throw usage('no report directories given', 'merge-reports');
  const reports = dirs.map((d) => {
    const file = path.resolve(d, 'report.json');
    if (!existsSync(file)) throw new EnidError(`${file} does not exist`, { code: 'ENID_NO_REPORT', exitCode: ExitCode.BadInput, phase: 'cli', hint: 'pass the --reports directory of each shard' });
    return JSON.parse(readFileSync(file, 'utf8')) as RunReport;
  });
  const merged = mergeReports(reports);
  const reporter = createReporters({ reportsDir: path.resolve(outDir), json: false, quiet: true });
  await reporter.onEnd(merged);
  out(`merged ${reports.length} report(s) into ${path.resolve(outDir)}: ${merged.status} (exit ${merged.exitCode})`);
  return merged.exitCode;
}

function usageValue(): never {
  throw usage('--reports needs a directory', 'merge-reports');
}

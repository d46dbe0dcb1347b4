import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EnidError } from '../errors.js';
import { createReporters } from '../report/index.js';
import { packageRoot } from '../package-root.js';
import { mergeReports } from '../report/merge.js';
import type { RunReport } from '../types.js';
import { ExitCode } from '../exit-codes.js';

type Out = (line: string) => void;

const TEMPLATES_DIR = path.join(packageRoot(), 'templates/ci');

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

import { IN_CONTAINER, RUNNER_CLASS } from './container-paths.js';

export type TestKind = 'django' | 'pytest' | 'other';

export interface TestCommand {
  /** Full argv for exec in the WORKDIR. */
  argv: string[];
  kind: TestKind;
  /** Whether the harness's runner records results (Django with no runner of the user's own). */
  recordsResults: boolean;
  /** JUnit XML written by pytest, when the command is pytest. */
  junitFile?: string;
}

export interface TestCommandOptions {
  /** `coverage.command` from the config: what follows `python -m coverage run`. */
  command?: string[];
  /** Pass `--source=.`: only when the service's own coverage config names neither source nor include. */
  passSource: boolean;
}

/**
 * The in-container test command: `python -m coverage run -p [--source=.] manage.py test --noinput -v 2
 * --testrunner <supplied runner>` by default. A configured command is normalised (`python -m pytest` and
 * `pytest` become `-m pytest`, which is what `coverage run` takes) and gets the flags the harness needs to
 * read results, unless the user already set them. `-p` gives each process its own data file, so a
 * service config with `parallel = true`, or tests that spawn processes, combine the same way.
 */
export function buildTestCommand(options: TestCommandOptions): TestCommand {
  const target = normalise(options.command?.length ? [...options.command] : ['manage.py', 'test']);
  const head = ['python', '-m', 'coverage', 'run', '-p', ...(options.passSource ? ['--source=.'] : [])];
  const kind: TestKind = isDjangoTest(target) ? 'django' : isPytest(target) ? 'pytest' : 'other';
  if (kind === 'django') {
    const extra: string[] = [];
    if (!has(target, '--noinput', '--no-input')) extra.push('--noinput');
    if (!has(target, '-v', '--verbosity') && !target.some((a) => /^(-v\d|--verbosity=)/.test(a))) extra.push('-v', '2');
    const ownRunner = has(target, '--testrunner') || target.some((a) => a.startsWith('--testrunner='));
    if (!ownRunner) extra.push('--testrunner', RUNNER_CLASS);
    return { argv: [...head, ...target, ...extra], kind, recordsResults: !ownRunner };
  }
  if (kind === 'pytest') {
    if (target.some((a) => a.startsWith('--junitxml') || a.startsWith('--junit-xml'))) return { argv: [...head, ...target], kind, recordsResults: false };
    const junitFile = `${IN_CONTAINER.outDir}/pytest-junit.xml`;
    return { argv: [...head, ...target, `--junitxml=${junitFile}`], kind, recordsResults: false, junitFile };
  }
  return { argv: [...head, ...target], kind, recordsResults: false };
}

function normalise(command: string[]): string[] {
  let args = command;
  // `coverage run` takes a script or `-m module`, not an interpreter.
  if (/^python[\d.]*$/.test(args[0] ?? '')) args = args.slice(1);
  if (args[0] === 'pytest' || args[0] === 'py.test') args = ['-m', 'pytest', ...args.slice(1)];
  return args;
}

function isDjangoTest(args: string[]): boolean {
  return /(^|\/)manage\.py$/.test(args[0] ?? '') && args[1] === 'test';
}

function isPytest(args: string[]): boolean {
  return args[0] === '-m' && args[1] === 'pytest';
}

function has(args: string[], ...flags: string[]): boolean {
  return args.some((a) => flags.includes(a));
}

/** pytest's exit status when it collected no test (`ExitCode.NO_TESTS_COLLECTED`). */
export const PYTEST_NO_TESTS = 5;

/**
 * What a test command's exit status says, the same for every runner: pytest exits 5 where
 * `manage.py test` exits 0 for "no test found"; both are "0 tests ran", never a crash.
 */
export function testExit(kind: TestKind, exitCode: number): { exitCode: number; noTests: boolean } {
  if (kind === 'pytest' && exitCode === PYTEST_NO_TESTS) return { exitCode: 0, noTests: true };
  return { exitCode, noTests: false };
}

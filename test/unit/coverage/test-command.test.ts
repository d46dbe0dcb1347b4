import { describe, expect, it } from 'vitest';
import { buildTestCommand, testExit } from '../../../src/coverage/test-command.js';

describe('buildTestCommand', () => {
  it('runs manage.py test under python -m coverage with the supplied runner by default', () => {
    const cmd = buildTestCommand({ passSource: true });
    expect(cmd.argv).toEqual(['python', '-m', 'coverage', 'run', '-p', '--source=.', 'manage.py', 'test', '--noinput', '-v', '2', '--testrunner', 'enid_django_runner.Runner']);
    expect(cmd).toMatchObject({ kind: 'django', recordsResults: true });
  });

  it('leaves --source out when the service config names its own source or include', () => {
    expect(buildTestCommand({ passSource: false }).argv).not.toContain('--source=.');
  });

  it('keeps a configured Django command and adds only the flags it lacks', () => {
    const cmd = buildTestCommand({ command: ['manage.py', 'test', 'notes', '--verbosity=3', '--no-input'], passSource: true });
    expect(cmd.argv.slice(6)).toEqual(['manage.py', 'test', 'notes', '--verbosity=3', '--no-input', '--testrunner', 'enid_django_runner.Runner']);
  });

  it('does not replace a test runner the user chose, and then records nothing itself', () => {
    const cmd = buildTestCommand({ command: ['manage.py', 'test', '--testrunner', 'x.Runner'], passSource: true });
    expect(cmd.argv.filter((a) => a === '--testrunner')).toHaveLength(1);
    expect(cmd.recordsResults).toBe(false);
  });

  it('turns pytest commands into -m pytest with a JUnit XML file for the results', () => {
    for (const command of [['-m', 'pytest'], ['pytest'], ['python', '-m', 'pytest'], ['python3', '-m', 'pytest']]) {
      const cmd = buildTestCommand({ command: [...command, '-q'], passSource: true });
      expect(cmd.argv).toEqual(['python', '-m', 'coverage', 'run', '-p', '--source=.', '-m', 'pytest', '-q', '--junitxml=/tmp/enid-work/out/pytest-junit.xml']);
      expect(cmd).toMatchObject({ kind: 'pytest', junitFile: '/tmp/enid-work/out/pytest-junit.xml' });
    }
  });

  it('respects a --junitxml the user already passes', () => {
    const cmd = buildTestCommand({ command: ['-m', 'pytest', '--junitxml=own.xml'], passSource: true });
    expect(cmd.junitFile).toBeUndefined();
    expect(cmd.argv.filter((a) => a.startsWith('--junitxml'))).toEqual(['--junitxml=own.xml']);
  });

  it('runs any other command as given', () => {
    expect(buildTestCommand({ command: ['runtests.py'], passSource: false })).toMatchObject({ argv: ['python', '-m', 'coverage', 'run', '-p', 'runtests.py'], kind: 'other' });
  });
});

describe('what a test command\'s exit status says', () => {
  it('reads pytest\'s "no tests collected" (5) as 0 tests ran, like manage.py test\'s 0', () => {
    expect(testExit('pytest', 5)).toEqual({ exitCode: 0, noTests: true });
    expect(testExit('django', 5)).toEqual({ exitCode: 5, noTests: false });
    expect(testExit('pytest', 1)).toEqual({ exitCode: 1, noTests: false });
  });
});

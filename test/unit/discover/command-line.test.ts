import { describe, expect, it } from 'vitest';
import { parseCompose } from '../../../src/discover/compose.js';
import { splitCommand } from '../../../src/discover/command-line.js';

const commandOf = (yaml: string): string[] | undefined => parseCompose(`services:\n  api:\n    build: .\n${yaml}`).services[0]!.command;

describe('compose command strings become argv the way compose splits them', () => {
  it('sh -c "a && b" keeps the whole script as one argument', () => {
    expect(splitCommand('sh -c "python manage.py wait_for_db && python manage.py migrate && python manage.py runserver 0.0.0.0:8000"'))
      .toEqual(['sh', '-c', 'python manage.py wait_for_db && python manage.py migrate && python manage.py runserver 0.0.0.0:8000']);
  });

  it('a folded YAML string (>) is one line of words', () => {
    const argv = commandOf([
      '    command: >',
      '      sh -c "python manage.py wait_for_db &&',
      '             python manage.py migrate &&',
      '             python manage.py runserver 0.0.0.0:8000"',
    ].join('\n'));
    expect(argv).toHaveLength(3);
    expect(argv!.slice(0, 2)).toEqual(['sh', '-c']);
    expect(argv![2]!.replace(/\s+/g, ' ')).toBe('python manage.py wait_for_db && python manage.py migrate && python manage.py runserver 0.0.0.0:8000');
  });

  it('a literal YAML string (|) splits on newlines outside quotes, and keeps them inside', () => {
    const argv = commandOf(['    command: |', '      gunicorn', '      --bind 0.0.0.0:8080', '      app.wsgi:application'].join('\n'));
    expect(argv).toEqual(['gunicorn', '--bind', '0.0.0.0:8080', 'app.wsgi:application']);
    const script = commandOf(['    command: |', '      sh -c "python manage.py migrate', '      exec gunicorn app.wsgi"'].join('\n'));
    expect(script).toEqual(['sh', '-c', 'python manage.py migrate\nexec gunicorn app.wsgi']);
  });

  it('a YAML list stays as written, words with spaces included', () => {
    expect(commandOf('    command: ["gunicorn", "--bind", "0.0.0.0:8080", "--access-logformat", "%(h)s %(r)s"]'))
      .toEqual(['gunicorn', '--bind', '0.0.0.0:8080', '--access-logformat', '%(h)s %(r)s']);
  });

  it('single quotes, escapes and $VAR left for the container shell', () => {
    expect(splitCommand("sh -c 'echo $HOME; exec gunicorn -b 0.0.0.0:$PORT'")).toEqual(['sh', '-c', 'echo $HOME; exec gunicorn -b 0.0.0.0:$PORT']);
    expect(splitCommand('gunicorn --name my\\ app -b "0.0.0.0:${PORT}"')).toEqual(['gunicorn', '--name', 'my app', '-b', '0.0.0.0:$PORT']);
  });

  it('operators and # are words outside sh -c, as for compose (which does not run a shell)', () => {
    expect(splitCommand('python manage.py migrate && gunicorn x')).toEqual(['python', 'manage.py', 'migrate', '&&', 'gunicorn', 'x']);
    expect(splitCommand('gunicorn x # not a comment')).toEqual(['gunicorn', 'x', '#', 'not', 'a', 'comment']);
  });

  it('compose ${VAR} is interpolated from .env before the split; entrypoint is split the same way', () => {
    const svc = parseCompose('services:\n  api:\n    build: .\n    entrypoint: /wait-for-db.sh --timeout ${WAIT}\n    command: gunicorn -b 0.0.0.0:${PORT:-8080} app.wsgi\n', { WAIT: '30' }).services[0]!;
    expect(svc.entrypoint).toEqual(['/wait-for-db.sh', '--timeout', '30']);
    expect(svc.command).toEqual(['gunicorn', '-b', '0.0.0.0:8080', 'app.wsgi']);
  });
});

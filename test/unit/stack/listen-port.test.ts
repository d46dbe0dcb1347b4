import { describe, expect, it } from 'vitest';
import { listenPort, startArgv } from '../../../src/stack/listen-port.js';

describe('listenPort: the port the start command binds', () => {
  it.each([
    [['gunicorn', '--bind', '0.0.0.0:8080', 'ledger.wsgi:application'], 8080],
    [['gunicorn', '-b', '0.0.0.0:9000', 'app.wsgi'], 9000],
    [['gunicorn', '--bind=0.0.0.0:8123', 'app.wsgi'], 8123],
    [['sh', '-c', 'python manage.py wait_for_db && python manage.py migrate && python manage.py runserver 0.0.0.0:8000'], 8000],
    [['python', 'manage.py', 'runserver', '8001'], 8001],
    [['python', 'manage.py', 'runserver', '--noreload', '[::]:8002'], 8002],
  ] as Array<[string[], number]>)('%j → %i', (argv, port) => {
    expect(listenPort(argv)).toBe(port);
  });

  it('a script, or a command that does not bind, says nothing', () => {
    expect(listenPort(['/app/entrypoint.sh'])).toBeUndefined();
    expect(listenPort(['python3'])).toBeUndefined();
    expect(listenPort(['gunicorn', 'app.wsgi'])).toBeUndefined();
  });
});

describe('startArgv: what the container runs, merged as Docker and compose merge it', () => {
  const image = { entrypoint: ['/usr/src/app/docker-entrypoint.sh'], cmd: ['gunicorn', '--bind', '0.0.0.0:8080', 'ledger.wsgi'] };
  it('the image\'s ENTRYPOINT and CMD when compose says nothing', () => {
    expect(startArgv({}, image)).toEqual([...image.entrypoint, ...image.cmd]);
  });
  it('compose command replaces CMD behind the image\'s ENTRYPOINT', () => {
    expect(startArgv({ command: ['python', 'manage.py', 'runserver', '0.0.0.0:8000'] }, image)).toEqual([...image.entrypoint, 'python', 'manage.py', 'runserver', '0.0.0.0:8000']);
  });
  it('compose entrypoint drops the image\'s CMD; entrypoint: [] runs the command alone', () => {
    expect(startArgv({ entrypoint: ['/wait.sh'] }, image)).toEqual(['/wait.sh']);
    expect(startArgv({ entrypoint: [], command: ['gunicorn', '-b', ':9000', 'x.wsgi'] }, image)).toEqual(['gunicorn', '-b', ':9000', 'x.wsgi']);
    expect(listenPort(startArgv({ entrypoint: [], command: ['gunicorn', '-b', '0.0.0.0:9000', 'x.wsgi'] }, image))).toBe(9000);
  });
});

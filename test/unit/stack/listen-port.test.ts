import { describe, expect, it } from 'vitest';
import { listenPort } from '../../../src/stack/listen-port.js';

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

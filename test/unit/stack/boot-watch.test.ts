import { describe, expect, it } from 'vitest';
import { createBootWatch } from '../../../src/stack/boot-watch.js';

describe('createBootWatch: the port the server really took, from its own log line', () => {
  it('Gunicorn on another port than declared is a wrong port', () => {
    expect(createBootWatch(8080)('[INFO] Listening at: http://0.0.0.0:9090 (12)')).toMatchObject({ code: 'ENID_WRONG_PORT' });
    expect(createBootWatch(8080)('[INFO] Listening at: http://0.0.0.0:8080 (12)')).toBeUndefined();
  });

  it('runserver announces its port too (compose-only `runserver 0.0.0.0:8000`)', () => {
    expect(createBootWatch(8000)('Starting development server at http://0.0.0.0:8000/')).toBeUndefined();
    expect(createBootWatch(8080)('Starting development server at http://0.0.0.0:8000/')?.message).toBe('the service listens on port 8000, but it declares 8080 (EXPOSE / compose ports)');
  });

  it('a worker that cannot load the app is named', () => {
    expect(createBootWatch(8080)('Reason: Worker failed to boot.')).toMatchObject({ code: 'ENID_WORKER_BOOT' });
  });
});

import { describe, expect, it } from 'vitest';
import { readiness } from '../../../src/stack/readiness.js';

describe('readiness: does the Django application answer?', () => {
  it.each([200, 204, 301, 302, 401, 403, 405])('%i is ready', (status) => {
    expect(readiness(status, '', [])).toEqual({ state: 'ready' });
  });

  it('a 404 is Django answering, with a note that the health path is not one of its URLs', () => {
    expect(readiness(404, '<h1>Not Found</h1>', [])).toMatchObject({ state: 'ready', note: expect.stringContaining('404') });
  });

  it('a 400 for the Host header is ready, with the host Django refused', () => {
    const log = ["Invalid HTTP_HOST header: '172.17.0.1:32768'. You may need to add '172.17.0.1' to ALLOWED_HOSTS."];
    expect(readiness(400, '<h1>Bad Request (400)</h1>', log)).toEqual({
      state: 'ready', problem: 'disallowed-host', note: "Django refused the Host header '172.17.0.1:32768' (ALLOWED_HOSTS)",
    });
  });

  it('a 500 for a missing table is ready but unmigrated, naming the table', () => {
    const log = ['django.db.utils.ProgrammingError: relation "shop_product" does not exist', 'LINE 1: SELECT COUNT(*) AS "__count" FROM "shop_product"'];
    expect(readiness(500, '<title>Server Error (500)</title>', log)).toEqual({
      state: 'ready', problem: 'unmigrated', note: 'the database has no table shop_product yet: migrations were not applied',
    });
  });

  it('a bare 4xx answers but is not yet usable: judged again with a Host Django accepts (not by its body)', () => {
    // DEBUG off and a Host not in ALLOWED_HOSTS: Django says "Bad Request (400)" and logs nothing.
    expect(readiness(400, '<html><title>Bad Request (400)</title></html>', [])).toEqual({
      state: 'ready', problem: 'client-error', note: 'every request answered 400 (Bad Request (400)) with no reason given',
    });
    expect(readiness(421, '', [])).toMatchObject({ state: 'ready', problem: 'client-error' });
  });

  it('a steady 5xx is failing, with the first line of the answer', () => {
    expect(readiness(500, '<html><title>Server Error (500)</title></html>', [])).toEqual({ state: 'failing', code: 'ENID_UNHEALTHY', diagnosis: 'every request answers HTTP 500: Server Error (500)' });
    expect(readiness(502, '', [])).toEqual({ state: 'failing', code: 'ENID_UNHEALTHY', diagnosis: 'every request answers HTTP 502' });
  });

  it('known faults in the log are named: ImproperlyConfigured, import errors, an unreachable database', () => {
    expect(readiness(500, '', ['django.core.exceptions.ImproperlyConfigured: SECRET_KEY setting must not be empty'])).toEqual({
      state: 'failing', code: 'ENID_IMPROPERLY_CONFIGURED', diagnosis: 'Django is improperly configured: SECRET_KEY setting must not be empty',
    });
    expect(readiness(undefined, '', ["ModuleNotFoundError: No module named 'corsheaders'"])).toEqual({
      state: 'failing', code: 'ENID_IMPORT_ERROR', diagnosis: "the application cannot import a module: ModuleNotFoundError: No module named 'corsheaders'",
    });
    expect(readiness(500, '', ['django.db.utils.OperationalError: could not connect to server: Connection refused'])).toMatchObject({ state: 'failing', code: 'ENID_DATABASE_UNREACHABLE' });
  });

  it('no answer at all is failing (not yet listening)', () => {
    expect(readiness(undefined, '', [])).toEqual({ state: 'failing', code: 'ENID_NO_ANSWER', diagnosis: 'nothing answers HTTP on the port yet' });
  });
});

import { describe, expect, it } from 'vitest';
import { chooseHost, hostHeaderOf, httpsAnswer } from '../../../src/inspect/host.js';
import { probed } from '../probe/recorded.js';

describe('chooseHost: a Host header from the ALLOWED_HOSTS Django runs with', () => {
  it.each([
    [['*'], true, 'localhost'],
    [[], true, 'localhost'],
    [null, null, 'localhost'],
    [['api.internal', 'localhost'], false, 'localhost'],
    [['api.internal'], false, 'api.internal'],
    [['.example.com'], false, 'example.com'],
    [['.example.com', 'web'], false, 'web'],
    [['[::1]'], false, '[::1]'],
    [['127.0.0.1', 'svc'], false, '127.0.0.1'],
  ] as Array<[string[] | null, boolean | null, string]>)('%j (DEBUG %s) → %s', (hosts, debug, host) => {
    expect(chooseHost(hosts, debug).host).toBe(host);
  });

  it('says why, in words the report can carry', () => {
    expect(chooseHost(['api.internal'], false).because).toBe('ALLOWED_HOSTS has api.internal');
    expect(chooseHost([], false).because).toMatch(/DEBUG is off/);
  });
});

describe('hostHeaderOf: the chosen name with the published port', () => {
  it('keeps the port of the published URL, whatever address it is on', () => {
    expect(hostHeaderOf({ ALLOWED_HOSTS: ['api.internal'], DEBUG: false }, 'http://172.17.0.1:32815').hostHeader).toBe('api.internal:32815');
    expect(hostHeaderOf(null, 'http://127.0.0.1:4000').hostHeader).toBe('localhost:4000');
  });
});

describe('httpsAnswer: a service that redirects plain HTTP to HTTPS', () => {
  it('plain HTTP when SECURE_SSL_REDIRECT is off or unknown (older probe documents)', () => {
    expect(httpsAnswer({ SECURE_SSL_REDIRECT: false, SECURE_PROXY_SSL_HEADER: ['HTTP_X_FORWARDED_PROTO', 'https'] }, 'h:1')).toEqual({ kind: 'plain' });
    expect(httpsAnswer({}, 'h:1')).toEqual({ kind: 'plain' });
    expect(httpsAnswer(null, 'h:1')).toEqual({ kind: 'plain' });
  });
  it('sends the header Django trusts, as the TLS proxy would, with a same-origin Referer for CSRF', () => {
    const answer = httpsAnswer({ SECURE_SSL_REDIRECT: true, SECURE_PROXY_SSL_HEADER: ['HTTP_X_FORWARDED_PROTO', 'https'] }, 'api.internal:32815');
    expect(answer).toMatchObject({ kind: 'proxy', headers: { 'x-forwarded-proto': 'https', referer: 'https://api.internal:32815/' } });
    expect(httpsAnswer({ SECURE_SSL_REDIRECT: true, SECURE_PROXY_SSL_HEADER: ['HTTP_X_SCHEME', 'https'] }, 'h:1')).toMatchObject({ headers: { 'x-scheme': 'https' } });
  });
  it('cannot be reached over plain HTTP when Django trusts no request header', () => {
    expect(httpsAnswer({ SECURE_SSL_REDIRECT: true, SECURE_PROXY_SSL_HEADER: null }, 'h:1')).toMatchObject({ kind: 'https-only', because: expect.stringMatching(/no SECURE_PROXY_SSL_HEADER/) });
    expect(httpsAnswer({ SECURE_SSL_REDIRECT: true, SECURE_PROXY_SSL_HEADER: ['wsgi.url_scheme', 'https'] }, 'h:1')).toMatchObject({ kind: 'https-only' });
  });
});

describe('httpsAnswer on recorded probe runs', () => {
  it('drift-nomigrate redirects plain HTTP and trusts X-Forwarded-Proto; the other fixtures serve plain HTTP', () => {
    expect(httpsAnswer(probed('drift-nomigrate-django3.2').settings, 'localhost:9')).toMatchObject({ kind: 'proxy', headers: { 'x-forwarded-proto': 'https' } });
    for (const name of ['notes-redis-django3.2', 'library-pg-django4.2', 'drift-pytest-django4.2', 'auth-jwt-django3.2']) {
      expect(httpsAnswer(probed(name).settings, 'localhost:9'), name).toEqual({ kind: 'plain' });
    }
  });
});

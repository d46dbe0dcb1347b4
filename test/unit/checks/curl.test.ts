import { describe, expect, it } from 'vitest';
import { curlLine, shownHeaders } from '../../../src/checks/curl.js';

describe('reproductions as curl lines', () => {
  it('shows the Host and proxy headers, and credentials only as placeholders', () => {
    const headers = shownHeaders({ host: 'localhost:32771', 'x-forwarded-proto': 'https', authorization: 'Token 0123456789abcdef', cookie: 'sessionid=s3cret' }, '_B');
    expect(headers).toEqual({ host: 'localhost:32771', 'x-forwarded-proto': 'https', authorization: 'Token $TOKEN_B', cookie: '$COOKIE_B' });
    expect(shownHeaders({ authorization: 'Basic dXNlcjpwYXNz' }).authorization).toBe('Basic $BASIC_AUTH');
    expect(JSON.stringify(headers)).not.toMatch(/0123456789abcdef|s3cret/);
  });

  it('is one line a shell runs as sent: placeholders expand, quotes in the body survive', () => {
    const line = curlLine('post', 'http://localhost:32771/api/notes/', { host: 'localhost:32771', authorization: 'Token $TOKEN', 'content-type': 'application/json', accept: 'application/json' }, '{"title":"it\'s"}');
    expect(line).toBe(`curl -sS -X POST 'http://localhost:32771/api/notes/' -H 'Host: localhost:32771' -H "Authorization: Token $TOKEN" -H 'Content-Type: application/json' --data-raw '{"title":"it'\\''s"}'`);
    expect(line).not.toContain('\n');
  });
});

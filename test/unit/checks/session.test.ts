import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../src/http/client.js';
import { CheckSession } from '../../../src/checks/session.js';
import { TracebackCollector } from '../../../src/checks/tracebacks.js';

// A real HTTP server on loopback: /flaky fails once, /broken always (printing a traceback the way the
// request hook does), everything else echoes what it got.
let server: Server;
let base: string;
const seen: Array<{ url: string; id: string | undefined; type: string | undefined; body: string }> = [];
const tracebacks = new TracebackCollector();
let flaky = 0;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const id = req.headers['x-enid-request-id'] as string | undefined;
      seen.push({ url: req.url ?? '', id, type: req.headers['content-type'], body });
      if (req.url === '/flaky/' && flaky++ === 0) return void res.writeHead(502).end();
      if (req.url === '/broken/') {
        for (const line of ['Traceback (most recent call last):', 'ZeroDivisionError: division by zero']) tracebacks.accept(`ENID-TRACEBACK ${id} ${line}`);
        tracebacks.accept(`ENID-TRACEBACK-END ${id}`);
        return void res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>Server Error (500)</h1>');
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function session(max = 5): { s: CheckSession; close: () => Promise<void> } {
  const a = new HttpClient(base, { headers: { host: 'localhost:8080', authorization: 'Token s3cr3t' } });
  const b = a.withHeaders({ authorization: 'Token other-secret' });
  const s = new CheckSession({ clients: { a, b }, baseUrl: base, maxRequestsPerEndpoint: max, deadline: performance.now() + 60_000, tracebacks });
  return { s, close: () => a.close() };
}

describe('the checks session', () => {
  it('tags every request with an id, keeps each endpoint within its budget, and counts statuses', async () => {
    const { s, close } = session(3);
    for (let i = 0; i < 5; i++) await s.send('a', '/x/', { method: 'GET', path: '/x/', query: { page: i } });
    expect(s.total).toBe(3);
    expect(s.budgetSpent()).toEqual(['/x/']);
    expect(seen.slice(-3).map((r) => r.id)).toEqual(['enid-1', 'enid-2', 'enid-3']);
    expect(s.statusTable()).toEqual([{ endpoint: '/x/', method: 'GET', statuses: { 200: 3 } }]);
    await close();
  });

  it('a 5xx with the service\'s own traceback counts as it is; one without is sent again, and one that does not come back is transient', async () => {
    const { s, close } = session();
    const flakySent = await s.send('a', '/flaky/', { method: 'POST', path: '/flaky/', body: { n: 1 } });
    expect(flakySent).toMatchObject({ status: 200, transient: 502 });
    const broken = await s.send('a', '/broken/', { method: 'POST', path: '/broken/', body: { parts: 0 } });
    expect(broken?.status).toBe(500);
    expect(broken?.traceback).toEqual(['Traceback (most recent call last):', 'ZeroDivisionError: division by zero']);
    expect(s.statusTable().find((e) => e.endpoint === '/broken/')?.statuses).toEqual({ 500: 1 });
    expect(s.statusTable().find((e) => e.endpoint === '/flaky/')?.statuses).toEqual({ 200: 1, 502: 1 });
    await close();
  });

  it('reproduces an exchange as a curl line with placeholders, the second user\'s marked, no secret anywhere', async () => {
    const { s, close } = session();
    const sent = await s.send('b', '/y/', { method: 'PATCH', path: '/y/', body: { title: 'it\'s' } });
    const r = s.reproduce(sent!);
    expect(r.curl).toBe(`curl -sS -X PATCH '${base}/y/' -H 'Host: localhost:8080' -H "Authorization: Token $TOKEN_B" -H 'Content-Type: application/json' --data-raw '{"title":"it'\\''s"}'`);
    expect(r.response).toEqual({ status: 200, body: { ok: true } });
    expect(JSON.stringify(r)).not.toMatch(/secret/);
    const raw = await s.send('a', '/y/', { method: 'POST', path: '/y/', raw: { text: '{"title": ', contentType: 'application/json' } });
    expect(seen.at(-1)).toMatchObject({ type: 'application/json', body: '{"title": ' });
    expect(s.reproduce(raw!).curl).toMatch(/--data-raw '\{"title": '$/);
    await close();
  });
});

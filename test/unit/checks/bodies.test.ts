import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEndpointSchema, type FieldSchema } from '../../../src/api/schema.js';
import { freshBody, sendValid } from '../../../src/checks/bodies.js';
import { CheckBook, type CheckEnv } from '../../../src/checks/context.js';
import { checkBody } from '../../../src/checks/input-check.js';
import { CheckSession } from '../../../src/checks/session.js';
import { checksSettings } from '../../../src/checks/settings.js';
import { HttpClient } from '../../../src/http/client.js';
import { PayloadLessons } from '../../../src/seed/lessons.js';
import { createPayloadGenerator } from '../../../src/seed/payload.js';

// A service with a rule of its own, as DRF reports it: `code` must look like "AB-123" (validate_code),
// `title` is a plain CharField(max_length=20), `quantity` an IntegerField(max_value=quantityMax). Only
// JSON is read (415 otherwise, as DRF's parsers); anything valid is stored and answered 201.
let server: Server;
let base: string;
const stored: unknown[] = [];
let quantityMax = 100;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      const json = (status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (!String(req.headers['content-type']).startsWith('application/json')) return json(415, { detail: 'Unsupported media type' });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return json(400, { detail: 'JSON parse error' });
      }
      if (typeof body !== 'object' || body === null) return json(400, { non_field_errors: ['Invalid data.'] });
      const errors: Record<string, string[]> = {};
      if (typeof body.code !== 'string' || !/^[A-Z]{2}-\d{3}$/.test(body.code)) errors.code = ['Enter a code such as AB-123.'];
      if (typeof body.title !== 'string' || body.title.length > 20 || body.title === '') errors.title = ['Ensure this field has no more than 20 characters.'];
      if (body.quantity !== undefined && Number(body.quantity) > quantityMax) errors.quantity = [`Ensure this value is less than or equal to ${quantityMax}.`];
      if (Object.keys(errors).length) return json(400, errors);
      stored.push(body);
      json(201, { id: stored.length, ...body });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const field = (f: Partial<FieldSchema> & Pick<FieldSchema, 'name' | 'kind'>): FieldSchema => ({ type: f.kind, required: true, readOnly: false, ...f });
const schema = buildEndpointSchema({ path: '/api/parts/', name: 'Parts', description: '', resource: 'parts', canCreate: true, source: 'probe' }, [
  field({ name: 'code', kind: 'string', maxLength: 10, allowBlank: false, customValidation: true }),
  field({ name: 'title', kind: 'string', maxLength: 20, allowBlank: false }),
]);

function environment(lessons = new PayloadLessons()): { env: CheckEnv; book: CheckBook; close: () => Promise<void> } {
  const a = new HttpClient(base);
  const settings = checksSettings(undefined);
  const session = new CheckSession({ clients: { a }, baseUrl: base, maxRequestsPerEndpoint: 60, deadline: performance.now() + 60_000 });
  let index = 2_000_000;
  const env = {
    session, settings, lessons, generator: createPayloadGenerator({ seed: 3 }), resources: { collections: [], singletons: [], others: [], excluded: [] },
    api: { schemas: [], routes: [], created: {}, protected: [] }, aIsStaff: false, signal: new AbortController().signal,
    relatedFor: () => ({}), rowsOf: async () => [], nextIndex: () => (index += 1), log: () => undefined,
  } as unknown as CheckEnv;
  return { env, book: new CheckBook(env), close: () => a.close() };
}

describe('bodies meant to be valid', () => {
  it('learn the service\'s own rule from its 400 (a code "such as AB-123") and keep it for later bodies', async () => {
    const { env, close } = environment();
    const sent = await sendValid(env, 'a', '/api/parts/', 'POST', '/api/parts/', schema);
    expect(sent.why).toBeUndefined();
    expect(sent.sent?.status).toBe(201);
    expect(String(sent.payload.code)).toMatch(/^[A-Z]{2}-\d{3}$/);
    expect(String(freshBody(env, schema).code)).toMatch(/^[A-Z]{2}-\d{3}$/);
    await close();
  });

  it('a custom validator\'s 400 is never a finding: its field\'s edges prove nothing, a plain field\'s still do', async () => {
    const { env, book, close } = environment();
    await checkBody(env, book, { endpoint: '/api/parts/', method: 'POST', path: '/api/parts/', schema, provable: true, builtinParsers: true });
    // code at exactly max_length 10 is refused by the rule of the service's own: not judged as valid.
    expect(env.session.findings.map((f) => `${f.check}: ${f.message}`)).toEqual([]);
    expect(book.tallies.get('positiveDataAcceptance')?.judged).toBe(1); // title at exactly max_length 20
    expect(book.tallies.get('negativeDataRejection')?.judged).toBeGreaterThan(4);
    await close();
  });

  it('a 400 to a plain field\'s valid edge value (max_value off by one) is the service\'s: filed with its reproduction', async () => {
    const strict = buildEndpointSchema({ path: '/api/parts/', name: 'Parts', description: '', resource: 'parts', canCreate: true, source: 'probe' }, [
      field({ name: 'code', kind: 'string', maxLength: 10, customValidation: true }),
      field({ name: 'title', kind: 'string', maxLength: 20 }),
      field({ name: 'quantity', kind: 'integer', minValue: 1, maxValue: 100 }),
    ]);
    quantityMax = 99; // one less than it declares
    const { env, book, close } = environment();
    await checkBody(env, book, { endpoint: '/api/parts/', method: 'POST', path: '/api/parts/', schema: strict, provable: true, builtinParsers: true });
    const found = env.session.findings.filter((f) => f.check === 'positiveDataAcceptance');
    expect(found.map((f) => f.message)).toEqual(['POST /api/parts/ with quantity: exactly max_value 100 answered 400, although its declared constraints allow the value']);
    // The reproduction carries the learnt code, so it is refused for the quantity alone.
    expect(found[0]!.reproduction.curl).toMatch(/^curl -sS -X POST 'http:\/\/127\.0\.0\.1:\d+\/api\/parts\/' .*"code":"[A-Z]{2}-\d{3}".*"quantity":100/);
    quantityMax = 100;
    await close();
  });
});

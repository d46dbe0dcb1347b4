import { describe, expect, it } from 'vitest';
import { runCrudFlow } from '../../../src/flows/crud-flow.js';
import type { HttpClient } from '../../../src/http/client.js';
import { createPayloadGenerator } from '../../../src/seed/payload.js';
import type { EndpointSchema } from '../../../src/api/schema.js';
import { crudStepNames, stepFailureMessage } from '../../../src/vitest/crud-steps.js';
import { authors, books, notes } from '../seed/recorded.js';

/** A service that answers everything with 500: every step still reports (failed or skipped). */
const broken = {
  origin: 'http://service.test',
  request: async () => ({ status: 500, headers: {}, body: { detail: 'boom' }, text: '{"detail":"boom"}', durationMs: 1 }),
  get: async () => ({ status: 500, headers: {}, body: { detail: 'boom' }, text: '{"detail":"boom"}', durationMs: 1 }),
} as unknown as HttpClient;

describe('crudStepNames', () => {
  it.each<[string, EndpointSchema]>([['notes', notes], ['authors', authors], ['books', books]])('registers exactly the steps runCrudFlow reports, in order, for %s', async (_name, schema) => {
    const results = await runCrudFlow(broken, schema, createPayloadGenerator({ seed: 2 }), { author: [1, 2] }, () => undefined);
    expect(crudStepNames(schema)).toEqual(results.map((r) => r.step));
  });

  it('names the invalid-payload steps after the field and the rule', () => {
    expect(crudStepNames(books)).toEqual(expect.arrayContaining(['400 on isbn: 14 characters, max_length 13', '400 on pages: above max_value 5000', '400 on author: required field left out']));
  });
});

describe('stepFailureMessage', () => {
  it('shows the flow\'s error, then the request and the response', () => {
    const text = stepFailureMessage({
      name: '/api/books/ create', endpoint: '/api/books/', step: 'create', status: 'failed', durationMs: 3,
      error: 'expected HTTP 201, got 400',
      exchange: { method: 'POST', url: '/api/books/', requestBody: { title: 'x' }, status: 400, responseBody: { isbn: ['This field is required.'] } },
    });
    expect(text.split('\n')[0]).toBe('expected HTTP 201, got 400');
    expect(text).toContain('request: POST /api/books/');
    expect(text).toContain('response: 400');
    expect(text).toContain('This field is required.');
  });
});

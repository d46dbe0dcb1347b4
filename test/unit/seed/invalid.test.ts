import { describe, it, expect } from 'vitest';
import { invalidPayloads } from '../../../src/seed/invalid.js';
import { createPayloadGenerator } from '../../../src/seed/payload.js';
import { parseOptionsMetadata, type EndpointSchema } from '../../../src/api/schema.js';
import { authors, books, LIBRARY_PATTERNS, notes } from './recorded.js';
import { validateAgainstSchema } from './validate.js';

const RELATED = { author: [1, 2, 3] };
const summary = (schema: EndpointSchema, index = 0): string[] => {
  const valid = createPayloadGenerator({ seed: 1 }).generate(schema, { relatedIds: RELATED, index });
  return invalidPayloads(schema, valid).map((c) => `${c.field}:${c.reason}`);
};

describe('invalidPayloads', () => {
  it('lists exactly the cases the notes metadata makes certain', () => {
    expect(summary(notes)).toEqual([
      'title:missing-required', 'title:too-long', 'priority:below-min', 'priority:above-max',
      'status:not-a-choice', 'email:too-long', 'email:not-an-email',
    ]);
  });

  it('lists exactly the cases the library metadata makes certain', () => {
    expect(summary(authors)).toEqual([
      'name:missing-required', 'email:missing-required', 'name:too-long', 'email:too-long', 'email:not-an-email', 'birth_date:not-a-date',
    ]);
    // price has no bounds and author no format in the metadata, so neither gets more than "missing".
    expect(summary(books)).toEqual([
      'title:missing-required', 'isbn:missing-required', 'pages:missing-required', 'genre:missing-required',
      'price:missing-required', 'published:missing-required', 'author:missing-required',
      'title:too-long', 'isbn:too-long', 'pages:below-min', 'pages:above-max', 'genre:not-a-choice', 'published:not-a-date',
    ]);
  });

  it('breaks one field per case: the validator rejects each on that field alone', () => {
    const gen = createPayloadGenerator({ seed: 2 });
    for (const schema of [notes, authors, books]) {
      for (let index = 0; index < 20; index += 1) {
        const valid = gen.generate(schema, { relatedIds: RELATED, index });
        const options = { relatedIds: RELATED, patterns: LIBRARY_PATTERNS };
        for (const c of invalidPayloads(schema, valid)) {
          const fields = new Set(validateAgainstSchema(schema, c.payload, options).map((v) => v.field));
          expect([...fields], c.detail).toEqual([c.field]);
        }
      }
    }
  });

  it('builds the values a service must reject, and leaves the valid payload alone', () => {
    const valid = createPayloadGenerator({ seed: 1 }).generate(books, { relatedIds: RELATED, index: 0 });
    const before = JSON.stringify(valid);
    const cases = invalidPayloads(books, valid);
    expect(JSON.stringify(valid)).toBe(before);
    const value = (field: string, reason: string): unknown => cases.find((c) => c.field === field && c.reason === reason)?.payload[field];
    expect(value('isbn', 'too-long')).toHaveLength(14);
    expect([value('pages', 'below-min'), value('pages', 'above-max')]).toEqual([0, 5001]);
    expect(cases.find((c) => c.reason === 'missing-required' && c.field === 'author')?.payload).not.toHaveProperty('author');
    expect(cases[0]?.detail).toBe('title: required field left out');
  });

  it('only makes cases the metadata proves: no max_length, no bounds, no choices → nothing but "missing"', () => {
    const loose = parseOptionsMetadata('/api/loose/', { actions: { POST: {
      text: { type: 'string', required: true }, count: { type: 'integer', required: false }, code: { type: 'regex', required: false },
      when: { type: 'time', required: false }, note: { type: 'string', required: false, min_length: 1 },
      items: { type: 'list', required: false, max_length: 2, child: { type: 'string', required: true } },
      shipping: { type: 'nested object', required: false, children: { city: { type: 'string', required: true, max_length: 5 } } },
    } } });
    expect(invalidPayloads(loose, { text: 'x' }).map((c) => `${c.field}:${c.reason}`)).toEqual(['text:missing-required']);
  });

  it('steps clearly past 64-bit bounds and keeps decimals as strings', () => {
    const wide = parseOptionsMetadata('/api/wide/', { actions: { POST: {
      big: { type: 'integer', required: false, min_value: -9223372036854775808, max_value: 9223372036854775807 },
      amount: { type: 'decimal', required: false, min_value: 0.5, max_value: 99.99, decimal_places: 2 },
      code: { type: 'slug', required: false, min_length: 3, max_length: 5 },
    } } });
    const cases = invalidPayloads(wide, {});
    const [low, high] = cases.slice(0, 2).map((c) => c.payload.big as number);
    expect(low! < -9223372036854775807 && high! > 9223372036854775807).toBe(true);
    expect(cases.slice(2).map((c) => [c.reason, c.payload[c.field]])).toEqual([
      ['below-min', '-0.50'], ['above-max', '100.99'], ['too-long', 'aaaaaa'], ['too-short', 'aa'],
    ]);
  });
});

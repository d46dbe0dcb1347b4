import { describe, it, expect } from 'vitest';
import { createPayloadGenerator, type Payload, type RelatedIds } from '../../../src/seed/payload.js';
import { parseOptionsMetadata, type EndpointSchema } from '../../../src/api/schema.js';
import { authors, books, LIBRARY_PATTERNS, notes } from './recorded.js';
import { validateAgainstSchema } from './validate.js';

const AUTHOR_IDS = [11, 12, 13, 14, 15];
const RELATED: RelatedIds = { author: AUTHOR_IDS };
const SCHEMAS = [notes, authors, books];

function endpoint(path: string, fields: Record<string, object>): EndpointSchema {
  return parseOptionsMetadata(path, { name: '', actions: { POST: fields } });
}
const text = (max?: number): object => ({ type: 'string', required: true, read_only: false, ...(max ? { max_length: max } : {}) });

/** `count` rows per schema from one generator, in the order a seeder would make them. */
function rows(seed: number, count: number, schemas = SCHEMAS): Payload[] {
  const gen = createPayloadGenerator({ seed });
  return schemas.flatMap((s) => Array.from({ length: count }, (_, index) => gen.generate(s, { relatedIds: RELATED, index })));
}

describe('createPayloadGenerator', () => {
  it('generates payloads the recorded services accept', () => {
    const gen = createPayloadGenerator({ seed: 7 });
    for (const schema of SCHEMAS) {
      for (let index = 0; index < 500; index += 1) {
        const payload = gen.generate(schema, { relatedIds: RELATED, index });
        expect(validateAgainstSchema(schema, payload, { relatedIds: RELATED, patterns: LIBRARY_PATTERNS }), JSON.stringify(payload)).toEqual([]);
      }
    }
  });

  it('sends every required field, no read-only field, and most optional fields', () => {
    const gen = createPayloadGenerator({ seed: 3 });
    const sent = new Map<string, number>();
    for (let index = 0; index < 400; index += 1) {
      const payload = gen.generate(notes, { index });
      expect(payload).toHaveProperty('title');
      expect(payload).not.toHaveProperty('id');
      expect(payload).not.toHaveProperty('created_at');
      for (const key of Object.keys(payload)) sent.set(key, (sent.get(key) ?? 0) + 1);
    }
    for (const optional of ['body', 'priority', 'status', 'email']) {
      expect(sent.get(optional)! / 400).toBeGreaterThan(0.65);
      expect(sent.get(optional)! / 400).toBeLessThan(0.95);
    }
  });

  it('looks like the field it fills', () => {
    const [note] = rows(1, 1, [notes]) as [Payload];
    const book = createPayloadGenerator({ seed: 1 }).generate(books, { relatedIds: RELATED, index: 4 });
    expect(book.isbn).toMatch(/^978\d{10}$/);
    expect(book.price).toMatch(/^\d{1,3}\.\d{2}$/);
    expect(book.author).toBe(15);
    expect(String(note.title)).toMatch(/^[A-Z][a-z]+( [a-z]+)*$/);
    const date = String(createPayloadGenerator({ seed: 2 }).generate(authors, { index: 0 }).birth_date ?? '1990-01-01');
    expect(Number(date.slice(0, 4))).toBeLessThan(2008);
  });

  it('is deterministic: the same seed gives byte-identical JSON, another seed different JSON', () => {
    const a = JSON.stringify(rows(42, 200));
    expect(JSON.stringify(rows(42, 200))).toBe(a);
    expect(JSON.stringify(rows(43, 200))).not.toBe(a);
    // Without explicit indexes the call counter stands in, just as reproducibly.
    const [g1, g2] = [createPayloadGenerator({ seed: 5 }), createPayloadGenerator({ seed: 5 })];
    for (let i = 0; i < 50; i += 1) expect(JSON.stringify(g1.generate(books, { relatedIds: RELATED }))).toBe(JSON.stringify(g2.generate(books, { relatedIds: RELATED })));
  });

  it('keeps unique-looking fields unique over 1,000 rows, even in short columns', () => {
    const schema = endpoint('/api/accounts/', {
      email: { type: 'email', required: true, max_length: 40 }, username: text(20), slug: { type: 'slug', required: true, max_length: 12 },
      code: text(8), sku: text(6), isbn: text(13), barcode: text(13), uuid: text(36),
    });
    const seen = new Map<string, Set<unknown>>();
    const gen = createPayloadGenerator({ seed: 9 });
    for (let index = 0; index < 1000; index += 1) {
      const payload = gen.generate(schema, { index });
      expect(validateAgainstSchema(schema, payload)).toEqual([]);
      for (const [k, v] of Object.entries(payload)) seen.set(k, (seen.get(k) ?? new Set()).add(v));
    }
    expect([...seen.entries()].map(([k, s]) => [k, s.size])).toEqual(schema.fields.map((f) => [f.name, 1000]));
    const authorGen = createPayloadGenerator({ seed: 9 });
    const emails = new Set(Array.from({ length: 1000 }, (_, index) => authorGen.generate(authors, { index }).email));
    const isbns = new Set(Array.from({ length: 1000 }, (_, index) => authorGen.generate(books, { index, relatedIds: RELATED }).isbn));
    expect([emails.size, isbns.size]).toEqual([1000, 1000]);
  });

  it('respects max_length and min_length on every kind of text, however small', () => {
    const schema = endpoint('/api/tiny/', {
      title: text(5), body: text(10), phone: text(8), email: { type: 'email', required: true, max_length: 24 },
      website: { type: 'url', required: true, max_length: 15 }, name: text(4), city: text(3), country: text(2),
      company: text(6), code: text(3), isbn: text(10), description: { ...text(40), min_length: 30 }, misc: text(1),
    });
    const gen = createPayloadGenerator({ seed: 11 });
    for (let index = 0; index < 300; index += 1) {
      const payload = gen.generate(schema, { index });
      expect(validateAgainstSchema(schema, payload), JSON.stringify(payload)).toEqual([]);
    }
  });

  it('picks related ids round-robin by row, sends arrays for to-many fields, and omits what it cannot fill', () => {
    const gen = createPayloadGenerator({ seed: 1 });
    expect(Array.from({ length: 7 }, (_, index) => gen.generate(books, { relatedIds: RELATED, index }).author)).toEqual([11, 12, 13, 14, 15, 11, 12]);
    const posts = endpoint('/api/posts/', { tags: { type: 'field', required: true }, editor: { type: 'field', required: false } });
    const tags = ['t1', 't2', 't3', 't4'];
    for (let index = 0; index < 20; index += 1) {
      const payload = gen.generate(posts, { relatedIds: { tags }, index });
      expect(payload).not.toHaveProperty('editor');
      expect(validateAgainstSchema(posts, payload, { relatedIds: { tags } })).toEqual([]);
    }
  });

  it('fills nested objects, nested lists, choices, booleans, times and DRF 3.15 decimals', () => {
    const schema = endpoint('/api/orders/', {
      shipping: { type: 'nested object', required: true, children: { city: text(30), zip_code: text(10), phone: text(20) } },
      items: { type: 'field', required: true, child: { type: 'nested object', required: true, children: {
        product: { type: 'field', required: true }, qty: { type: 'integer', required: true, min_value: 1, max_value: 9 } } } },
      labels: { type: 'list', required: true, max_length: 2, child: { type: 'string', required: true, max_length: 8 } },
      sizes: { type: 'multiple choice', required: true, choices: [{ value: 's', display_name: 'S' }, { value: 'm', display_name: 'M' }] },
      gift: { type: 'boolean', required: true }, deliver_at: { type: 'time', required: true }, created: { type: 'datetime', required: true },
      total: { type: 'decimal', required: true, max_digits: 4, decimal_places: 1, min_value: 10 },
      weight: { type: 'float', required: true, min_value: 0.5, max_value: 2 }, metadata: { type: 'field', required: true },
    });
    const relatedIds = { 'items.product': [7, 8] };
    const gen = createPayloadGenerator({ seed: 4 });
    for (let index = 0; index < 200; index += 1) {
      const payload = gen.generate(schema, { relatedIds, index });
      expect(validateAgainstSchema(schema, payload, { relatedIds }), JSON.stringify(payload)).toEqual([]);
    }
  });

  it('never dates anything after its reference day', () => {
    const refDate = '2024-03-01T00:00:00Z';
    const gen = createPayloadGenerator({ seed: 8, refDate });
    for (let index = 0; index < 500; index += 1) {
      const payload = gen.generate(books, { index, relatedIds: RELATED });
      expect(String(payload.published) < '2024-03-01').toBe(true);
    }
  });
});

describe('validateAgainstSchema (the check the tests above rely on)', () => {
  it('catches a payload that breaks max_length, and other things DRF would reject', () => {
    const valid = createPayloadGenerator({ seed: 1 }).generate(notes, { index: 0 });
    expect(validateAgainstSchema(notes, valid)).toEqual([]);
    const broken = { ...valid, title: 'x'.repeat(121), priority: 6, status: 'deleted', email: 'nobody', id: 3 };
    expect(validateAgainstSchema(notes, broken).map((v) => v.field).sort()).toEqual(['email', 'id', 'priority', 'status', 'title']);
    const { title: _, ...untitled } = valid;
    expect(validateAgainstSchema(notes, untitled)).toEqual([{ field: 'title', message: 'required field missing' }]);
    const book = { ...createPayloadGenerator({ seed: 1 }).generate(books, { relatedIds: RELATED, index: 0 }), isbn: '978-0-00-000' };
    expect(validateAgainstSchema(books, book, { relatedIds: RELATED, patterns: LIBRARY_PATTERNS }).map((v) => v.field)).toEqual(['isbn']);
    expect(validateAgainstSchema(books, { ...book, published: '2999-01-01', author: 99 }, { relatedIds: RELATED }).map((v) => v.field)).toEqual(['published', 'author']);
  });
});

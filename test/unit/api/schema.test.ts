import { describe, it, expect } from 'vitest';
import {
  parseApiRoot, parseOptionsMetadata, type EndpointSchema,
} from '../../../src/api/schema.js';
import { orderByDependencies } from '../../../src/api/dependencies.js';
import { plurals, singular } from '../../../src/api/words.js';
import { authors, books, notes, recorded } from '../seed/recorded.js';

const names = (fields: { name: string }[]): string[] => fields.map((f) => f.name);

/** A POST-able endpoint from a compact field map, for shapes the recorded services do not have. */
function endpoint(path: string, fields: Record<string, object>, name = ''): EndpointSchema {
  return parseOptionsMetadata(path, { name, description: '', actions: { POST: fields } });
}
const fk = (required = true): object => ({ type: 'field', required, read_only: false });

describe('parseOptionsMetadata', () => {
  it('reads the recorded notes endpoint', () => {
    expect(notes).toMatchObject({ path: '/api/notes/', name: 'Note List', resource: 'note', canCreate: true, needsMultipart: false });
    expect(names(notes.fields)).toEqual(['id', 'title', 'body', 'priority', 'status', 'email', 'created_at', 'updated_at']);
    expect(names(notes.writableFields)).toEqual(['title', 'body', 'priority', 'status', 'email']);
    expect(names(notes.requiredFields)).toEqual(['title']);
    expect(notes.relations).toEqual([]);
    const byName = new Map(notes.fields.map((f) => [f.name, f]));
    expect(byName.get('title')).toMatchObject({ kind: 'string', required: true, maxLength: 120, label: 'Title' });
    expect(byName.get('priority')).toMatchObject({ kind: 'integer', minValue: 1, maxValue: 5 });
    expect(byName.get('status')?.choices?.map((c) => c.value)).toEqual(['draft', 'published', 'archived']);
    expect(byName.get('created_at')).toMatchObject({ kind: 'datetime', readOnly: true });
    expect(byName.get('body')?.maxLength).toBeUndefined();
  });

  it('reads the recorded library endpoints, with the author foreign key as a relation', () => {
    expect(names(authors.requiredFields)).toEqual(['name', 'email']);
    expect(names(books.requiredFields)).toEqual(['title', 'isbn', 'pages', 'genre', 'price', 'published', 'author']);
    const author = books.fields.find((f) => f.name === 'author');
    expect(author).toMatchObject({ type: 'field', kind: 'related', many: false });
    expect(books.relations).toEqual([
      expect.objectContaining({ field: 'author', required: true, many: false, candidates: expect.arrayContaining(['author', 'authors']) }),
    ]);
    expect(books.fields.find((f) => f.name === 'price')).toMatchObject({ kind: 'decimal' });
    expect(books.fields.find((f) => f.name === 'isbn')).toMatchObject({ maxLength: 13, helpText: '13 digits, no hyphens.' });
  });

  it('treats a document without actions as a read-only endpoint', () => {
    const stats = parseOptionsMetadata('/api/stats/', { name: 'Stats List', description: 'Totals.', renders: [], parses: [] });
    expect(stats).toMatchObject({ canCreate: false, fields: [], writableFields: [], requiredFields: [], resource: 'stats' });
  });

  it('uses PUT fields when only PUT is offered, but cannot create', () => {
    const detail = parseOptionsMetadata('/api/profile/', { name: 'Profile', actions: { PUT: { bio: { type: 'string', required: false } } } });
    expect(detail.canCreate).toBe(false);
    expect(names(detail.writableFields)).toEqual(['bio']);
  });

  it('reads nested serializers, many=True nested lists and list children', () => {
    const orders = endpoint('/api/orders/', {
      shipping: { type: 'nested object', required: true, children: { city: { type: 'string', required: true, max_length: 50 } } },
      // DRF labels a many=True nested serializer (a ListSerializer) "field", with the item as child.
      items: {
        type: 'field', required: true, read_only: false,
        child: { type: 'nested object', required: true, children: { product: fk(), qty: { type: 'integer', required: true, min_value: 1 } } },
      },
      tags: { type: 'list', required: false, child: { type: 'string', required: true, max_length: 20 } },
    });
    const [shipping, items, tags] = orders.fields;
    expect(shipping).toMatchObject({ kind: 'nested', children: [expect.objectContaining({ name: 'city', maxLength: 50 })] });
    expect(items).toMatchObject({ kind: 'list', child: { kind: 'nested' } });
    expect(tags).toMatchObject({ kind: 'list', child: { kind: 'string', maxLength: 20 } });
    expect(orders.relations.map((r) => r.field)).toEqual(['items.product']);
  });

  it('tells relations from the other things DRF 3.14 calls "field", and reads DRF 3.15 decimal precision', () => {
    const e = endpoint('/api/jobs/', {
      owner: fk(), tags: fk(false), reviewer_ids: fk(false), metadata: fk(false), timeout: fk(false),
      price: { type: 'decimal', required: true, max_digits: 8, decimal_places: 3 },
      report: { type: 'file upload', required: true },
    });
    expect(e.fields.map((f) => [f.name, f.kind, f.many])).toEqual([
      ['owner', 'related', false], ['tags', 'related', true], ['reviewer_ids', 'related', true],
      ['metadata', 'json', undefined], ['timeout', 'duration', undefined], ['price', 'decimal', undefined], ['report', 'file', undefined],
    ]);
    expect(e.fields[5]).toMatchObject({ maxDigits: 8, decimalPlaces: 3 });
    expect(e.needsMultipart).toBe(true);
  });

  it('rejects a body that is not a JSON object', () => {
    expect(() => parseOptionsMetadata('/api/x/', 'Bad Gateway')).toThrow(TypeError);
    expect(() => parseOptionsMetadata('/api/x/', null)).toThrow(/OPTIONS \/api\/x\//);
  });
});

describe('parseApiRoot', () => {
  it('lists collection paths with the host stripped', () => {
    expect(parseApiRoot(recorded('library-root'), 'http://127.0.0.1:49153/api/')).toEqual(['/api/authors/', '/api/books/']);
    expect(parseApiRoot(recorded('notes-root'), 'http://localhost:8000/api/')).toEqual(['/api/notes/']);
  });

  it('resolves relative links, skips non-links and duplicates', () => {
    const root = { a: '/api/a/', b: 'b/', n: 3, nested: { x: '/y/' }, again: 'http://elsewhere/api/a/' };
    expect(parseApiRoot(root, 'http://host/api/')).toEqual(['/api/a/', '/api/b/']);
    expect(parseApiRoot(['/api/a/'], 'http://host/')).toEqual([]);
  });
});

describe('names', () => {
  it('pluralises and singularises the usual English forms', () => {
    expect(['note', 'category', 'box', 'branch', 'dish', 'class', 'day'].map((w) => plurals(w)[0]))
      .toEqual(['notes', 'categories', 'boxes', 'branches', 'dishes', 'classes', 'days']);
    expect(['notes', 'categories', 'boxes', 'branches', 'status', 'address', 'days'].map(singular))
      .toEqual(['note', 'category', 'box', 'branch', 'status', 'address', 'day']);
  });
});

describe('orderByDependencies', () => {
  it('puts authors before books whatever the input order', () => {
    for (const input of [[books, authors], [authors, books], [books, notes, authors]]) {
      const plan = orderByDependencies(input);
      const order = plan.order.map((e) => e.path);
      expect(order.indexOf('/api/authors/')).toBeLessThan(order.indexOf('/api/books/'));
      expect(order).toHaveLength(input.length);
      expect(plan.relations).toEqual([{ endpoint: '/api/books/', field: 'author', target: '/api/authors/', required: true, many: false }]);
      expect(plan.cycles).toEqual([]);
      expect(plan.unresolved).toEqual([]);
    }
  });

  it('keeps the input order when nothing depends on anything', () => {
    expect(orderByDependencies([notes, authors]).order.map((e) => e.path)).toEqual(['/api/notes/', '/api/authors/']);
  });

  it('matches plural forms, suffixed names and view names', () => {
    const categories = endpoint('/api/categories/', {});
    const boxes = endpoint('/api/boxes/', {});
    const writers = endpoint('/api/people/', {}, 'Writer List');
    const users = endpoint('/api/users/', {});
    const item = endpoint('/api/items/', { category_id: fk(), box: fk(), writer: fk(), created_by: fk(false), parent_box: fk(false) });
    const plan = orderByDependencies([item, categories, boxes, writers, users]);
    expect(plan.relations.map((r) => [r.field, r.target])).toEqual([
      ['category_id', '/api/categories/'], ['box', '/api/boxes/'], ['writer', '/api/people/'],
      ['created_by', '/api/users/'], ['parent_box', '/api/boxes/'],
    ]);
    expect(plan.order.at(-1)?.path).toBe('/api/items/');
  });

  it('reports unknown targets instead of throwing', () => {
    const e = endpoint('/api/books/', { publisher: fk(), author: fk(false) });
    const plan = orderByDependencies([e]);
    expect(plan.order).toEqual([e]);
    expect(plan.unresolved).toEqual([
      expect.objectContaining({ endpoint: '/api/books/', field: 'publisher', required: true }),
      expect.objectContaining({ field: 'author', required: false }),
    ]);
  });

  it('reports cycles and still orders every endpoint, optional links last', () => {
    const teams = endpoint('/api/teams/', { captain: { ...fk(false), label: 'Captain' }, player: fk(false) });
    const players = endpoint('/api/players/', { team: fk() });
    const plan = orderByDependencies([players, teams]);
    expect(plan.order.map((e) => e.path)).toEqual(['/api/teams/', '/api/players/']);
    expect(plan.cycles).toEqual([{ paths: ['/api/players/', '/api/teams/'], breakable: true }]);
  });

  it('reports a self-reference as a one-endpoint cycle, unbreakable only when required', () => {
    const folders = endpoint('/api/folders/', { parent: fk(false) });
    const nodes = endpoint('/api/nodes/', { parent_node: fk(true) });
    const plan = orderByDependencies([folders, nodes]);
    expect(plan.cycles).toEqual([{ paths: ['/api/folders/'], breakable: true }, { paths: ['/api/nodes/'], breakable: false }]);
    expect(plan.order).toEqual([folders, nodes]);
  });
});

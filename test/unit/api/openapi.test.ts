import { describe, it, expect } from 'vitest';
import { findSchemaRoutes, parseOpenApi } from '../../../src/api/openapi.js';
import { buildResources } from '../../../src/api/resources.js';
import { emptyApi } from '../../../src/pipeline/context.js';
import { createPayloadGenerator } from '../../../src/seed/payload.js';
import { orderByDependencies, type EndpointSchema, type FieldSchema } from '../../../src/api/schema.js';
import type { ResolvedRoute } from '../../../src/api/url-resolver.js';
import { authors, books, LIBRARY_PATTERNS, recorded } from '../seed/recorded.js';
import { validateAgainstSchema } from '../seed/validate.js';

const names = (fields: { name: string }[]): string[] => fields.map((f) => f.name);
const byName = (schema: EndpointSchema): Map<string, FieldSchema> => new Map(schema.fields.map((f) => [f.name, f]));

// What both sources can say about a field; the choices' display names are OPTIONS-only.
const COMPARED = ['required', 'readOnly', 'minLength', 'maxLength', 'minValue', 'maxValue'] as const;

describe('parseOpenApi: the library-pg document (DRF get_schema_view)', () => {
  const parsed = parseOpenApi(recorded('library-openapi'));
  const [openAuthors, openBooks] = parsed as [EndpointSchema, EndpointSchema];

  it('finds the two collections, not their templated detail paths', () => {
    expect(parsed.map((s) => [s.path, s.resource, s.canCreate, s.needsMultipart])).toEqual([
      ['/api/authors/', 'author', true, false], ['/api/books/', 'book', true, false],
    ]);
    expect(parsed.map((s) => [s.methods, s.hasDetail])).toEqual([[['GET', 'POST'], true], [['GET', 'POST'], true]]);
    expect(openBooks).toMatchObject({ name: 'createBook', description: expect.stringContaining('?genre=') });
  });

  it.each([
    ['authors', () => openAuthors, () => authors],
    ['books', () => openBooks, () => books],
  ])('%s: matches what OPTIONS says on every field and property both express', (_, open, options) => {
    const fromOpenApi = open();
    const fromOptions = options();
    expect(names(fromOpenApi.writableFields)).toEqual(names(fromOptions.writableFields));
    expect(names(fromOpenApi.requiredFields)).toEqual(names(fromOptions.requiredFields));
    const openFields = byName(fromOpenApi);
    const shared = fromOptions.fields.filter((f) => openFields.has(f.name));
    // The recorded OPTIONS predate the fixture's current serializers: only read-only fields differ.
    const drift = [...fromOptions.fields, ...fromOpenApi.fields].filter((f) => !shared.some((s) => s.name === f.name));
    expect(drift.every((f) => f.readOnly), names(drift).join()).toBe(true);
    for (const o of shared) {
      const a = openFields.get(o.name)!;
      for (const key of COMPARED) if (o[key] !== undefined) expect(a[key], `${o.name}.${key}`).toEqual(o[key]);
      expect(a.required, o.name).toBe(o.required);
      expect(a.readOnly, o.name).toBe(o.readOnly);
      expect(a.choices?.map((c) => c.value), o.name).toEqual(o.choices?.map((c) => c.value));
      expect(a.kind, o.name).toBe(o.kind);
    }
    expect(fromOpenApi.relations).toEqual(fromOptions.relations);
  });

  it('keeps the foreign key an integer by type but makes it a relation, as OPTIONS\' "field" is', () => {
    expect(byName(openBooks).get('author')).toMatchObject({ type: 'integer', kind: 'related', many: false, required: true });
    const plan = orderByDependencies([openBooks, openAuthors]);
    expect(plan.order.map((s) => s.path)).toEqual(['/api/authors/', '/api/books/']);
    expect(plan.relations).toEqual([{ endpoint: '/api/books/', field: 'author', target: '/api/authors/', required: true, many: false }]);
  });

  it('reads what OPTIONS does not publish: decimal precision, min_value 0, the ISBN pattern stays a plain string', () => {
    const fields = byName(openBooks);
    // DRF writes max_digits=6, decimal_places=2 as multipleOf 0.01 and maximum 10^4: digits, not a max_value.
    expect(fields.get('price')).toMatchObject({ kind: 'decimal', decimalPlaces: 2, maxDigits: 6, minValue: 0 });
    expect(fields.get('price')?.maxValue).toBeUndefined();
    expect(fields.get('isbn')).toMatchObject({ kind: 'string', maxLength: 13 });
    expect(byName(openAuthors).get('email')).toMatchObject({ kind: 'email', maxLength: 254 });
  });

  it('gives payloads the service accepts, as the OPTIONS schemas do', () => {
    const gen = createPayloadGenerator({ seed: 3 });
    const relatedIds = { author: [4, 5, 6] };
    for (const schema of parsed) {
      for (let index = 0; index < 200; index += 1) {
        const payload = gen.generate(schema, { relatedIds, index });
        expect(validateAgainstSchema(schema, payload, { relatedIds, patterns: LIBRARY_PATTERNS }), JSON.stringify(payload)).toEqual([]);
      }
    }
  });
});

/** A drf-spectacular-like document exercising what the library one does not. */
const SYNTHETIC = {
  openapi: '3.0.3',
  servers: [{ url: 'https://shop.example/v2' }],
  paths: {
    '/orders/': { post: { operationId: 'orders_create', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/OrderRequest' } } } } } },
    '/products/': { post: { requestBody: { content: { 'application/vnd.api+json': { schema: { $ref: '#/components/schemas/Product' } } } } } },
    '/categories/': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Category' } } } } } },
    '/orders/{id}/': { put: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/OrderRequest' } } } } } },
    '/shops/{shop}/items/': { post: { requestBody: { content: { 'application/json': { schema: { type: 'object', properties: {} } } } } } },
    '/uploads/': { post: { requestBody: { content: { 'multipart/form-data': { schema: { type: 'object', properties: {} } } } } } },
    '/bulk/': { post: { requestBody: { content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Product' } } } } } } },
    '/tags/': { get: {} },
  },
  components: {
    schemas: {
      Base: { type: 'object', properties: { id: { type: 'integer', readOnly: true }, note: { type: 'string', maxLength: 50 } }, required: ['note'] },
      OrderRequest: {
        allOf: [{ $ref: '#/components/schemas/Base' }, {
          type: 'object',
          properties: {
            status: { allOf: [{ $ref: '#/components/schemas/StatusEnum' }], readOnly: true },
            size: { oneOf: [{ $ref: '#/components/schemas/SizeEnum' }, { $ref: '#/components/schemas/BlankEnum' }, { $ref: '#/components/schemas/NullEnum' }] },
            shipping: { $ref: '#/components/schemas/Address' },
            lines: { type: 'array', minItems: 1, maxItems: 5, items: { $ref: '#/components/schemas/Line' } },
            tags: { type: 'array', items: { type: 'integer' } },
            labels: { type: 'array', items: { type: 'string', enum: ['gift', 'fragile'] } },
            total: { type: 'string', format: 'decimal', pattern: '^-?\\d{0,6}(?:\\.\\d{0,3})?$' },
            placed_at: { type: 'string', format: 'date-time' },
            site: { type: 'string', format: 'uri' },
            token: { type: 'string', format: 'uuid' },
            comment: { type: ['string', 'null'], minLength: 2 },
            extra: { type: 'object', additionalProperties: {} },
            invoice: { type: 'string', format: 'binary' },
          },
          required: ['shipping', 'lines', 'total', 'invoice'],
        }],
      },
      StatusEnum: { enum: ['new', 'paid'], type: 'string' },
      SizeEnum: { enum: ['s', 'm'], type: 'string' },
      BlankEnum: { enum: [''] },
      NullEnum: { enum: [null] },
      Address: { type: 'object', properties: { city: { type: 'string', maxLength: 40 }, zip: { type: 'string' } }, required: ['city'] },
      Line: { type: 'object', properties: { product: { type: 'integer' }, qty: { type: 'integer', minimum: 1, maximum: 99 } }, required: ['product', 'qty'] },
      Product: { type: 'object', properties: { name: { type: 'string' }, price: { type: 'number' }, category: { type: 'integer', nullable: true } } },
      Category: { type: 'object', properties: { name: { type: 'string' }, parent: { type: 'integer' }, children: { type: 'array', items: { $ref: '#/components/schemas/Category' } } } },
    },
  },
};

describe('parseOpenApi: $ref, allOf, nested and array cases', () => {
  const parsed = parseOpenApi(SYNTHETIC);
  const [orders, products, categories] = parsed as [EndpointSchema, EndpointSchema, EndpointSchema];
  const fields = byName(orders);

  it('keeps parameterless JSON POST paths only, under the server\'s path prefix', () => {
    expect(parsed.map((s) => s.path)).toEqual(['/v2/orders/', '/v2/products/', '/v2/categories/']);
    expect(products.resource).toBe('product');
    expect(categories.resource).toBe('category');
  });

  it('merges allOf over a $ref chain, with the required lists of every part', () => {
    expect(names(orders.fields).slice(0, 3)).toEqual(['id', 'note', 'status']);
    expect(names(orders.requiredFields)).toEqual(['note', 'shipping', 'lines', 'total', 'invoice']);
    expect(fields.get('id')).toMatchObject({ kind: 'integer', readOnly: true });
    expect(fields.get('note')).toMatchObject({ kind: 'string', maxLength: 50, required: true });
  });

  it('reads enums behind allOf and oneOf, with the sibling readOnly winning', () => {
    expect(fields.get('status')).toMatchObject({ kind: 'choice', readOnly: true, choices: [{ value: 'new', displayName: 'new' }, { value: 'paid', displayName: 'paid' }] });
    expect(fields.get('size')?.choices?.map((c) => c.value)).toEqual(['s', 'm', '']);
    expect(fields.get('labels')).toMatchObject({ kind: 'multiple-choice', choices: [{ value: 'gift' }, { value: 'fragile' }] });
  });

  it('maps nested objects, lists of nested objects and the relations inside them', () => {
    expect(fields.get('shipping')).toMatchObject({
      kind: 'nested', required: true,
      children: [expect.objectContaining({ name: 'city', maxLength: 40, required: true }), expect.objectContaining({ name: 'zip', required: false })],
    });
    const lines = fields.get('lines')!;
    expect(lines).toMatchObject({ kind: 'list', minLength: 1, maxLength: 5, child: { kind: 'nested' } });
    expect(lines.child?.children?.map((c) => [c.name, c.kind, c.minValue, c.maxValue])).toEqual([['product', 'related', undefined, undefined], ['qty', 'integer', 1, 99]]);
    expect(fields.get('tags')).toMatchObject({ type: 'array', kind: 'related', many: true });
    expect(fields.get('tags')?.child).toBeUndefined();
    expect(orders.relations.map((r) => [r.field, r.many, r.required])).toEqual([['lines.product', false, true], ['tags', true, false]]);
    expect(products.relations.map((r) => r.field)).toEqual(['category']);
    expect(byName(categories).get('parent')?.kind).toBe('related');
  });

  it('maps formats and types, and a file upload makes the endpoint multipart', () => {
    const kinds = Object.fromEntries(orders.fields.map((f) => [f.name, f.kind]));
    expect(kinds).toMatchObject({ total: 'decimal', placed_at: 'datetime', site: 'url', token: 'string', comment: 'string', extra: 'json', invoice: 'file' });
    expect(fields.get('total')).toMatchObject({ decimalPlaces: 3, maxDigits: 9 });
    expect(fields.get('token')?.type).toBe('uuid');
    expect(fields.get('comment')?.minLength).toBe(2);
    expect(byName(products).get('price')?.kind).toBe('float');
    expect(orders.needsMultipart).toBe(true);
  });

  it('stops at a self-referencing component', () => {
    const children = byName(categories).get('children')!;
    expect(children).toMatchObject({ kind: 'list', child: { kind: 'nested' } });
    expect(children.child?.children?.find((c) => c.name === 'children')?.child?.kind).toBe('unknown');
  });

  it('ignores what is no OpenAPI document', () => {
    expect(parseOpenApi(null)).toEqual([]);
    expect(parseOpenApi({ openapi: '3.0.0' })).toEqual([]);
    expect(parseOpenApi({ paths: { '/x/': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/nowhere' } } } } } } } })).toEqual([]);
  });
});

const route = (path: string | null, view: string, name: string | null = null): ResolvedRoute =>
  ({ path, route: path ?? '', name, view, actions: null, drf: true, cached: false });

describe('findSchemaRoutes', () => {
  it('picks schema views by class, then conventional schema paths', () => {
    const routes = [
      route('/health/', 'core.urls.health'),
      route('/api/', 'rest_framework.routers.APIRootView', 'api-root'),
      route('/openapi.json', 'core.views.static_schema'),
      route('/api/schema/', 'rest_framework.schemas.views.SchemaView', 'openapi-schema'),
      route('/api/v1/spec/', 'drf_spectacular.views.SpectacularAPIView'),
      route('/api/schema/swagger-ui/', 'drf_spectacular.views.SpectacularSwaggerView'),
      route(null, 'rest_framework.schemas.views.SchemaView'),
      route('/admin/schema/', 'django.contrib.admin.sites.SchemaView'),
    ];
    expect(findSchemaRoutes(routes)).toEqual(['/api/schema/', '/api/v1/spec/', '/openapi.json']);
  });

  it('finds none in a service without one', () => {
    expect(findSchemaRoutes([route('/api/notes/', 'notes.views.NoteViewSet')])).toEqual([]);
  });
});

describe('endpoint kinds from the OpenAPI operations, not from the path', () => {
  const doc = {
    openapi: '3.0.2',
    paths: {
      '/api/user/create/': { post: { operationId: 'createUser', requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' } } } } } } } },
    },
  };

  it('a POST-only CreateAPIView gets create checks only: no list, no detail steps', () => {
    const [create] = parseOpenApi(doc);
    expect(create).toMatchObject({ path: '/api/user/create/', methods: ['POST'], hasDetail: false });
    const map = buildResources(undefined, { ...emptyApi(), schemas: [create!] });
    expect(map.collections[0]!.methods).toEqual(['POST']);
  });
});

import { describe, expect, it } from 'vitest';
import type { FieldSchema } from '../../../src/api/schema.js';
import { orderByDependencies } from '../../../src/api/dependencies.js';
import { jsPattern } from '../../../src/api/probe-fields.js';
import { everySerializer, probed, resourcesOf, serializerSchema } from '../seed/probed.js';

const field = (fields: FieldSchema[], name: string): FieldSchema => {
  const found = fields.find((f) => f.name === name);
  if (!found) throw new Error(`no field ${name}`);
  return found;
};

describe('fieldFromProbe / schemaFromSerializer on the recorded serializers', () => {
  it.each(['3.2', '4.2'])('drift-pytest (Django %s): the registration password is write-only and required, the e-mail unique', (v) => {
    const schema = serializerSchema(probed(`drift-pytest-django${v}`), 'accounts.serializers.RegistrationSerializer', '/api/users/');
    expect(field(schema.fields, 'password')).toMatchObject({ kind: 'string', required: true, readOnly: false, writeOnly: true });
    expect(field(schema.fields, 'email')).toMatchObject({ kind: 'email', required: true, unique: true, maxLength: 254, allowBlank: false });
    expect(schema.writableFields.map((f) => f.name)).toEqual(['email', 'full_name', 'password']);
    expect(schema).toMatchObject({ model: 'accounts.User', resource: 'user', canCreate: true });
    // On /me/ the password may be left out.
    const me = serializerSchema(probed(`drift-pytest-django${v}`), 'accounts.serializers.UserSerializer');
    expect(field(me.fields, 'password')).toMatchObject({ required: false, writeOnly: true });
  });

  it('drift-pytest: a decimal with its precision and bound, a choice, a date', () => {
    const schema = serializerSchema(probed('drift-pytest-django3.2'), 'expenses.serializers.ExpenseSerializer');
    expect(field(schema.fields, 'amount')).toMatchObject({ kind: 'decimal', maxDigits: 10, decimalPlaces: 2, minValue: 0.01, required: true });
    expect(field(schema.fields, 'category')).toMatchObject({ kind: 'choice', required: false });
    expect(field(schema.fields, 'category').choices?.map((c) => c.value)).toEqual(['food', 'transport', 'housing', 'leisure', 'other']);
    expect(field(schema.fields, 'spent_on')).toMatchObject({ kind: 'date', required: true });
    expect(field(schema.fields, 'owner')).toMatchObject({ kind: 'email', readOnly: true });
  });

  it('auth-jwt: a writable nested many=True serializer becomes a list of objects holding the product relation', () => {
    const schema = serializerSchema(probed('auth-jwt-django3.2'), 'orders.serializers.OrderSerializer', '/api/orders/');
    const items = field(schema.fields, 'items');
    expect(items).toMatchObject({ kind: 'list', required: true, readOnly: false, child: { kind: 'nested' } });
    const children = items.child!.children!;
    expect(field(children, 'product')).toMatchObject({ kind: 'related', required: true, relatedModel: 'orders.Product', many: false });
    expect(field(children, 'quantity')).toMatchObject({ kind: 'integer', minValue: 1 });
    expect(field(children, 'unit_price').readOnly).toBe(true);
    expect(schema.relations).toEqual([expect.objectContaining({ field: 'items.product', required: true, model: 'orders.Product' })]);
  });

  it('drift-nomigrate: a read-only UUID, slugs of a many-to-many, a unique code, choices, a bounded decimal, URLs', () => {
    const schema = serializerSchema(probed('drift-nomigrate-django3.2'), 'courses.serializers.CourseSerializer', '/api/courses/');
    expect(field(schema.fields, 'public_id')).toMatchObject({ kind: 'uuid', readOnly: true });
    expect(field(schema.fields, 'tags')).toMatchObject({ kind: 'related', many: true, slugField: 'slug', relatedModel: 'courses.Tag', required: false });
    expect(field(schema.fields, 'code')).toMatchObject({ kind: 'string', unique: true, maxLength: 12 });
    expect(field(schema.fields, 'price')).toMatchObject({ kind: 'decimal', maxDigits: 7, decimalPlaces: 2, minValue: 0 });
    expect(field(schema.fields, 'syllabus_url')).toMatchObject({ kind: 'url', allowBlank: true });
    expect(field(schema.fields, 'instructor')).toMatchObject({ kind: 'related', relatedModel: 'courses.Instructor', required: true });
  });

  it('drift-subfolder: a slug with its validator pattern, a foreign key by model', () => {
    const doc = probed('drift-subfolder-django3.2');
    expect(field(serializerSchema(doc, 'inventory.serializers.WarehouseSerializer').fields, 'code')).toMatchObject({ kind: 'slug', unique: true, maxLength: 20, pattern: '^[-a-zA-Z0-9_]+$' });
    expect(field(serializerSchema(doc, 'inventory.serializers.ItemSerializer').fields, 'warehouse')).toMatchObject({ kind: 'related', relatedModel: 'inventory.Warehouse' });
  });

  it('maps every field of every recording to a kind a payload can be made of (or a read-only one)', () => {
    const unknown = everySerializer().flatMap(({ recording, key, schema }) => schema.writableFields.filter((f) => f.kind === 'unknown').map((f) => `${recording} ${key}.${f.name} (${f.type})`));
    expect(unknown).toEqual([]);
  });
});

describe('jsPattern', () => {
  it('spells Python\'s \\A and \\Z anchors as JavaScript\'s, and leaves an escaped backslash before a Z alone', () => {
    expect(jsPattern('^[\\w.@+-]+\\Z')).toBe('^[\\w.@+-]+$');
    expect(jsPattern('\\A\\d+\\Z')).toBe('^\\d+$');
    expect(jsPattern('^a\\\\Z$')).toBe('^a\\\\Z$');
    expect(jsPattern('^a\\\\\\Z')).toBe('^a\\\\$');
    expect(new RegExp(jsPattern('^[\\w.@+-]+\\Z')).test('Blake60_0')).toBe(true);
  });
});

describe('orderByDependencies with the probe\'s models', () => {
  it.each([
    ['drift-subfolder-django3.2', ['/api/warehouses/', '/api/items/'], [['/api/items/', 'warehouse', '/api/warehouses/']]],
    ['drift-nomigrate-django3.2', ['/api/instructors/', '/api/tags/', '/api/courses/'], [['/api/courses/', 'instructor', '/api/instructors/'], ['/api/courses/', 'tags', '/api/tags/']]],
    ['auth-jwt-django3.2', ['/api/products/', '/api/orders/'], [['/api/orders/', 'items.product', '/api/products/']]],
  ] as const)('%s: parents first, each relation matched by the model it points at', (name, order, relations) => {
    const schemas = resourcesOf(name).collections.map((c) => c.schema);
    const plan = orderByDependencies([...schemas].reverse());
    expect(plan.order.map((s) => s.path)).toEqual(order);
    expect(plan.relations.map((r) => [r.endpoint, r.field, r.target])).toEqual(relations);
    expect(plan.unresolved).toEqual([]);
    if (name.startsWith('drift-nomigrate')) expect(plan.relations.find((r) => r.field === 'tags')).toMatchObject({ many: true, slugField: 'slug' });
  });

  it('a model that no collection holds stays unresolved rather than matched by a similar name', () => {
    const [items] = resourcesOf('drift-subfolder-django3.2').collections.filter((c) => c.path === '/api/items/').map((c) => c.schema);
    const stranger = { ...resourcesOf('drift-subfolder-django3.2').collections[0]!.schema, path: '/api/warehouses/', model: 'elsewhere.Warehouse' };
    const plan = orderByDependencies([items!, stranger]);
    expect(plan.unresolved).toEqual([expect.objectContaining({ field: 'warehouse', required: true })]);
  });
});

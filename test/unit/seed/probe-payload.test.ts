import { describe, expect, it } from 'vitest';
import { createPayloadGenerator, type RelatedIds } from '../../../src/seed/payload.js';
import type { EndpointSchema } from '../../../src/api/schema.js';
import { everySerializer, probed, serializerSchema } from './probed.js';
import { validateAgainstSchema } from './validate.js';

/** Related ids for every relation of a schema (slugs for slug relations), as seeding would pass them. */
function relatedFor(schema: EndpointSchema): RelatedIds {
  return Object.fromEntries(schema.relations.map((r) => [r.field, r.slugField ? ['intro', 'python', 'web', 'data'] : [3, 5, 8, 13]]));
}

describe('payloads from the probe\'s serializers', () => {
  it('are valid for every writable serializer of every recording: limits, choices, decimals, patterns, relations', () => {
    const gen = createPayloadGenerator({ seed: 7 });
    for (const { recording, key, schema } of everySerializer()) {
      const relatedIds = relatedFor(schema);
      for (let index = 0; index < 150; index += 1) {
        const payload = gen.generate(schema, { relatedIds, index });
        expect(validateAgainstSchema(schema, payload, { relatedIds, distinctItems: true }), `${recording} ${key}: ${JSON.stringify(payload)}`).toEqual([]);
      }
    }
  });

  it('send write-only fields (the password) and never read-only ones (ids, the UUID, computed totals)', () => {
    const gen = createPayloadGenerator({ seed: 1 });
    const registration = serializerSchema(probed('drift-pytest-django3.2'), 'accounts.serializers.RegistrationSerializer');
    const course = serializerSchema(probed('drift-nomigrate-django3.2'), 'courses.serializers.CourseSerializer');
    const order = serializerSchema(probed('auth-jwt-django3.2'), 'orders.serializers.OrderSerializer');
    for (let index = 0; index < 50; index += 1) {
      const user = gen.generate(registration, { index });
      expect(typeof user.password).toBe('string');
      expect(String(user.password).length).toBeGreaterThanOrEqual(8);
      expect(user).not.toHaveProperty('id');
      expect(user).not.toHaveProperty('date_joined');
      const c = gen.generate(course, { relatedIds: relatedFor(course), index });
      expect(Object.keys(c).filter((k) => ['public_id', 'instructor_name', 'created'].includes(k))).toEqual([]);
      const o = gen.generate(order, { relatedIds: relatedFor(order), index });
      expect(o).not.toHaveProperty('total');
      for (const item of o.items as Array<Record<string, unknown>>) expect(Object.keys(item).sort()).toEqual(['product', 'quantity']);
    }
  });

  it('make every unique field unique per row, over seeding\'s rows and the flows\' rows alike', () => {
    for (const { recording, key, schema } of everySerializer()) {
      const unique = schema.writableFields.filter((f) => f.unique);
      if (!unique.length) continue;
      const gen = createPayloadGenerator({ seed: 3 });
      const seen = new Map(unique.map((f) => [f.name, new Set<unknown>()]));
      const indexes = [...Array.from({ length: 400 }, (_, i) => i), ...Array.from({ length: 50 }, (_, i) => 1_000_000 + i)];
      for (const index of indexes) {
        const payload = gen.generate(schema, { relatedIds: relatedFor(schema), index });
        for (const f of unique) seen.get(f.name)!.add(payload[f.name]);
      }
      for (const f of unique) expect(seen.get(f.name)!.size, `${recording} ${key}.${f.name}`).toBe(indexes.length);
    }
  });

  it('are deterministic with the seed: same seed, same bytes; another seed, other values', () => {
    const run = (seed: number): string => {
      const gen = createPayloadGenerator({ seed });
      return JSON.stringify(everySerializer().flatMap(({ schema }) => Array.from({ length: 20 }, (_, index) => gen.generate(schema, { relatedIds: relatedFor(schema), index }))));
    };
    expect(run(11)).toBe(run(11));
    expect(run(12)).not.toBe(run(11));
  });

  it('point nested order lines at different products, and always stock the products they order', () => {
    const order = serializerSchema(probed('auth-jwt-django3.2'), 'orders.serializers.OrderSerializer');
    const product = serializerSchema(probed('auth-jwt-django3.2'), 'orders.serializers.ProductSerializer');
    const gen = createPayloadGenerator({ seed: 5 });
    for (let index = 0; index < 100; index += 1) {
      const lines = gen.generate(order, { relatedIds: { 'items.product': [1, 2] }, index }).items as Array<{ product: number; quantity: number }>;
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(new Set(lines.map((l) => l.product)).size).toBe(lines.length);
      for (const line of lines) expect(line.quantity).toBeLessThanOrEqual(5);
      const p = gen.generate(product, { index });
      expect(p.stock).toBeGreaterThanOrEqual(100);
    }
  });

  it('fill a slug relation with the targets\' slugs, many of them for a many-to-many', () => {
    const course = serializerSchema(probed('drift-nomigrate-django3.2'), 'courses.serializers.CourseSerializer');
    const gen = createPayloadGenerator({ seed: 2, optionalRate: 1 });
    const tags = ['intro', 'python', 'web'];
    const sent = Array.from({ length: 6 }, (_, index) => gen.generate(course, { relatedIds: { tags, instructor: [4] }, index }));
    expect(sent.map((c) => c.instructor)).toEqual([4, 4, 4, 4, 4, 4]);
    expect(sent.map((c) => c.tags)).toEqual([['intro'], ['python', 'web'], ['web', 'intro', 'python'], ['intro'], ['python', 'web'], ['web', 'intro', 'python']]);
  });

  it('take values of the right shape whatever the field is called: UUIDs, dates, e-mails, URLs', () => {
    const gen = createPayloadGenerator({ seed: 9, optionalRate: 1 });
    const course = gen.generate(serializerSchema(probed('drift-nomigrate-django3.2'), 'courses.serializers.CourseSerializer'), { relatedIds: { instructor: [1] }, index: 0 });
    expect(course.syllabus_url).toMatch(/^https?:\/\/\S+$/);
    expect(course.starts_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(course.price).toMatch(/^\d{1,5}\.\d{2}$/);
    const instructor = gen.generate(serializerSchema(probed('drift-nomigrate-django3.2'), 'courses.serializers.InstructorSerializer'), { index: 0 });
    expect(instructor.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
    const uuidField = { name: 'reference', type: 'UUIDField', kind: 'uuid' as const, required: true, readOnly: false };
    const schema = { ...serializerSchema(probed('drift-nomigrate-django3.2'), 'courses.serializers.TagSerializer'), writableFields: [uuidField] };
    expect(gen.generate(schema, { index: 0 }).reference).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});

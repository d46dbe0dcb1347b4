import { describe, expect, it } from 'vitest';
import { invalidPayloads } from '../../../src/seed/invalid.js';
import { createPayloadGenerator } from '../../../src/seed/payload.js';
import { everySerializer, probed, serializerSchema } from './probed.js';
import { notes } from './recorded.js';
import { validateAgainstSchema } from './validate.js';

describe('invalidPayloads with what only the probe knows', () => {
  it('adds null and "" where allow_null / allow_blank are false, and leaves them out where they are true', () => {
    const schema = serializerSchema(probed('drift-nomigrate-django3.2'), 'courses.serializers.InstructorSerializer');
    const valid = createPayloadGenerator({ seed: 1 }).generate(schema, { index: 0 });
    expect(invalidPayloads(schema, valid).map((c) => `${c.field}:${c.reason}`)).toEqual([
      'name:missing-required', 'email:missing-required',
      'name:too-long', 'name:null', 'name:blank',
      'email:too-long', 'email:not-an-email', 'email:null', 'email:blank',
      // website allows "" (blank=True on the model), so only its null and its format are wrong.
      'website:too-long', 'website:not-a-url', 'website:null',
    ]);
  });

  it('checks the write-only password like any field, and never a nested list\'s items (one level down)', () => {
    const registration = serializerSchema(probed('drift-pytest-django3.2'), 'accounts.serializers.RegistrationSerializer');
    expect(invalidPayloads(registration, {}).filter((c) => c.field === 'password').map((c) => c.reason)).toEqual(['missing-required', 'null', 'blank']);
    const order = serializerSchema(probed('auth-jwt-django3.2'), 'orders.serializers.OrderSerializer');
    expect(invalidPayloads(order, {}).map((c) => `${c.field}:${c.reason}`)).toEqual([
      'items:missing-required', 'status:not-a-choice', 'status:null', 'note:too-long', 'note:null',
    ]);
  });

  it('breaks exactly one field per case, for every serializer of every recording', () => {
    const gen = createPayloadGenerator({ seed: 4 });
    for (const { recording, key, schema } of everySerializer()) {
      const relatedIds = Object.fromEntries(schema.relations.map((r) => [r.field, [1, 2, 3]]));
      const valid = gen.generate(schema, { relatedIds, index: 0 });
      for (const c of invalidPayloads(schema, valid)) {
        const fields = new Set(validateAgainstSchema(schema, c.payload, { relatedIds }).map((v) => v.field));
        expect([...fields], `${recording} ${key}: ${c.detail}`).toEqual([c.field]);
      }
    }
  });

  it('adds nothing to a schema read from OPTIONS, which never says allow_null or allow_blank', () => {
    expect(invalidPayloads(notes, {}).some((c) => c.reason === 'null' || c.reason === 'blank')).toBe(false);
  });
});

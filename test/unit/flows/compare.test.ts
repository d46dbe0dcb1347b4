import { describe, expect, it } from 'vitest';
import { echoMismatches, matchAll } from '../../../src/flows/compare.js';
import { createPayloadGenerator } from '../../../src/seed/payload.js';
import { probed, serializerSchema } from '../seed/probed.js';
import { notes } from '../seed/recorded.js';

describe('echoMismatches with the probe\'s field facts', () => {
  const registration = serializerSchema(probed('drift-pytest-django3.2'), 'accounts.serializers.RegistrationSerializer');

  it('never expects a write-only field back, and still checks every other one', () => {
    const sent = createPayloadGenerator({ seed: 1 }).generate(registration, { index: 0 });
    expect(sent).toHaveProperty('password');
    const answer = { id: 4, email: String(sent.email).toUpperCase(), full_name: sent.full_name, date_joined: '2026-12-01T00:00:00Z' };
    expect(echoMismatches(sent, answer, registration.fields)).toEqual([]);
    expect(echoMismatches(sent, { ...answer, full_name: 'someone else' }, registration.fields)).toEqual([
      `field "full_name": sent ${JSON.stringify(sent.full_name)}, got "someone else"`,
    ]);
  });

  it('without write_only (OPTIONS), a secret that is not echoed is no mismatch, any other missing field is', () => {
    expect(echoMismatches({ title: 'x', password: 'secret-1' }, { title: 'x' }, notes.fields)).toEqual([]);
    expect(echoMismatches({ title: 'x', body: 'y' }, { title: 'x' }, notes.fields)).toEqual(['field "body" is missing from the response']);
  });

  it('compares a many-to-many as a set, in whatever order the model renders it', () => {
    const course = serializerSchema(probed('drift-nomigrate-django3.2'), 'courses.serializers.CourseSerializer');
    expect(echoMismatches({ tags: ['web', 'intro'] }, { tags: ['intro', 'web'] }, course.fields)).toEqual([]);
    expect(echoMismatches({ tags: ['web', 'intro'] }, { tags: ['intro'] }, course.fields)).toHaveLength(1);
  });

  it('compares nested to-many rows as a multiset: the service renders them in its model\'s ordering, not as sent', () => {
    const order = serializerSchema(probed('auth-jwt-django3.2'), 'orders.serializers.OrderSerializer');
    const sent = { note: 'n', items: [{ product: 7, quantity: 1 }, { product: 2, quantity: 3 }] };
    const got = { note: 'n', items: [{ id: 1, product: 2, quantity: 3 }, { id: 2, product: 7, quantity: 1 }] };
    expect(echoMismatches(sent, got, order.fields)).toEqual([]);
    // Still a multiset: the same item twice does not stand for two different ones.
    expect(echoMismatches(sent, { ...got, items: [got.items[0], got.items[0]] }, order.fields)).toHaveLength(1);
  });

  it('keeps the order of a plain list of values', () => {
    const field = { name: 'steps', type: 'ListField', kind: 'list' as const, required: true, readOnly: false, child: { name: 'steps', type: 'CharField', kind: 'string' as const, required: true, readOnly: false } };
    expect(echoMismatches({ steps: ['a', 'b'] }, { steps: ['b', 'a'] }, [field])).toHaveLength(1);
  });

  it('pairs items one to one, also where a greedy pairing would fail', () => {
    // Sent item 0 fits answers 0 and 1, item 1 only answer 0.
    const fits = (s: number, g: number): boolean => (s === 0 ? g <= 1 : g === 0);
    expect(matchAll([0, 1], [0, 1], fits)).toBe(true);
    expect(matchAll([1, 1], [0, 1], fits)).toBe(false);
  });

  it('compares nested order lines item by item, with decimals as DRF renders them', () => {
    const order = serializerSchema(probed('auth-jwt-django3.2'), 'orders.serializers.OrderSerializer');
    const sent = { note: 'n', items: [{ product: 2, quantity: 3 }] };
    const got = { note: 'n', items: [{ id: 9, product: 2, quantity: 3, unit_price: '4.50', subtotal: '13.50' }], total: '13.50' };
    expect(echoMismatches(sent, got, order.fields)).toEqual([]);
    expect(echoMismatches(sent, { ...got, items: [{ ...got.items[0], quantity: 1 }] }, order.fields)).toHaveLength(1);
  });
});

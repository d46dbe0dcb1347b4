import { describe, expect, it } from 'vitest';
import type { EndpointSchema, FieldSchema } from '../../../src/api/schema.js';
import { buildEndpointSchema } from '../../../src/api/schema.js';
import { candidates, examplesIn, fieldErrors, judge400, reordered, shapedLike } from '../../../src/seed/learn.js';
import { PayloadLessons, unlearnedReason } from '../../../src/seed/lessons.js';

const field = (name: string, extra: Partial<FieldSchema> = {}): FieldSchema => ({ name, type: 'CharField', kind: 'string', required: true, readOnly: false, ...extra });
const schema = (fields: FieldSchema[], extra: Partial<EndpointSchema> = {}): EndpointSchema => ({
  ...buildEndpointSchema({ path: '/api/parts/', name: 'Parts', description: '', resource: 'part', canCreate: true, source: 'probe' }, fields), ...extra,
});

describe('reading a 400 to a body the harness made', () => {
  const code = field('code', { maxLength: 6, customValidation: true });
  const title = field('title', { maxLength: 50 });

  it('a field with a validate_<field> rule is the harness\'s to learn, not the service\'s failure', () => {
    const s = schema([code, title]);
    expect(judge400({ code: ['Use two letters, a dash and three digits, e.g. AB-123.'] }, s)).toEqual({
      kind: 'learnable', errors: [{ field: 'code', messages: ['Use two letters, a dash and three digits, e.g. AB-123.'] }],
    });
  });

  it('a field whose every rule the probe knows, refused: the service rejects valid data (stays a failure)', () => {
    const judged = judge400({ title: ['Not allowed.'] }, schema([code, title]));
    expect(judged).toMatchObject({ kind: 'rejects-valid', error: { field: 'title' } });
  });

  it('a collision with a stored value, a cross-field rule, an OPTIONS-only schema: learnable', () => {
    expect(judge400({ title: ['part with this title already exists.'] }, schema([title])).kind).toBe('learnable');
    expect(judge400({ non_field_errors: ['end must follow start'] }, schema([title], { customValidate: true })).kind).toBe('learnable');
    expect(judge400({ title: ['Not allowed.'] }, schema([title], { source: 'options' })).kind).toBe('learnable');
    expect(judge400({ day: ['Date has wrong format. Use one of these formats instead: DD/MM/YYYY.'] }, schema([field('day', { kind: 'date' })])).kind).toBe('learnable');
  });

  it('a 400 that names no field is no validation answer (a proxy, a bare Bad Request)', () => {
    expect(judge400('rejected', schema([title]))).toEqual({ kind: 'not-validation' });
    expect(judge400({ detail: 'Bad request' }, schema([title]))).toEqual({ kind: 'not-validation' });
    expect(fieldErrors({ title: { nested: ['x'] }, other: ['y'] }, schema([title]))).toEqual([{ field: 'title', messages: ['x'] }]);
  });
});

describe('candidates from the service\'s own words', () => {
  it('finds examples: e.g., for example, such as, quoted, one of', () => {
    expect(examplesIn('Use two letters, a dash and three digits, e.g. AB-123.')).toEqual(['AB-123']);
    expect(examplesIn('Must look like "XY-9".')).toEqual(['XY-9']);
    expect(examplesIn('Invalid. For example: 2024-Q1')).toEqual(['2024-Q1']);
    expect(examplesIn('Must be one of: red, green or blue')).toEqual(['red', 'green', 'blue']);
  });

  it('varies an example per row, keeping its shape (unique fields get one value each)', () => {
    const make = shapedLike('AB-123');
    expect(make(0)).toBe('AB-123');
    const many = Array.from({ length: 50 }, (_, i) => make(i) as string);
    for (const v of many) expect(v).toMatch(/^[A-Z]{2}-\d{3}$/);
    expect(new Set(many).size).toBe(50);
    expect(shapedLike('DD/MM/YYYY')(0)).toBe('15/01/2024');
  });

  it('orders candidates: the message\'s example, stored values, the name\'s shape; never the value refused', () => {
    const made = candidates({ field: field('postal_code', { maxLength: 10, customValidation: true }), messages: ['Postal code such as 75001'], sent: 'lorem', stored: ['SW1A 1AA'] }).map((m) => m(0));
    expect(made.slice(0, 3)).toEqual(['75001', 'SW1A 1AA', '12345']);
    expect(made).not.toContain('lorem');
    for (const v of made) expect(String(v).length).toBeLessThanOrEqual(10);
  });

  it('reorders a pair of dates or numbers for a cross-field rule', () => {
    const s = schema([field('starts', { kind: 'date' }), field('ends', { kind: 'date' })]);
    expect(reordered({ starts: '2024-05-01', ends: '2024-01-01' }, s)).toEqual([{ starts: '2024-01-01', ends: '2024-05-01' }]);
  });
});

describe('lessons', () => {
  it('apply what was learnt to every later row, varied per row, and leave out what no value satisfied', () => {
    const lessons = new PayloadLessons();
    const s = schema([field('code', { customValidation: true }), field('note', { required: false, customValidation: true }), field('title')]);
    lessons.learn(s.path, 'code', shapedLike('AB-123'));
    lessons.learn(s.path, 'note', 'omit');
    expect(lessons.apply(s, { code: 'xx', note: 'n', title: 't' }, 0)).toEqual({ code: 'AB-123', title: 't' });
    expect(lessons.apply(s, { code: 'xx', title: 't' }, 1)).toMatchObject({ code: expect.stringMatching(/^[A-Z]{2}-\d{3}$/) });
    expect(lessons.describe()).toEqual(['/api/parts/ code: sent as "AB-123" and values of its shape', '/api/parts/ note: left out (optional; no value the run tried was accepted)']);
  });

  it('words a rule it could not satisfy as the harness\'s limit, with the service\'s message', () => {
    expect(unlearnedReason([{ field: 'code', messages: ['Nope.'] }], 8, schema([]))).toBe('reached, not verified: the service\'s own validation of "code" refused every value the run tried (8 tries at /api/parts/; its message: "Nope.")');
  });
});

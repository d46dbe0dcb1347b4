import { describe, expect, it } from 'vitest';
import type { FieldSchema } from '../../../src/api/schema.js';
import { edgeCases, knownValidators, textOfLength, UNKNOWN_ID } from '../../../src/checks/edge-cases.js';

const field = (f: Partial<FieldSchema> & Pick<FieldSchema, 'name' | 'kind'>): FieldSchema => ({ type: f.kind, required: true, readOnly: false, ...f });
const BUILTIN = { validators: ['django.core.validators.MaxLengthValidator', 'django.core.validators.ProhibitNullCharactersValidator'] };
const byDetail = (cases: ReturnType<typeof edgeCases>): Record<string, { value: unknown; expect: string }> =>
  Object.fromEntries(cases.map((c) => [c.detail, { value: c.value, expect: c.expect }]));

describe('edge cases of a text field', () => {
  const title = field({ name: 'title', kind: 'string', maxLength: 40, allowBlank: false, allowNull: false });
  const cases = byDetail(edgeCases(title, 'Quarterly report', BUILTIN));

  it('exactly max_length is valid and one more is invalid, made of the valid value\'s letters without spaces', () => {
    expect(cases['exactly max_length 40']).toEqual({ value: 'QuarterlyreportQuarterlyreportQuarterlyr', expect: 'valid' });
    expect(cases['41 characters, max_length 40']!.value).toHaveLength(41);
    expect(cases['41 characters, max_length 40']!.expect).toBe('invalid');
  });

  it('blank, null, a JSON object and NUL are invalid where the probe proves it; non-ASCII only must not break', () => {
    expect(cases['blank, allow_blank false']!.expect).toBe('invalid');
    expect(cases['null, allow_null false']!.expect).toBe('invalid');
    expect(cases['a JSON object instead of text']!.expect).toBe('invalid');
    expect(cases['a NUL character']!.expect).toBe('invalid');
    expect(cases['non-ASCII text']!.expect).toBe('unknown');
  });

  it('a number for a CharField is never called invalid: DRF turns it into text on purpose', () => {
    expect(Object.values(cases).some((c) => typeof c.value === 'number')).toBe(false);
  });

  it('proves nothing valid where a validator it does not know, a pattern or uniqueness could object', () => {
    expect(byDetail(edgeCases(title, 'x', { validators: ['shop.validators.no_swearing'] }))['exactly max_length 40']!.expect).toBe('unknown');
    expect(byDetail(edgeCases({ ...title, unique: true }, 'x', BUILTIN))['exactly max_length 40']!.expect).toBe('unknown');
    expect(byDetail(edgeCases({ ...title, kind: 'email' }, 'a@b.c', BUILTIN))['exactly max_length 40']!.expect).toBe('unknown');
    // A validate_title or a project validator (customValidation) may refuse any value: its edges prove nothing valid.
    expect(byDetail(edgeCases({ ...title, customValidation: true }, 'x', BUILTIN))['exactly max_length 40']!.expect).toBe('unknown');
    // NUL is refused only by DRF's own validator; without it the database decides.
    expect(byDetail(edgeCases(title, 'x', { validators: [] }))['a NUL character']!.expect).toBe('unknown');
  });

  it('reads two limits of one kind as ambiguous', () => {
    expect(knownValidators({ validators: ['django.core.validators.MaxValueValidator', 'django.core.validators.MaxValueValidator'] })).toBe(false);
    expect(knownValidators({ validators: ['django.core.validators.MaxValueValidator'] })).toBe(true);
  });

  it('builds text of any length from any sample', () => {
    expect(textOfLength('  ', 5)).toBe('enide');
    expect(textOfLength(12, 3)).toBe('121');
  });
});

describe('edge cases of numbers', () => {
  it('an integer: its limits valid, just past them invalid, 0 and -1 only where allowed, text invalid', () => {
    const pages = byDetail(edgeCases(field({ name: 'pages', kind: 'integer', minValue: 1, maxValue: 5000 }), 10, { validators: ['django.core.validators.MinValueValidator', 'django.core.validators.MaxValueValidator'] }));
    expect(pages['exactly max_value 5000']).toEqual({ value: 5000, expect: 'valid' });
    expect(pages['above max_value 5000']).toEqual({ value: 5001, expect: 'invalid' });
    expect(pages['below min_value 1']).toEqual({ value: 0, expect: 'invalid' });
    expect(pages['0']).toBeUndefined();
    expect(pages['text instead of a number']!.expect).toBe('invalid');
  });

  it('stores no row at a column\'s own range (a bound Django adds, not one anybody wrote); just past it is still refused', () => {
    const qty = byDetail(edgeCases(field({ name: 'quantity', kind: 'integer', minValue: 0, maxValue: 2_147_483_647 }), 3));
    expect(qty['exactly max_value 2147483647']).toBeUndefined();
    expect(qty['above max_value 2147483647']).toEqual({ value: 2_147_483_648, expect: 'invalid' });
    expect(qty['exactly min_value 0']!.expect).toBe('valid');
  });

  it('an unbounded integer gets 0, -1 and 2^31, none of them judged beyond "never a 5xx"', () => {
    const parts = byDetail(edgeCases(field({ name: 'parts', kind: 'integer' }), 3));
    expect(parts['0']).toEqual({ value: 0, expect: 'unknown' });
    expect(parts['a negative number']).toEqual({ value: -1, expect: 'unknown' });
    expect(parts['past a 32-bit column (2^31)']).toEqual({ value: 2_147_483_648, expect: 'unknown' });
  });

  it('a decimal: whole digits past max_digits are invalid; a decimal place too many is sent but not judged (DRF may round)', () => {
    const price = byDetail(edgeCases(field({ name: 'price', kind: 'decimal', maxDigits: 8, decimalPlaces: 2, minValue: 0 }), '9.99'));
    expect(price['7 whole digits, max_digits 8 with 2 decimal places']).toEqual({ value: '1000000', expect: 'invalid' });
    expect(price['exactly min_value 0']).toEqual({ value: '0.00', expect: 'valid' });
    expect(price['3 decimal places, decimal_places 2']).toEqual({ value: '1.999', expect: 'unknown' });
  });
});

describe('edge cases of other kinds', () => {
  it('relations get a row that does not exist (inside a 32-bit id) and a wrong type', () => {
    const author = byDetail(edgeCases(field({ name: 'author', kind: 'related' }), 1));
    expect(author['a row that does not exist']).toEqual({ value: UNKNOWN_ID, expect: 'invalid' });
    expect(author['a JSON object instead of an id']!.expect).toBe('invalid');
    expect(byDetail(edgeCases(field({ name: 'tags', kind: 'related', many: true, slugField: 'slug' }), []))['a row that does not exist']!.value).toEqual(['__enid_no_such_row__']);
  });

  it('read-only fields get nothing; choices, dates and booleans get what DRF refuses', () => {
    expect(edgeCases(field({ name: 'id', kind: 'integer', readOnly: true }), 1)).toEqual([]);
    expect(edgeCases(field({ name: 'level', kind: 'choice', choices: [{ value: 'a', displayName: 'A' }] }), 'a').map((c) => c.expect)).toEqual(['invalid']);
    expect(edgeCases(field({ name: 'on', kind: 'date' }), '2020-01-01').map((c) => c.value)).toEqual(['not-a-date', '2023-02-30']);
    expect(edgeCases(field({ name: 'done', kind: 'boolean' }), true).map((c) => c.value)).toEqual(['maybe']);
  });
});

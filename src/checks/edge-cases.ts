/**
 * Edge and negative values per field, from the constraints the probe reported (not random noise). Each
 * case says what the harness can prove about it: `invalid` (the serializer must refuse it), `valid`
 * (its constraints accept it: exactly max_length, exactly max_value), or `unknown` (only "never a 5xx"
 * applies: 0 and negatives, unicode, a duplicate the database may refuse; any edge of a field with a rule of
 * the service's own, `validate_<field>` or a project validator). What DRF accepts on purpose
 * is never `invalid`: a numeric string for an IntegerField, `"true"` for a BooleanField, a number for a
 * CharField, unknown keys. Pure.
 */
import type { FieldSchema } from '../api/schema.js';

export type Expectation = 'invalid' | 'valid' | 'unknown';

/** One value for one field, and what can be proven about it. */
export interface EdgeCase {
  field: string;
  value: unknown;
  expect: Expectation;
  /** One line: `title: 41 characters, max_length 40`. */
  detail: string;
}

/** What the probe adds about a field beyond its FieldSchema: its validators' dotted names. */
export interface FieldFacts {
  validators?: readonly string[];
}

const TEXT = new Set(['string', 'slug', 'email', 'url', 'regex']);
const NUMBER = new Set(['integer', 'float', 'decimal']);
const NULL_CHECKED = new Set([...TEXT, ...NUMBER, 'boolean', 'choice', 'date', 'datetime', 'time', 'uuid', 'related']);
// Validators whose rules the harness knows: a value they allow is valid unless another validator objects.
const KNOWN_VALIDATORS = /(MaxLengthValidator|MinLengthValidator|MaxValueValidator|MinValueValidator|ProhibitNullCharactersValidator|ProhibitSurrogateCharactersValidator|DecimalValidator)$/;
/** A pk no row has, inside a 32-bit column's range (an out-of-range id is a database error on old Django, not the service's). */
export const UNKNOWN_ID = 2_147_483_646;
const NOT_A_CHOICE = '__enid_not_a_choice__';

/** Whether every validator of the field is one whose rules the harness knows. */
export function knownValidators(facts: FieldFacts | undefined): boolean {
  const list = facts?.validators ?? [];
  // Two limits of one kind (a model validator and the column's range) leave the probe's number ambiguous.
  return list.every((v) => KNOWN_VALIDATORS.test(v)) && new Set(list).size === list.length;
}

/** Text of exactly `length` characters made of the valid value's own letters (no whitespace: DRF trims it). */
export function textOfLength(sample: unknown, length: number): string {
  const letters = String(sample ?? '').replace(/[^A-Za-z0-9]/g, '') || 'enid';
  return letters.repeat(Math.ceil(length / letters.length)).slice(0, length);
}

/** A number clearly past `bound`: a plain ±1 vanishes in doubles for 64-bit bounds. */
function beyond(bound: number, direction: 1 | -1, field: FieldSchema): number | string {
  const step = Number.isSafeInteger(bound) || !Number.isInteger(bound) ? 1 : Math.abs(bound);
  const v = bound + direction * step;
  return field.kind === 'decimal' ? v.toFixed(field.decimalPlaces ?? 2) : field.kind === 'integer' ? Math.round(v) : v;
}

const asKind = (n: number, field: FieldSchema): number | string => (field.kind === 'decimal' ? n.toFixed(field.decimalPlaces ?? 2) : n);

function textCases(field: FieldSchema, sample: unknown, facts: FieldFacts | undefined): EdgeCase[] {
  const out: EdgeCase[] = [];
  const { maxLength, minLength, name } = field;
  // Only plain text has no rule beyond its length; an email or URL of exactly max_length is another matter.
  const provable = field.kind === 'string' && !field.pattern && !field.customValidation && knownValidators(facts);
  if (maxLength !== undefined) {
    out.push({ field: name, value: textOfLength(sample, maxLength), expect: provable && !field.unique ? 'valid' : 'unknown', detail: `exactly max_length ${maxLength}` });
    out.push({ field: name, value: textOfLength(sample, maxLength + 1), expect: 'invalid', detail: `${maxLength + 1} characters, max_length ${maxLength}` });
  }
  if (minLength !== undefined && minLength > 1) out.push({ field: name, value: textOfLength(sample, minLength - 1), expect: 'invalid', detail: `${minLength - 1} characters, min_length ${minLength}` });
  if (field.allowBlank === false) out.push({ field: name, value: '', expect: 'invalid', detail: 'blank, allow_blank false' });
  // A JSON object is no text to any CharField; a number is (DRF turns it into a string on purpose).
  out.push({ field: name, value: { enid: 1 }, expect: 'invalid', detail: 'a JSON object instead of text' });
  const nul = (facts?.validators ?? []).some((v) => v.endsWith('ProhibitNullCharactersValidator'));
  out.push({ field: name, value: 'enid\u0000nul', expect: nul ? 'invalid' : 'unknown', detail: 'a NUL character' });
  if (field.kind === 'string' && !field.pattern) {
    const text = 'Zoë 漢字 ✓ 😀';
    out.push({ field: name, value: maxLength !== undefined ? [...text].slice(0, maxLength).join('') : text, expect: 'unknown', detail: 'non-ASCII text' });
  }
  return out;
}

// The ranges of integer columns, which Django adds as validators to every IntegerField: a bound the
// storage sets, not one anybody wrote. A row stored at it (2 147 483 647 units) is a value no client
// sends, and it can break what the service computes from the row later (a total past its max_digits).
const COLUMN_LIMITS = new Set([32_767, -32_768, 2_147_483_647, -2_147_483_648, 9_223_372_036_854_775_807, -9_223_372_036_854_775_808]);

function numberCases(field: FieldSchema, facts: FieldFacts | undefined): EdgeCase[] {
  const out: EdgeCase[] = [];
  const { minValue, maxValue, name } = field;
  const provable = field.kind !== 'float' && !field.customValidation && knownValidators(facts) && !field.unique;
  if (maxValue !== undefined) {
    if (!COLUMN_LIMITS.has(maxValue)) out.push({ field: name, value: asKind(maxValue, field), expect: provable && withinDigits(maxValue, field) ? 'valid' : 'unknown', detail: `exactly max_value ${maxValue}` });
    out.push({ field: name, value: beyond(maxValue, 1, field), expect: 'invalid', detail: `above max_value ${maxValue}` });
  }
  if (minValue !== undefined) {
    if (!COLUMN_LIMITS.has(minValue)) out.push({ field: name, value: asKind(minValue, field), expect: provable && withinDigits(minValue, field) ? 'valid' : 'unknown', detail: `exactly min_value ${minValue}` });
    out.push({ field: name, value: beyond(minValue, -1, field), expect: 'invalid', detail: `below min_value ${minValue}` });
  }
  // Zero and a negative where nothing forbids them: arithmetic on a client's value breaks here.
  if (minValue === undefined || minValue <= 0) out.push({ field: name, value: asKind(0, field), expect: 'unknown', detail: '0' });
  if (minValue === undefined || minValue <= -1) out.push({ field: name, value: asKind(-1, field), expect: 'unknown', detail: 'a negative number' });
  if (field.kind === 'integer' && maxValue === undefined) out.push({ field: name, value: 2_147_483_648, expect: 'unknown', detail: 'past a 32-bit column (2^31)' });
  if (field.kind === 'decimal' && field.maxDigits !== undefined) {
    const whole = field.maxDigits - (field.decimalPlaces ?? 0);
    out.push({ field: name, value: `1${'0'.repeat(Math.max(whole, 0))}`, expect: 'invalid', detail: `${whole + 1} whole digits, max_digits ${field.maxDigits} with ${field.decimalPlaces ?? 0} decimal places` });
  }
  // One decimal place too many: refused, or rounded where the field was given a rounding mode (the probe cannot tell).
  if (field.kind === 'decimal' && field.decimalPlaces !== undefined) out.push({ field: name, value: `1.${'9'.repeat(field.decimalPlaces + 1)}`, expect: 'unknown', detail: `${field.decimalPlaces + 1} decimal places, decimal_places ${field.decimalPlaces}` });
  out.push({ field: name, value: 'not-a-number', expect: 'invalid', detail: 'text instead of a number' });
  return out;
}

/** A limit that fits max_digits (a decimal's bound may not). */
function withinDigits(bound: number, field: FieldSchema): boolean {
  if (field.kind !== 'decimal' || field.maxDigits === undefined) return true;
  return Math.abs(bound) < 10 ** (field.maxDigits - (field.decimalPlaces ?? 0));
}

function otherCases(field: FieldSchema): EdgeCase[] {
  const { name } = field;
  switch (field.kind) {
    case 'boolean': return [{ field: name, value: 'maybe', expect: 'invalid', detail: 'neither true nor false' }];
    case 'choice': return field.choices?.length ? [{ field: name, value: NOT_A_CHOICE, expect: 'invalid', detail: 'not one of the choices' }] : [];
    case 'multiple-choice': return field.choices?.length ? [{ field: name, value: [NOT_A_CHOICE], expect: 'invalid', detail: 'not one of the choices' }] : [];
    case 'date': return [{ field: name, value: 'not-a-date', expect: 'invalid', detail: 'not a date' }, { field: name, value: '2023-02-30', expect: 'invalid', detail: 'a day February does not have' }];
    case 'datetime': return [{ field: name, value: 'not-a-datetime', expect: 'invalid', detail: 'not a datetime' }];
    case 'uuid': return [{ field: name, value: 'not-a-uuid', expect: 'invalid', detail: 'not a UUID' }];
    case 'list': return [{ field: name, value: { enid: 1 }, expect: 'invalid', detail: 'a JSON object instead of a list' }];
    case 'nested': return [{ field: name, value: 'enid', expect: 'invalid', detail: 'text instead of an object' }];
    case 'related': return relatedCases(field);
    default: return [];
  }
}

function relatedCases(field: FieldSchema): EdgeCase[] {
  const { name } = field;
  const unknown = field.slugField ? '__enid_no_such_row__' : field.hyperlinked ? `http://enid.invalid/no-such-row/${UNKNOWN_ID}/` : UNKNOWN_ID;
  const out: EdgeCase[] = [{ field: name, value: field.many ? [unknown] : unknown, expect: 'invalid', detail: 'a row that does not exist' }];
  if (!field.slugField && !field.hyperlinked) out.push({ field: name, value: field.many ? [{ enid: 1 }] : { enid: 1 }, expect: 'invalid', detail: 'a JSON object instead of an id' });
  return out;
}

/**
 * The edge and negative cases of one writable field. `sample` is a valid value the generator made for
 * it (edge text is built from its letters, so content rules that accepted it see the same letters).
 */
export function edgeCases(field: FieldSchema, sample: unknown, facts?: FieldFacts): EdgeCase[] {
  if (field.readOnly) return [];
  const out: EdgeCase[] = [];
  if (TEXT.has(field.kind)) out.push(...textCases(field, sample, facts));
  if (NUMBER.has(field.kind)) out.push(...numberCases(field, facts));
  out.push(...otherCases(field));
  if (field.kind === 'email') out.push({ field: field.name, value: 'not-an-email', expect: 'invalid', detail: 'not an email address' });
  if (field.kind === 'url') out.push({ field: field.name, value: 'not a url', expect: 'invalid', detail: 'not a URL' });
  if (field.allowNull === false && NULL_CHECKED.has(field.kind)) out.push({ field: field.name, value: null, expect: 'invalid', detail: 'null, allow_null false' });
  return out;
}

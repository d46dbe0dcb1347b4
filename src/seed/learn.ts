/**
 * Payloads that learn from the service. A 400 that names fields is read the way a developer reads it:
 * is it a rule the harness could not know (a `validate_<field>`, a validator of the project's own, a
 * cross-field `validate()`, a uniqueness the run collided with, a format it was not told), or does the
 * service reject a value its own declared constraints allow? The first is the harness's limit, worth a
 * bounded retry with other candidates; the second is a failure of the service. Pure.
 */
import type { EndpointSchema, FieldSchema } from '../api/schema.js';
import type { Payload } from './payload.js';

/** One field named in a 400 body, with the service's messages for it. */
export interface FieldError {
  /** A field of the payload, or DRF's `non_field_errors` (cross-field rules). */
  field: string;
  messages: string[];
}

/** What a 400 answer to a body the harness made says. */
export type Judgement =
  /** Not a validation answer naming fields (a bare "Bad Request", a proxy's refusal): judged as it is. */
  | { kind: 'not-validation' }
  /** Every named field has rules the harness could not know: worth trying other values. */
  | { kind: 'learnable'; errors: FieldError[] }
  /** A field whose declared constraints the value satisfies was refused: the service rejects valid data. */
  | { kind: 'rejects-valid'; error: FieldError; because: string };

export const NON_FIELD = ['non_field_errors', '__all__'];

const messagesOf = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(messagesOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(messagesOf);
  return [];
};

/** The fields a DRF 400 body names (top-level keys that are writable fields, or non-field errors). */
export function fieldErrors(body: unknown, schema: EndpointSchema): FieldError[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [];
  const names = new Set([...schema.writableFields.map((f) => f.name), ...NON_FIELD]);
  return Object.entries(body as Record<string, unknown>)
    .filter(([key]) => names.has(key))
    .map(([field, value]) => ({ field, messages: messagesOf(value) }));
}

// DRF's and Django's words for a value another row holds already.
const UNIQUE = /already exists|must make a unique set|must be unique|is already (taken|in use|registered)|duplicate/i;
// Kinds whose every rule the probe reports (lengths, bounds, choices, precision): a refusal of a value
// within them, without a rule of the project's own, is the service's.
const DESCRIBED: ReadonlySet<FieldSchema['kind']> = new Set(['string', 'email', 'url', 'slug', 'integer', 'float', 'decimal', 'boolean', 'choice', 'multiple-choice', 'uuid']);

/** Why a refused field may carry a rule the harness could not know; undefined when its rules are all known. */
export function unknownRule(field: FieldSchema | undefined, schema: EndpointSchema, error: FieldError): string | undefined {
  if (NON_FIELD.includes(error.field)) return schema.customValidate || schema.uniqueTogether?.length ? 'a cross-field rule' : 'a rule not tied to one field';
  if (error.messages.some((m) => UNIQUE.test(m))) return 'a value another row holds';
  if (!field) return 'a field the schema does not describe';
  if (schema.source !== 'probe') return `${schema.source ?? 'OPTIONS'} does not describe every rule`;
  if (field.customValidation) return `validation of the service's own (validate_${field.name} or a validator of the project's)`;
  if (schema.customValidate) return 'the serializer\'s own validate()';
  if (field.pattern) return 'a pattern the run could only approximate';
  if (!DESCRIBED.has(field.kind)) return `a ${field.kind} field, whose accepted formats the probe does not report`;
  return undefined;
}

/** Reads a 400 to a body the harness made (see Judgement). */
export function judge400(body: unknown, schema: EndpointSchema): Judgement {
  const errors = fieldErrors(body, schema);
  if (!errors.length) return { kind: 'not-validation' };
  for (const error of errors) {
    const field = schema.writableFields.find((f) => f.name === error.field);
    if (!unknownRule(field, schema, error)) {
      return { kind: 'rejects-valid', error, because: `"${error.field}" has no rule of the service's own and the value sent satisfies every constraint the probe reports` };
    }
  }
  return { kind: 'learnable', errors };
}

/** Makes a field's value for a row: the same shape, and a different value per row where rows must differ. */
export type Maker = (index: number) => unknown;

/** What candidates are made from: the service's words, the field, values already stored. */
export interface CandidateInput {
  field: FieldSchema;
  messages: string[];
  /** The value that was refused. */
  sent: unknown;
  /** Values of this field in rows that exist (created by the run, listed, or read from its column). */
  stored?: readonly unknown[];
}

/** Example values a message offers: `e.g. AB-123`, `for example "X"`, `such as X`, quoted values, `one of: a, b`. */
export function examplesIn(message: string): string[] {
  const out: string[] = [];
  const cut = (v: string): string => v.trim().replace(/^["'`«“]|["'`»”]$/g, '').replace(/[.,;:)]+$/, '');
  for (const m of message.matchAll(/\b(?:e\.g\.?,?|eg\.|for example:?|for instance:?|such as|like|example:|format:?|formats instead:|in the form(?: of)?)\s+("[^"]+"|'[^']+'|`[^`]+`|\S+)/gi)) out.push(cut(m[1]!));
  for (const m of message.matchAll(/["'`“«]([^"'`”»]{1,80})["'`”»]/g)) out.push(m[1]!);
  const list = /\bone of:?\s+(.+)$/i.exec(message)?.[1];
  if (list) out.push(...list.split(/,\s*|\s+or\s+/).map(cut));
  return [...new Set(out.filter((v) => v.length > 0 && v.length <= 80))];
}

// Tokens of format strings that services spell out: `YYYY-MM-DD`, `DD/MM/YYYY`, `hh:mm`.
const DATE_TOKENS: Array<[RegExp, (d: Date) => string]> = [
  [/YYYY/g, (d) => String(d.getUTCFullYear())],
  [/MM/g, (d) => String(d.getUTCMonth() + 1).padStart(2, '0')],
  [/DD/g, (d) => String(d.getUTCDate()).padStart(2, '0')],
  [/hh|HH/g, (d) => String(d.getUTCHours()).padStart(2, '0')],
  [/mm/g, (d) => String(d.getUTCMinutes()).padStart(2, '0')],
  [/ss/g, (d) => String(d.getUTCSeconds()).padStart(2, '0')],
];
const isFormat = (example: string): boolean => /YYYY|DD|hh:mm|HH:MM/.test(example);

/**
 * A maker of values shaped like `example`: the same punctuation and character classes, letters and
 * digits varied by row (row 0 is the example itself), so unique fields get a value per row.
 */
export function shapedLike(example: string): Maker {
  if (isFormat(example)) {
    return (index) => {
      const d = new Date(Date.UTC(2024, 0, 15, 9, 30, 0) - index * 86_400_000);
      return DATE_TOKENS.reduce((s, [re, f]) => s.replace(re, f(d)), example.replace(/\[.*?]/g, ''));
    };
  }
  return (index) => {
    if (index === 0) return example;
    let n = index;
    return example.replace(/[A-Za-z0-9]/g, (c) => {
      if (n === 0) return c;
      const digit = n % 10;
      const letter = n % 26;
      n = Math.floor(n / (/\d/.test(c) ? 10 : 26));
      if (/\d/.test(c)) return String((Number(c) + digit) % 10);
      const base = c === c.toUpperCase() ? 65 : 97;
      return String.fromCharCode(base + ((c.charCodeAt(0) - base + letter) % 26));
    });
  };
}

// Values of well-known shapes, by what a field's name says it holds; tried after the service's own examples.
const BY_NAME: Array<[RegExp, string[]]> = [
  [/(^|_)(postal|zip)(_?code)?$/, ['12345', '94105', 'SW1A 1AA']],
  [/(^|_)(phone|mobile|tel|fax)(_number)?$/, ['+14155550123', '4155550123', '+44 20 7946 0958']],
  [/(^|_)(country)(_code)?$/, ['US', 'USA']],
  [/(^|_)(currency)(_code)?$/, ['USD', 'EUR']],
  [/(^|_)(lang|language|locale)(_code)?$/, ['en', 'en-US']],
  [/(^|_)colou?r$/, ['#1a2b3c', 'red']],
  [/(^|_)(version|semver)$/, ['1.0.0', '1.0']],
  [/(^|_)(iban)$/, ['DE89370400440532013000']],
  [/(^|_)(isbn)(13)?$/, ['9780306406157']],
  [/(^|_)(year)$/, ['2024']],
  [/(^|_)(month)$/, ['2024-01', '01']],
  [/(^|_)(date|day|on|at)$/, ['2024-01-15']],
  [/(^|_)(time)$/, ['12:30', '12:30:00']],
  [/(^|_)(ip|ip_address)$/, ['192.0.2.10']],
  [/(^|_)(mac|mac_address)$/, ['00:1A:2B:3C:4D:5E']],
  [/(^|_)(hex|hash|sha|digest)$/, ['deadbeef', 'a'.repeat(40)]],
  [/(^|_)(code|sku|ref|reference|number|no|id)$/, ['AB-123', 'ABC123', 'AB123', '123456', 'A1']],
];
const NUMERIC_STRINGS = ['1', '42', '100', '2024'];

/** Candidate makers for one refused field, most likely first, at most `limit`. */
export function candidates(input: CandidateInput, limit = 8): Maker[] {
  const { field } = input;
  const fits = (v: string): boolean => (field.maxLength === undefined || v.length <= field.maxLength) && (field.minLength === undefined || v.length >= field.minLength);
  const out: Maker[] = [];
  const seen = new Set<string>();
  const add = (key: string, maker: Maker): void => {
    if (seen.has(key) || out.length >= limit) return;
    seen.add(key);
    out.push(maker);
  };
  const numeric = field.kind === 'integer' || field.kind === 'float' || field.kind === 'decimal';
  const asValue = (text: string): unknown => (numeric && text.trim() !== '' && Number.isFinite(Number(text)) ? (field.kind === 'decimal' ? text : Number(text)) : text);
  // 1. What the service's own message offers.
  for (const example of input.messages.flatMap(examplesIn)) {
    if (!isFormat(example) && !fits(example)) continue;
    const maker = shapedLike(example);
    add(`example:${example}`, (i) => asValue(String(maker(i))));
  }
  // 2. Values already stored in that column: their shape, varied per row.
  for (const value of input.stored ?? []) {
    if (value === null || value === undefined || typeof value === 'object') continue;
    const text = String(value);
    if (!fits(text)) continue;
    add(`stored:${text}`, (i) => asValue(String(shapedLike(text)(i))));
  }
  // 3. Well-known shapes by the field's name, then numeric strings.
  const name = field.name.toLowerCase();
  for (const [re, values] of BY_NAME) {
    if (!re.test(name)) continue;
    for (const v of values) if (fits(v)) add(`name:${v}`, (i) => asValue(String(shapedLike(v)(i))));
  }
  if (field.kind === 'string' || numeric) for (const v of NUMERIC_STRINGS) if (fits(v)) add(`number:${v}`, (i) => asValue(String(Number(v) + i)));
  return out.filter((maker) => JSON.stringify(maker(0)) !== JSON.stringify(input.sent));
}

// Kinds whose values have an order a cross-field rule may insist on (start before end, min below max).
const ORDERED_KINDS = new Set(['date', 'datetime', 'time', 'integer', 'float', 'decimal']);

/**
 * For a cross-field refusal: payloads with each pair of ordered fields (same kind, both sent) put in
 * ascending order of declaration, then descending — `start`/`end`, `min_price`/`max_price`.
 */
export function reordered(payload: Payload, schema: EndpointSchema): Payload[] {
  const fields = schema.writableFields.filter((f) => ORDERED_KINDS.has(f.kind) && payload[f.name] !== undefined && payload[f.name] !== null);
  const out: Payload[] = [];
  for (let a = 0; a < fields.length; a++) {
    for (let b = a + 1; b < fields.length; b++) {
      const [x, y] = [fields[a]!, fields[b]!];
      if (x.kind !== y.kind) continue;
      const [lo, hi] = [payload[x.name], payload[y.name]].sort((p, q) => compare(p, q));
      if (compare(lo, hi) === 0) continue;
      out.push({ ...payload, [x.name]: lo, [y.name]: hi }, { ...payload, [x.name]: hi, [y.name]: lo });
    }
  }
  return out.filter((p) => JSON.stringify(p) !== JSON.stringify(payload));
}

function compare(a: unknown, b: unknown): number {
  const [x, y] = [Number(a), Number(b)];
  if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/**
 * Realistic POST bodies from an EndpointSchema. One seeded Faker per generator, and a fixed reference
 * date, so the same seed and the same calls give byte-identical payloads on any machine and any day.
 */
import { Faker, base, en } from '@faker-js/faker';
import type { EndpointSchema, FieldSchema } from './schema.js';

export type Payload = Record<string, unknown>;
export type RelatedIds = Record<string, readonly (string | number)[]>;

export interface PayloadGeneratorOptions {
  seed: number;
  /** "Now" for generated dates, which all lie before it (default 2025-01-01, fixed for reproducibility). */
  refDate?: Date | string;
  /** Share of optional fields included, 0–1 (default 0.8). */
  optionalRate?: number;
}

export interface GenerateOptions {
  /** Ids (or URLs) rows may point at, by field name or dotted path ("items.product"). */
  relatedIds?: RelatedIds;
  /** Row number: unique-looking fields embed it, relations pick ids round-robin by it. Default: a call counter. */
  index?: number;
}

export interface PayloadGenerator {
  readonly seed: number;
  /** A valid POST body: writable fields only, every required one, most optional ones. */
  generate(schema: EndpointSchema, options?: GenerateOptions): Payload;
}

interface Ctx {
  f: Faker;
  ref: Date;
  salt: number;
  index: number;
  rate: number;
  relatedIds: RelatedIds;
}
type Make = (c: Ctx, field: FieldSchema) => string;

const DAY_MS = 86_400_000;
const ymd = (d: Date): string => d.toISOString().slice(0, 10);
const two = (n: number): string => String(n).padStart(2, '0');

/** Fits text into min_length..max_length, cutting at a word when that keeps most of it; never blank. */
function fit(value: string, field: FieldSchema, c: Ctx): string {
  let v = value.trim() || 'x';
  const min = field.minLength ?? 1;
  while (v.length < min) v = `${v} ${c.f.lorem.word()}`;
  const max = field.maxLength;
  if (max === undefined || v.length <= max) return v;
  const cut = v.slice(0, max);
  const space = cut.lastIndexOf(' ');
  // CharField trims whitespace before checking lengths, so a trailing space would shorten the value.
  v = (space >= max * 0.6 ? cut.slice(0, space) : cut).trimEnd();
  return v.length >= min ? v : cut.replace(/ /g, '_');
}

/** Base text plus a per-row suffix; the base gives way so the suffix (the unique part) always fits. */
function unique(baseText: string, suffix: string, field: FieldSchema): string {
  const max = field.maxLength ?? Infinity;
  if (suffix.length >= max) return suffix.slice(-max);
  return baseText.slice(0, max - suffix.length) + suffix;
}

/** `length` digits, distinct for every index below 10^length (7919 is coprime with 10, so this is a bijection). */
function digits(c: Ctx, length: number): string {
  const mod = 10 ** Math.min(length, 15);
  return String((c.salt + c.index * 7919) % mod).padStart(length, '0').slice(-length);
}

/** EAN-13 / ISBN-13: prefix, row-unique body, check digit. Shorter columns get plain unique digits. */
function ean13(prefix: string): Make {
  return (c, field) => {
    if ((field.maxLength ?? 13) < 13) return digits(c, field.maxLength ?? 13);
    const body = prefix + digits(c, 12 - prefix.length);
    const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0);
    return body + ((10 - (sum % 10)) % 10);
  };
}

const email: Make = (c, field) => {
  const [local = 'user', domain = 'example.com'] = c.f.internet.exampleEmail().toLowerCase().split('@');
  const room = Math.min(64, (field.maxLength ?? 254) - domain.length - 1);
  const suffix = `.${c.index}`;
  // A cut local part ending in "." would give "a..1", which Django's EmailValidator rejects.
  const head = local.slice(0, Math.max(0, room - suffix.length)).replace(/[._-]+$/, '') || 'u';
  return unique(head, suffix, { ...field, maxLength: room }) + `@${domain}`;
};

const url: Make = (c, field) => {
  const max = field.maxLength ?? 200;
  const full = c.f.internet.url();
  if (full.length <= max) return full;
  const short = `https://${c.f.internet.domainWord().slice(0, Math.max(1, max - 12))}.com`;
  return short.length <= max ? short : 'http://a.io';
};

const slug: Make = (c, f) => unique(c.f.helpers.slugify(c.f.lorem.words({ min: 2, max: 4 })).toLowerCase(), `-${c.index}`, f);
const code: Make = (c, f) => unique(c.f.string.alpha({ length: 3, casing: 'upper' }), `-${String(c.index).padStart(4, '0')}`, f);
const words = (c: Ctx): string => c.f.lorem.words({ min: 2, max: 6 }).replace(/^./, (s) => s.toUpperCase());

// First match wins, so specific names come before the general ones they contain.
const TEXT_RULES: [RegExp, Make][] = [
  [/isbn/, ean13('978')],
  [/(^|_)(ean|ean13|barcode|gtin|upc)$/, ean13('20')],
  [/(^|_)(phone|mobile|tel|telephone|fax|cell)(_number)?$/, (c) => c.f.phone.number({ style: 'international' })],
  [/(^|_)e?mail(_address)?$/, email],
  [/(^|_)(username|user_name|login|handle|nickname)$/, (c, f) => unique(c.f.internet.username(), `_${c.index}`, f)],
  [/(^|_)slug$/, slug],
  [/(^|_)country_code$/, (c) => c.f.location.countryCode()],
  [/(^|_)currency(_code)?$/, (c) => c.f.finance.currencyCode()],
  [/(^|_)(language|lang|locale)(_code)?$/, (c) => c.f.location.language().alpha2],
  [/(^|_)(zip|zipcode|zip_code|postcode|postal_code)$/, (c) => c.f.location.zipCode('#####')],
  [/(^|_)(sku|code|serial|serial_number|reference)$/, code],
  [/(^|_)(uuid|guid)$/, (c) => c.f.string.uuid()],
  [/(^|_)first_?name$/, (c) => c.f.person.firstName()],
  [/(^|_)(last_?name|surname|family_name)$/, (c) => c.f.person.lastName()],
  [/(^|_)(company|organization|organisation|employer|publisher|manufacturer|vendor)(_name)?$/, (c) => c.f.company.name()],
  [/(^|_)product(_name)?$/, (c) => c.f.commerce.productName()],
  [/(^|_)(full_?name|display_name|name)$/, (c) => c.f.person.fullName()],
  [/(^|_)(city|town)$/, (c) => c.f.location.city()],
  [/(^|_)country$/, (c, f) => ((f.maxLength ?? 99) <= 3 ? c.f.location.countryCode() : c.f.location.country())],
  [/(^|_)(state|region|province|county)$/, (c) => c.f.location.state()],
  [/(^|_)(address|street|street_address|address_line_?\d?)$/, (c) => c.f.location.streetAddress()],
  [/(^|_)(url|website|homepage|link|site)$/, url],
  [/(^|_)(title|headline|subject|heading|caption)$/, words],
  [/(^|_)(body|description|text|content|notes?|summary|bio|comment|message|details|abstract|about)$/, (c) => c.f.lorem.paragraph()],
  [/(^|_)colou?r$/, (c) => c.f.color.human()],
  [/password/, (c) => c.f.internet.password({ length: 16 })],
  [/(^|_)ip(_address)?$/, (c) => c.f.internet.ipv4()],
  [/(^|_)(timezone|time_zone|tz)$/, (c, f) => (f.maxLength ?? 99) >= 32 ? c.f.location.timeZone() : 'UTC'],
];

// Typical ranges by name, narrowed further by min_value/max_value when DRF sends them.
const NUMBER_HINTS: [RegExp, number, number][] = [
  [/(^|_)age$/, 18, 90],
  [/(^|_)(rating|stars|score|priority)$/, 1, 5],
  [/(^|_)(lat|latitude)$/, -90, 90],
  [/(^|_)(lng|lon|long|longitude)$/, -180, 180],
  [/(^|_)(quantity|qty|stock|count)$/, 0, 100],
  [/(^|_)(pages|page_count)$/, 1, 1000],
  [/(^|_)(percent|percentage|discount)$/, 0, 100],
  [/(^|_)(price|amount|cost|total|balance|salary|fee)$/, 1, 999.99],
];

function range(field: FieldSchema, ref: Date): [number, number] {
  const [, lo, hi] = /(^|_)year$/.test(field.name)
    ? [null, 1950, ref.getUTCFullYear()]
    : NUMBER_HINTS.find(([re]) => re.test(field.name)) ?? [null, 0, field.kind === 'decimal' ? 999.99 : 1000];
  const { minValue: min, maxValue: max } = field;
  const a = Math.max(lo, min ?? -Infinity);
  const b = Math.min(hi, max ?? Infinity);
  if (a <= b) return [a, b];
  // The hint contradicts the metadata (say min_value 5000): stay inside the metadata, near its edge.
  const start = min ?? max! - (hi - lo);
  return [start, Math.min(max ?? Infinity, start + (hi - lo))];
}

function decimal(c: Ctx, field: FieldSchema): string {
  const places = field.decimalPlaces ?? 2;
  let [lo, hi] = range(field, c.ref);
  if (field.maxDigits !== undefined) {
    const cap = 10 ** (field.maxDigits - places) - 10 ** -places;
    [lo, hi] = [Math.max(lo, -cap), Math.min(hi, cap)];
  }
  const scale = 10 ** places;
  const n = c.f.number.int({ min: Math.ceil(lo * scale), max: Math.max(Math.ceil(lo * scale), Math.floor(hi * scale)) });
  return (n / scale).toFixed(places);
}

function related(c: Ctx, field: FieldSchema, path: string): unknown {
  const ids = c.relatedIds[path] ?? c.relatedIds[field.name];
  if (!ids?.length) return undefined;
  // Round-robin by row keeps the choice deterministic and spreads children over parents.
  if (!field.many) return ids[c.index % ids.length];
  const count = 1 + (c.index % Math.min(3, ids.length));
  return Array.from({ length: count }, (_, k) => ids[(c.index + k) % ids.length]);
}

function value(c: Ctx, field: FieldSchema, path: string): unknown {
  const { f } = c;
  switch (field.kind) {
    case 'boolean': return f.datatype.boolean();
    case 'integer': {
      const [lo, hi] = range(field, c.ref);
      return f.number.int({ min: Math.ceil(lo), max: Math.max(Math.ceil(lo), Math.floor(hi)) });
    }
    case 'float': {
      const [lo, hi] = range(field, c.ref);
      return Math.min(hi, Math.max(lo, f.number.float({ min: lo, max: hi, fractionDigits: 2 })));
    }
    case 'decimal': return decimal(c, field);
    case 'email': return email(c, field);
    case 'url': return url(c, field);
    case 'slug': return slug(c, field);
    case 'string': {
      const rule = TEXT_RULES.find(([re]) => re.test(field.name.toLowerCase()));
      return fit(rule ? rule[1](c, field) : f.lorem.words({ min: 1, max: 3 }), field, c);
    }
    // The pattern is not in the metadata: only try when the field cannot be left out.
    case 'regex': return field.required ? fit(f.string.alphanumeric(8), field, c) : undefined;
    case 'choice':
    case 'multiple-choice': {
      const all = (field.choices ?? []).map((ch) => ch.value);
      const values = all.filter((v) => v !== '' && v !== null).length ? all.filter((v) => v !== '' && v !== null) : all;
      if (!values.length) return undefined;
      if (field.kind === 'choice') return f.helpers.arrayElement(values);
      return f.helpers.arrayElements(values, { min: 1, max: Math.min(3, values.length) });
    }
    case 'date': {
      const birth = /(^|_)(birth|born|dob)/.test(field.name);
      return ymd(birth ? f.date.birthdate({ mode: 'age', min: 18, max: 80, refDate: c.ref })
        : f.date.past({ years: 10, refDate: c.ref.getTime() - DAY_MS })); // a day back: no timezone makes it "tomorrow"
    }
    case 'datetime': return f.date.past({ years: 2, refDate: c.ref }).toISOString().replace(/\.\d{3}Z$/, 'Z');
    case 'time': return `${two(f.number.int(23))}:${two(f.number.int(59))}:00`;
    case 'duration': return `${two(f.number.int(8))}:${two(f.number.int(59))}:${two(f.number.int(59))}`;
    case 'list': {
      const lo = field.minLength ?? 1;
      const count = f.number.int({ min: lo, max: Math.max(lo, Math.min(field.maxLength ?? 3, 3)) });
      const child = field.child ?? { ...field, kind: 'string', maxLength: 50, minLength: undefined };
      return Array.from({ length: count }, () => value(c, child, path)).filter((v) => v !== undefined);
    }
    case 'nested': return field.children ? object(c, field.children, `${path}.`) : {};
    case 'related': return related(c, field, path);
    case 'json': return {};
    default: return undefined; // file uploads and unknown kinds cannot be produced as JSON
  }
}

function object(c: Ctx, fields: FieldSchema[], prefix: string): Payload {
  const out: Payload = {};
  for (const field of fields) {
    if (field.readOnly) continue;
    if (!field.required && !c.f.datatype.boolean({ probability: c.rate })) continue;
    const v = value(c, field, prefix + field.name);
    if (v !== undefined) out[field.name] = v;
  }
  return out;
}

/** A deterministic payload generator: same seed and same calls in the same order → identical payloads. */
export function createPayloadGenerator(options: PayloadGeneratorOptions): PayloadGenerator {
  const f = new Faker({ locale: [en, base] }); // `base` holds locale-free data such as country codes
  f.seed(options.seed);
  const ref = new Date(options.refDate ?? '2025-01-01T00:00:00Z');
  f.setDefaultRefDate(ref);
  // Offsets the row-unique digit bodies per seed without drawing from Faker's stream.
  const salt = Math.abs(Math.imul(options.seed | 0, 0x9e3779b1)) % 1_000_000_000;
  let calls = 0;
  return {
    seed: options.seed,
    generate(schema, opts = {}) {
      const index = opts.index ?? calls;
      calls += 1;
      const c: Ctx = { f, ref, salt, index, rate: options.optionalRate ?? 0.8, relatedIds: opts.relatedIds ?? {} };
      return object(c, schema.writableFields, '');
    },
  };
}

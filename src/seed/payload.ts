/**
 * Realistic POST bodies from an EndpointSchema. One seeded Faker per generator, and a fixed reference
 * date, so the same seed and the same calls give byte-identical payloads on any machine and any day.
 * Write-only fields (passwords) are sent like any other; read-only ones never are.
 */
import { Faker, base, en } from './faker-en.js';
import { decimal, integer, range } from './number-values.js';
import { fromPattern } from './pattern.js';
import type { EndpointSchema, FieldSchema } from '../api/schema.js';
import { email, fit, ROW_UNIQUE, slug, TEXT_RULES, unique, url, type Ctx } from './text-values.js';

/** A request body. */
export type Payload = Record<string, unknown>;
/** Values related fields may take, by field name or dotted path. */
export type RelatedIds = Record<string, readonly (string | number)[]>;

/** What a generator is made with. */
export interface PayloadGeneratorOptions {
  seed: number;
  /** "Now" for generated dates, which all lie before it (default 2025-01-01, fixed for reproducibility). */
  refDate?: Date | string;
  /** Share of optional fields included, 0–1 (default 0.8). */
  optionalRate?: number;
}

/** What one payload is made with. */
export interface GenerateOptions {
  /** Ids (or URLs, or slugs) rows may point at, by field name or dotted path ("items.product"). */
  relatedIds?: RelatedIds;
  /** Row number: unique-looking fields embed it, relations pick ids round-robin by it. Default: a call counter. */
  index?: number;
}

/** Makes payloads, deterministically for its seed. */
export interface PayloadGenerator {
  readonly seed: number;
  /** A valid POST body: writable fields only, every required one, most optional ones. */
  generate(schema: EndpointSchema, options?: GenerateOptions): Payload;
}

const DAY_MS = 86_400_000;
const ymd = (d: Date): string => d.toISOString().slice(0, 10);
const two = (n: number): string => String(n).padStart(2, '0');
// Flags that hide a row when off (an inactive product cannot be ordered): generated rows are usable ones.
const ON_FLAG = /^(is_)?(active|enabled|available|visible|published|public)$/;
// Optional counts whose default (0) makes the row useless to others (an order finds no stock): always sent.
const ALWAYS_SENT = /(^|_)(stock|in_stock|inventory|quantity_available|available_quantity|capacity|seats)$/;

function related(c: Ctx, field: FieldSchema, path: string): unknown {
  const ids = c.relatedIds[path] ?? c.relatedIds[field.name];
  if (!ids?.length) return undefined;
  // Round-robin by row keeps the choice deterministic and spreads children over parents; the slot
  // spreads the items of one nested list over different parents (a product listed once per order).
  if (!field.many) return ids[(c.index + c.slot) % ids.length];
  const count = 1 + (c.index % Math.min(3, ids.length));
  return Array.from({ length: count }, (_, k) => ids[(c.index + k) % ids.length]);
}

function text(c: Ctx, field: FieldSchema): string {
  const rule = TEXT_RULES.find(([re]) => re.test(field.name.toLowerCase()))?.[1];
  let v = fit(rule ? rule(c, field) : c.f.lorem.words({ min: 1, max: 3 }), field, c);
  if (field.unique && !(rule && ROW_UNIQUE.has(rule))) v = unique(v, `-${c.index}`, field);
  if (field.pattern && !matches(field.pattern, v)) {
    v = fromPattern(field.pattern, c.salt + c.index * 7919, field.maxLength) ?? v;
  }
  return v;
}

function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return true; // Python-only syntax: nothing better to offer than the value itself
  }
}

/** The items of a list: as many as asked, but no more than there are distinct related rows for them. */
function list(c: Ctx, field: FieldSchema, path: string): unknown[] {
  const lo = field.minLength ?? 1;
  let count = c.f.number.int({ min: lo, max: Math.max(lo, Math.min(field.maxLength ?? 3, 3)) });
  const child = field.child ?? { ...field, kind: 'string', maxLength: 50, minLength: undefined };
  const relatedChild = child.children?.find((f) => f.kind === 'related' && !f.readOnly && f.required);
  const ids = relatedChild && (c.relatedIds[`${path}.${relatedChild.name}`] ?? c.relatedIds[relatedChild.name]);
  if (ids?.length) count = Math.min(count, ids.length);
  return Array.from({ length: count }, (_, slot) => value({ ...c, slot }, child, path)).filter((v) => v !== undefined);
}

function value(c: Ctx, field: FieldSchema, path: string): unknown {
  const { f } = c;
  switch (field.kind) {
    case 'boolean': {
      const drawn = f.datatype.boolean(); // drawn either way: the flags do not shift the other fields' values
      return ON_FLAG.test(field.name) || drawn;
    }
    case 'integer': return integer(c, field);
    case 'float': {
      const [lo, hi] = range(field, c.ref);
      return Math.min(hi, Math.max(lo, f.number.float({ min: lo, max: hi, fractionDigits: 2 })));
    }
    case 'decimal': return decimal(c, field);
    case 'email': return email(c, field);
    case 'url': return url(c, field);
    case 'slug': {
      const v = slug(c, field);
      return field.pattern && !matches(field.pattern, v) ? fromPattern(field.pattern, c.salt + c.index * 7919, field.maxLength) ?? v : v;
    }
    case 'uuid': return f.string.uuid();
    case 'ip': return f.internet.ipv4();
    case 'string': return text(c, field);
    // Without the pattern only try when the field cannot be left out.
    case 'regex':
      if (field.pattern) return fromPattern(field.pattern, c.salt + c.index * 7919, field.maxLength);
      return field.required ? fit(f.string.alphanumeric(8), field, c) : undefined;
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
    case 'list': return list(c, field, path);
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
    if (!field.required && !c.f.datatype.boolean({ probability: c.rate }) && !ALWAYS_SENT.test(field.name)) continue;
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
      const c: Ctx = { f, ref, salt, index, rate: options.optionalRate ?? 0.8, relatedIds: opts.relatedIds ?? {}, slot: 0 };
      return object(c, schema.writableFields, '');
    },
  };
}

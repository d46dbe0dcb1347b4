/**
 * A test-side model of what DRF would accept: a payload is judged against its schema the way the
 * serializer fields would judge it, plus any patterns the service checks without publishing them.
 */
import type { EndpointSchema, FieldSchema } from '../../../src/api/schema.js';
import type { RelatedIds } from '../../../src/seed/payload.js';

export interface Violation {
  field: string;
  message: string;
}

export interface ValidateOptions {
  relatedIds?: RelatedIds;
  /** Validators the service runs that the metadata does not show, by field name. */
  patterns?: Record<string, RegExp>;
  /** Dates and datetimes must not be after this (default: now). */
  now?: Date;
  /** The items of a nested list must point at different related rows. */
  distinctItems?: boolean;
}

// Django's EmailValidator: a dot-atom local part (no leading, trailing or doubled dots) and a dotted domain.
const ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
const EMAIL = new RegExp(`^${ATOM}(\\.${ATOM})*@[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}$`, 'i');
const URL_RE = /^https?:\/\/[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(:\d+)?(\/\S*)?$/i;

function checkValue(field: FieldSchema, v: unknown, path: string, o: ValidateOptions, out: Violation[]): void {
  const fail = (message: string): void => void out.push({ field: path, message });
  const now = o.now ?? new Date();
  switch (field.kind) {
    case 'string': case 'email': case 'url': case 'slug': case 'regex': {
      if (typeof v !== 'string') return fail(`not a string: ${JSON.stringify(v)}`);
      const t = v.trim();
      if (!t) return fail('blank');
      if (field.maxLength !== undefined && t.length > field.maxLength) fail(`${t.length} > max_length ${field.maxLength}`);
      if (field.minLength !== undefined && t.length < field.minLength) fail(`${t.length} < min_length ${field.minLength}`);
      if (field.kind === 'email' && !EMAIL.test(t)) fail(`not an email: ${t}`);
      if (field.kind === 'url' && !URL_RE.test(t)) fail(`not a URL: ${t}`);
      if (field.kind === 'slug' && !/^[-a-zA-Z0-9_]+$/.test(t)) fail(`not a slug: ${t}`);
      const pattern = o.patterns?.[field.name] ?? (field.pattern ? new RegExp(field.pattern) : undefined);
      if (pattern && !pattern.test(t)) fail(`does not match ${pattern}: ${t}`);
      return;
    }
    case 'uuid':
      return typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) ? undefined : fail(`not a UUID: ${JSON.stringify(v)}`);
    case 'ip':
      return typeof v === 'string' && /^(\d{1,3}\.){3}\d{1,3}$/.test(v) ? undefined : fail(`not an IPv4 address: ${JSON.stringify(v)}`);
    case 'integer': case 'float': case 'decimal': {
      let n: number;
      if (field.kind === 'decimal') {
        if (typeof v !== 'string' || !/^-?\d+(\.\d+)?$/.test(v)) return fail(`not a decimal string: ${JSON.stringify(v)}`);
        const [whole = '', frac = ''] = v.replace('-', '').split('.');
        if (frac.length > (field.decimalPlaces ?? 2)) fail(`${frac.length} decimal places`);
        if (field.maxDigits !== undefined && whole.replace(/^0+/, '').length + frac.length > field.maxDigits) fail('too many digits');
        n = Number(v);
      } else {
        if (typeof v !== 'number' || !Number.isFinite(v)) return fail(`not a number: ${JSON.stringify(v)}`);
        if (field.kind === 'integer' && !Number.isInteger(v)) return fail(`not an integer: ${v}`);
        n = v;
      }
      if (field.minValue !== undefined && n < field.minValue) fail(`${n} < min_value ${field.minValue}`);
      if (field.maxValue !== undefined && n > field.maxValue) fail(`${n} > max_value ${field.maxValue}`);
      return;
    }
    case 'boolean': return typeof v === 'boolean' ? undefined : fail(`not a boolean: ${JSON.stringify(v)}`);
    case 'choice': {
      const values = (field.choices ?? []).map((c) => c.value);
      return values.includes(v as never) ? undefined : fail(`not a choice: ${JSON.stringify(v)}`);
    }
    case 'multiple-choice': {
      const values = (field.choices ?? []).map((c) => c.value);
      if (!Array.isArray(v) || v.some((x) => !values.includes(x))) fail(`not a subset of the choices: ${JSON.stringify(v)}`);
      return;
    }
    case 'date': case 'datetime': {
      const re = field.kind === 'date' ? /^\d{4}-\d{2}-\d{2}$/ : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
      const t = typeof v === 'string' ? Date.parse(v) : NaN;
      if (typeof v !== 'string' || !re.test(v) || !Number.isFinite(t)) return fail(`not a ${field.kind}: ${JSON.stringify(v)}`);
      if (field.kind === 'date' && new Date(t).toISOString().slice(0, 10) !== v) return fail(`no such day: ${v}`);
      if (t > now.getTime()) fail(`in the future: ${v}`);
      return;
    }
    case 'time': case 'duration':
      return typeof v === 'string' && /^\d{2}:[0-5]\d:[0-5]\d$/.test(v) ? undefined : fail(`not a ${field.kind}: ${JSON.stringify(v)}`);
    case 'related': {
      const ids = o.relatedIds?.[path] ?? o.relatedIds?.[field.name] ?? [];
      const all = field.many ? v : [v];
      if (!Array.isArray(all) || all.length === 0 || all.some((x) => !ids.includes(x as never))) fail(`unknown related id: ${JSON.stringify(v)}`);
      return;
    }
    case 'list': {
      if (!Array.isArray(v)) return fail('not a list');
      if (field.minLength !== undefined && v.length < field.minLength) fail(`${v.length} items < ${field.minLength}`);
      if (field.maxLength !== undefined && v.length > field.maxLength) fail(`${v.length} items > ${field.maxLength}`);
      if (field.child) v.forEach((x) => checkValue(field.child!, x, path, o, out));
      // A nested list's related items: DRF validates each, the service often wants each target once.
      // Nested items with no relation (drift-surprises' kit items: a name and a quantity) repeat nothing.
      if (o.distinctItems && field.child?.children?.some((c) => c.kind === 'related')) {
        const keys = v.map((x) => JSON.stringify(field.child!.children!.filter((c) => c.kind === 'related').map((c) => (x as Record<string, unknown>)[c.name])));
        if (new Set(keys).size !== keys.length) fail(`items repeat a related row: ${keys.join(', ')}`);
      }
      return;
    }
    case 'nested':
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail('not an object');
      if (field.children) checkObject(field.children, v as Record<string, unknown>, `${path}.`, o, out);
      return;
    case 'json': return;
    default: return fail(`cannot be sent as JSON (${field.type})`);
  }
}

function checkObject(fields: FieldSchema[], payload: Record<string, unknown>, prefix: string, o: ValidateOptions, out: Violation[]): void {
  const writable = new Map(fields.filter((f) => !f.readOnly).map((f) => [f.name, f]));
  for (const key of Object.keys(payload)) {
    if (!writable.has(key)) out.push({ field: prefix + key, message: 'not a writable field' });
  }
  for (const field of writable.values()) {
    const v = payload[field.name];
    if (v === undefined) {
      if (field.required) out.push({ field: prefix + field.name, message: 'required field missing' });
      continue;
    }
    checkValue(field, v, prefix + field.name, o, out);
  }
}

/** Every reason the payload would be rejected, as `{ field, message }`; empty when it is valid. */
export function validateAgainstSchema(schema: EndpointSchema, payload: Record<string, unknown>, options: ValidateOptions = {}): Violation[] {
  const out: Violation[] = [];
  checkObject(schema.fields, payload, '', options, out);
  return out;
}

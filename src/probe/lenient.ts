/**
 * Reading a JSON value against a zod schema part by part, the way Python and DRF read the values the
 * probe reports: one unreadable value costs the smallest part that can go without it (a nullable or
 * optional property, one element of a list, one entry of a mapping), never the whole document.
 *
 * Values are coerced as Python would see them before they are given up: a boolean from any value by
 * Python's truthiness (`DEBUG = int(os.environ.get("DEBUG", 0))` is an int; DRF accepts
 * `{"required": "True"}` and treats it as true), a number from a numeric string, a string from a number
 * or a boolean (`str(True)` is "True"). Pure; walks zod 4 schema definitions.
 */
import type { z } from 'zod';

/** A value that was read otherwise than it was written, or a part given up. */
export interface LenientNote {
  /** Dotted path of the part: `settings.DEBUG`, `urls[3]`, `serializers["notes.NoteSerializer"].fields[2]`. */
  path: string;
  /** The same path as keys and indexes. */
  at: Array<string | number>;
  kind: 'coerced' | 'dropped';
  /** One line: the value as found and what became of it. */
  message: string;
}

type Read = { ok: true; value: unknown } | { ok: false; reason: string };
interface Def {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, unknown>;
  values?: unknown[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A short rendering of a value for a note: its JSON, cut, and its JSON type. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing (missing)';
  const json = JSON.stringify(value) ?? String(value);
  const type = value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
  return `${json.length > 60 ? `${json.slice(0, 57)}...` : json} (${type})`;
}

/** Python's truthiness of a JSON value: what `if value:` decides. */
export function pythonTruth(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return true;
}

type At = Array<string | number>;

/** `settings.DEBUG`, `urls[3].route`, `serializers["a.B"].fields[0]`. */
export function pathText(at: At): string {
  return at.map((k, i) => (typeof k === 'number' ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? `${i ? '.' : ''}${k}` : `[${JSON.stringify(k)}]`)).join('');
}

class Reader {
  readonly notes: LenientNote[] = [];

  read(schema: z.ZodType, value: unknown, at: At): Read {
    const def = defOf(schema);
    switch (def.type) {
      case 'lazy':
        // zod caches the resolved schema on `_zod.innerType`; `def.getter()` would build it anew each time.
        return this.read((schema as unknown as { _zod: { innerType: z.ZodType } })._zod.innerType, value, at);
      case 'nullable':
        if (value === null) return { ok: true, value: null };
        return this.orGiveUp(this.read(def.innerType!, value, at), at, null, 'read as null');
      case 'optional':
        if (value === undefined) return { ok: true, value: undefined };
        return this.orGiveUp(this.read(def.innerType!, value, at), at, undefined, 'left out');
      case 'object':
        return this.object(def.shape!, value, at);
      case 'array':
        return this.array(def.element!, value, at);
      case 'record':
        return this.record(def.valueType!, value, at);
      case 'union':
        return this.union(def.options!, value, at);
      case 'string':
        if (typeof value === 'string') return { ok: true, value };
        if (typeof value === 'number' || typeof value === 'boolean') {
          // Python's str(): True → "True".
          return this.coerced(at, value, typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value));
        }
        return { ok: false, reason: `expected text, found ${shown(value)}` };
      case 'number':
        if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value };
        if (typeof value === 'boolean') return this.coerced(at, value, value ? 1 : 0);
        if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return this.coerced(at, value, Number(value));
        return { ok: false, reason: `expected a number, found ${shown(value)}` };
      case 'boolean':
        if (typeof value === 'boolean') return { ok: true, value };
        if (value === undefined) return { ok: false, reason: `expected true or false, found ${shown(value)}` };
        return this.coerced(at, value, pythonTruth(value));
      case 'enum': {
        const allowed = Object.values(def.entries ?? {});
        return allowed.includes(value) ? { ok: true, value } : { ok: false, reason: `expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, found ${shown(value)}` };
      }
      case 'literal':
        return (def.values ?? []).includes(value) ? { ok: true, value } : { ok: false, reason: `expected ${JSON.stringify(def.values?.[0])}, found ${shown(value)}` };
      case 'null':
        return value === null ? { ok: true, value } : { ok: false, reason: `expected null, found ${shown(value)}` };
      case 'unknown':
      case 'any':
        return { ok: true, value };
      default: {
        const strict = schema.safeParse(value);
        return strict.success ? { ok: true, value: strict.data } : { ok: false, reason: `expected ${def.type}, found ${shown(value)}` };
      }
    }
  }

  private coerced(at: At, from: unknown, to: unknown): Read {
    const path = pathText(at);
    this.notes.push({ path, at, kind: 'coerced', message: `${path}: ${shown(from)} read as ${JSON.stringify(to)}` });
    return { ok: true, value: to };
  }

  private orGiveUp(read: Read, at: At, fallback: null | undefined, what: string): Read {
    if (read.ok) return read;
    const path = pathText(at);
    this.notes.push({ path, at, kind: 'dropped', message: `${path} ${what}: ${read.reason}` });
    return { ok: true, value: fallback };
  }

  private object(shape: Record<string, z.ZodType>, value: unknown, at: At): Read {
    if (!isPlainObject(value)) return { ok: false, reason: `expected an object at ${pathText(at) || 'the top'}, found ${shown(value)}` };
    const out: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(shape)) {
      const child = pathText([...at, name]);
      const read = this.read(schema, value[name], [...at, name]);
      if (!read.ok) return { ok: false, reason: read.reason.startsWith(child) ? read.reason : `${child}: ${read.reason}` };
      if (read.value !== undefined) out[name] = read.value;
    }
    return { ok: true, value: out };
  }

  private array(element: z.ZodType, value: unknown, at: At): Read {
    if (!Array.isArray(value)) return { ok: false, reason: `expected a list, found ${shown(value)}` };
    const out: unknown[] = [];
    value.forEach((item, i) => {
      const read = this.read(element, item, [...at, i]);
      const path = pathText([...at, i]);
      if (read.ok) out.push(read.value);
      else this.notes.push({ path, at: [...at, i], kind: 'dropped', message: `${path}${label(item)} left out: ${read.reason}` });
    });
    return { ok: true, value: out };
  }

  private record(valueType: z.ZodType, value: unknown, at: At): Read {
    if (!isPlainObject(value)) return { ok: false, reason: `expected a mapping, found ${shown(value)}` };
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) {
      const read = this.read(valueType, item, [...at, name]);
      const path = pathText([...at, name]);
      if (read.ok) out[name] = read.value;
      else this.notes.push({ path, at: [...at, name], kind: 'dropped', message: `${path} left out: ${read.reason}` });
    }
    return { ok: true, value: out };
  }

  private union(options: z.ZodType[], value: unknown, at: At): Read {
    // A value some option takes as it is wins; only then are coercions tried, in the options' order.
    for (const option of options) {
      const strict = option.safeParse(value);
      if (strict.success) return { ok: true, value: strict.data };
    }
    const reasons: string[] = [];
    for (const option of options) {
      const scratch = new Reader();
      const read = scratch.read(option, value, at);
      if (read.ok) {
        this.notes.push(...scratch.notes);
        return read;
      }
      reasons.push(read.reason);
    }
    return { ok: false, reason: reasons[0] ?? `no reading of ${shown(value)}` };
  }
}

/** What names an element in a note: a URL pattern's route, a field's name, a serializer's class. */
function label(item: unknown): string {
  if (!isPlainObject(item)) return '';
  const name = ['route', 'name', 'class', 'method', 'section'].map((k) => item[k]).find((v) => typeof v === 'string');
  return name ? ` (${JSON.stringify(name)})` : '';
}

/**
 * Reads `value` against `schema`, giving up the smallest parts that cannot be read. `ok` is false only
 * when the top level itself cannot be read (not an object where one is expected).
 */
export function readLenient<T>(schema: z.ZodType<T>, value: unknown): { ok: true; value: T; notes: LenientNote[] } | { ok: false; reason: string; notes: LenientNote[] } {
  const reader = new Reader();
  const read = reader.read(schema, value, []);
  return read.ok ? { ok: true, value: read.value as T, notes: reader.notes } : { ok: false, reason: read.reason, notes: reader.notes };
}

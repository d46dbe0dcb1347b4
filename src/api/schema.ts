/**
 * Endpoint schemas read from DRF's SimpleMetadata (the body of `OPTIONS /api/<collection>/`) and the
 * order in which to seed them. SimpleMetadata is thin: DRF 3.14 calls a PrimaryKeyRelatedField, a
 * ManyRelatedField, a JSONField and a DurationField all just "field", and never exposes `unique`,
 * regex validators or (before 3.15) max_digits/decimal_places, so names fill the gaps.
 */

/** What a field holds, normalised from DRF's `type` label (and from the name where DRF only says "field"). */
export type FieldKind =
  | 'boolean' | 'integer' | 'float' | 'decimal' | 'string' | 'email' | 'url' | 'slug' | 'regex'
  | 'choice' | 'multiple-choice' | 'file' | 'date' | 'datetime' | 'time' | 'duration'
  | 'list' | 'nested' | 'related' | 'json' | 'uuid' | 'ip' | 'unknown';

export interface ChoiceSchema {
  value: string | number | boolean | null;
  displayName: string;
}

/** One serializer field as SimpleMetadata describes it. */
export interface FieldSchema {
  name: string;
  /** DRF's label as sent ("string", "field", "multiple choice", …). */
  type: string;
  kind: FieldKind;
  required: boolean;
  readOnly: boolean;
  label?: string;
  helpText?: string;
  /** Characters for text kinds, items for lists. */
  minLength?: number;
  maxLength?: number;
  minValue?: number;
  maxValue?: number;
  /** Only DRF ≥ 3.15 sends these. */
  maxDigits?: number;
  decimalPlaces?: number;
  choices?: ChoiceSchema[];
  /** Item of a list (ListField, or a nested serializer with many=True). */
  child?: FieldSchema;
  /** Fields of a nested serializer. */
  children?: FieldSchema[];
  /** Related field guessed to be to-many (`tags`, `author_ids`): metadata cannot tell; the probe knows. */
  many?: boolean;
  // What only the in-container probe knows (OPTIONS never says): absent means "not known".
  /** Accepted on write, never rendered back (a password). */
  writeOnly?: boolean;
  /** A UniqueValidator (or a unique model column) guards it: every row needs its own value. */
  unique?: boolean;
  allowNull?: boolean;
  allowBlank?: boolean;
  /** The first RegexValidator's pattern. */
  pattern?: string;
  /** `app_label.Model` a related field points at. */
  relatedModel?: string;
  /** A SlugRelatedField's slug field: the value sent is the target's, not its pk. */
  slugField?: string;
  /** A HyperlinkedRelatedField: the value sent is the target's URL. */
  hyperlinked?: boolean;
  /**
   * Validation of the service's own that no constraint here describes: a `validate_<field>` method or a
   * validator function of the project's. A value the harness makes may fail it without any fault of the
   * service (the probe tells; OPTIONS and OpenAPI never do).
   */
  customValidation?: boolean;
  /** `app_label.Model` column the value is stored in, for values already there: `table.column`. */
  column?: string;
}

/** A related field somewhere in the payload, with the collections it may point at. */
export interface RelationSchema {
  /** Dotted path in the payload: "author", "items.product". */
  field: string;
  required: boolean;
  many: boolean;
  /** Collection or resource names that may hold the target, most likely first. */
  candidates: string[];
  /** The target model, when the probe told: matched before any name. */
  model?: string;
  slugField?: string;
  hyperlinked?: boolean;
}

/** A collection endpoint and what it accepts on POST. */
export interface EndpointSchema {
  path: string;
  /** View name from the metadata ("Note List"). */
  name: string;
  description: string;
  /** Singular resource name ("note"), from the view name or else the path. */
  resource: string;
  /** False when the metadata had no POST action (read-only view, or no permission to create). */
  canCreate: boolean;
  fields: FieldSchema[];
  writableFields: FieldSchema[];
  requiredFields: FieldSchema[];
  relations: RelationSchema[];
  /** A required field is a file upload, which a JSON body cannot carry. */
  needsMultipart: boolean;
  /** `app_label.Model` the endpoint's queryset holds, when the probe told. */
  model?: string;
  /** Where the field facts come from: the probe's serializer (complete), or OPTIONS / OpenAPI (partial). */
  source?: 'probe' | 'options' | 'openapi';
  /** The serializer overrides validate(): cross-field rules of its own. */
  customValidate?: boolean;
  /** Field sets that must be unique together (UniqueTogetherValidator). */
  uniqueTogether?: string[][];
  /** The methods the path answers, when the source says (OpenAPI's operations, OPTIONS' Allow header). */
  methods?: string[];
  /** Whether a detail path sits under it (`/items/{id}/`), when the source says (OpenAPI). */
  hasDetail?: boolean;
}

const KINDS: Record<string, FieldKind> = {
  boolean: 'boolean', integer: 'integer', float: 'float', decimal: 'decimal', string: 'string',
  email: 'email', url: 'url', slug: 'slug', regex: 'regex', choice: 'choice',
  'multiple choice': 'multiple-choice', 'file upload': 'file', 'image upload': 'file', file: 'file',
  image: 'file', date: 'date', datetime: 'datetime', time: 'time', duration: 'duration', list: 'list',
  'nested object': 'nested',
};
// In DRF 3.14 DurationField and JSONField fall through to "field"; their names are the only clue.
const DURATION_NAME = /(^|_)(duration|interval|elapsed|timeout|time_spent)$/;
const JSON_NAME = /(^|_)(data|json|metadata|meta|extra|payload|settings|config|attributes|properties|options)$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function kindOf(name: string, type: string, raw: Json, nested: boolean): FieldKind {
  const known = KINDS[type];
  if (known) return known;
  if (type !== 'field') return 'unknown';
  // A many=True nested serializer is a ListSerializer, which DRF labels "field" but gives a child.
  if (isObject(raw.child)) return 'list';
  if (isObject(raw.children)) return 'nested';
  if (DURATION_NAME.test(name)) return 'duration';
  if (JSON_NAME.test(name)) return 'json';
  // ListField's default child is an unvalidated "field": anything goes, it is no relation.
  return nested ? 'unknown' : 'related';
}

function parseField(name: string, raw: unknown, isChild = false): FieldSchema {
  const r = isObject(raw) ? raw : {};
  const type = typeof r.type === 'string' ? r.type : 'field';
  const field: FieldSchema = {
    name, type, kind: kindOf(name, type, r, isChild), required: r.required === true, readOnly: r.read_only === true,
  };
  const optional: Partial<FieldSchema> = {
    label: str(r.label), helpText: str(r.help_text), minLength: num(r.min_length), maxLength: num(r.max_length),
    minValue: num(r.min_value), maxValue: num(r.max_value), maxDigits: num(r.max_digits),
    decimalPlaces: num(r.decimal_places),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(field, { [key]: value });
  if (Array.isArray(r.choices)) {
    field.choices = r.choices.filter(isObject).map((c) => ({
      value: (['string', 'number', 'boolean'].includes(typeof c.value) ? c.value : null) as ChoiceSchema['value'],
      displayName: String(c.display_name ?? c.value ?? ''),
    }));
  }
  if (isObject(r.child)) field.child = parseField(name, r.child, true);
  if (isObject(r.children)) field.children = Object.entries(r.children).map(([n, c]) => parseField(n, c));
  if (field.kind === 'related') field.many = /_(ids|pks)$/.test(name) || singular(name) !== name;
  return field;
}

/** Singular form for matching names: categories → category, boxes → box, notes → note. */
export function singular(word: string): string {
  if (/[^aeiou]ies$/.test(word)) return word.slice(0, -3) + 'y';
  if (/(s|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (/[^su]s$/.test(word) && !/(ss|us|is|ics|news)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Plural forms a collection may use: +s, y→ies, s/x/z/ch/sh→es. */
export function plurals(word: string): string[] {
  if (/[^aeiou]y$/.test(word)) return [word.slice(0, -1) + 'ies'];
  if (/(s|x|z|ch|sh)$/.test(word)) return [word + 'es'];
  return [word + 's'];
}

const norm = (s: string): string => s.trim().toLowerCase().replace(/[\s-]+/g, '_');
/** The last path segment, normalised for name matching: "/api/Book-Authors/" → "book_authors". */
export const lastSegment = (path: string): string => norm(path.split('/').filter(Boolean).at(-1) ?? '');
// Fields that usually point at the user model whatever they are called.
const USER_ALIASES = /^(owner|creator|created_by|updated_by|modified_by|assignee|assigned_to|reporter|submitted_by)$/;

function candidatesFor(name: string, ownResource: string): string[] {
  const base = name.replace(/_(id|ids|pk|pks|uuid|url)$/, '');
  const last = base.split('_').at(-1) ?? base;
  const words = [base, singular(base), last, singular(last)];
  if (/^(parent|children|parent_\w+)$/.test(base) && !words.includes(ownResource)) words.push(ownResource);
  if (USER_ALIASES.test(base)) words.push('user');
  const out = words.flatMap((w) => [w, ...plurals(w)]);
  return [...new Set(out.filter(Boolean))];
}

function collectRelations(fields: FieldSchema[], prefix: string, own: string, out: RelationSchema[]): void {
  for (const f of fields) {
    if (f.readOnly) continue;
    const path = prefix + f.name;
    if (f.kind === 'related') {
      out.push({
        field: path, required: f.required, many: f.many === true, candidates: candidatesFor(f.name, own),
        ...(f.relatedModel ? { model: f.relatedModel } : {}), ...(f.slugField ? { slugField: f.slugField } : {}),
        ...(f.hyperlinked ? { hyperlinked: true } : {}),
      });
    }
    const children = f.children ?? f.child?.children;
    if (children) collectRelations(children, `${path}.`, own, out);
  }
}

/** Turns the JSON an `OPTIONS` request returned into an EndpointSchema; no `actions` means read-only. */
export function parseOptionsMetadata(path: string, json: unknown): EndpointSchema {
  if (!isObject(json)) throw new TypeError(`OPTIONS ${path}: expected a JSON object, got ${JSON.stringify(json)?.slice(0, 80)}`);
  const actions = isObject(json.actions) ? json.actions : {};
  // A collection creates with POST; PUT alone (detail views) still describes the fields.
  const action = isObject(actions.POST) ? actions.POST : isObject(actions.PUT) ? actions.PUT : {};
  const name = str(json.name) ?? '';
  const viewResource = norm(name.replace(/\s+(list|instance|detail|view ?set|viewset)$/i, ''));
  const fields = Object.entries(action).map(([n, raw]) => parseField(n, raw));
  return buildEndpointSchema(
    { path, name, description: str(json.description) ?? '', resource: viewResource, canCreate: isObject(actions.POST), source: 'options' }, fields,
  );
}

/**
 * Completes an EndpointSchema from its parsed fields: writable and required subsets, related fields with
 * their candidate collections, multipart need. An empty resource falls back to the path's last segment.
 */
export function buildEndpointSchema(
  head: Pick<EndpointSchema, 'path' | 'name' | 'description' | 'resource' | 'canCreate'> & Partial<Pick<EndpointSchema, 'model' | 'source' | 'customValidate' | 'uniqueTogether' | 'methods' | 'hasDetail'>>, fields: FieldSchema[],
): EndpointSchema {
  const writableFields = fields.filter((f) => !f.readOnly);
  const requiredFields = writableFields.filter((f) => f.required);
  const relations: RelationSchema[] = [];
  collectRelations(fields, '', lastSegment(head.path), relations);
  return {
    ...head, resource: head.resource || singular(lastSegment(head.path)),
    fields, writableFields, requiredFields, relations,
    needsMultipart: requiredFields.some((f) => f.kind === 'file'),
  };
}

/** Whether a field name reads as a link into one of these collections (`author` → /api/authors/), by the names orderByDependencies matches. */
export function namesCollection(field: string, ownPath: string, collections: string[]): boolean {
  const keys = new Set(collections.flatMap((p) => [lastSegment(p), singular(lastSegment(p))]));
  return candidatesFor(field, lastSegment(ownPath)).some((c) => keys.has(c));
}

/** Collection paths listed by a DRF DefaultRouter root (`{"notes": "http://host/api/notes/"}`), host stripped. */
export function parseApiRoot(json: unknown, base: string): string[] {
  if (!isObject(json)) return [];
  const paths: string[] = [];
  for (const value of Object.values(json)) {
    if (typeof value !== 'string') continue;
    try {
      // The service builds absolute links from the Host it saw, which is not the host we reach it by.
      const path = new URL(value, base).pathname;
      if (!paths.includes(path)) paths.push(path);
    } catch {
      // Not a link: routers may list other values; skip them.
    }
  }
  return paths;
}

export {
  orderByDependencies, type DependencyCycle, type DependencyPlan, type ResolvedRelation, type UnresolvedRelation,
} from './dependencies.js';

/**
 * Endpoint schemas from an OpenAPI 3 document, as DRF's get_schema_view or drf-spectacular publish it:
 * the source for collections whose OPTIONS describes no fields. JSON Schema is mapped onto the same
 * FieldSchema that parseOptionsMetadata builds, so payloads and relations work alike from either.
 */
import { buildEndpointSchema, namesCollection, type ChoiceSchema, type EndpointSchema, type FieldKind, type FieldSchema } from './schema.js';
import type { ResolvedRoute } from './url-resolver.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

// Self-referencing components (a tree's `children`) would otherwise recurse forever.
const MAX_DEPTH = 8;
const FORMATS: Record<string, FieldKind> = {
  email: 'email', uri: 'url', url: 'url', date: 'date', 'date-time': 'datetime', time: 'time',
  duration: 'duration', decimal: 'decimal', binary: 'file', slug: 'slug',
};

interface Ctx {
  doc: Json;
  path: string;
  collections: string[];
}

function lookup(doc: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined; // external documents are never fetched
  return ref.slice(2).split('/').reduce<unknown>(
    (node, key) => (isObject(node) ? node[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), doc);
}

function merge(parts: Json[]): Json {
  const out: Json = {};
  for (const part of parts) {
    const { properties, required, ...rest } = part;
    Object.assign(out, rest);
    if (isObject(properties)) out.properties = { ...(isObject(out.properties) ? out.properties : {}), ...properties };
    if (Array.isArray(required)) out.required = [...new Set([...(Array.isArray(out.required) ? out.required : []), ...required])];
  }
  return out;
}

const isNull = (s: Json): boolean => s.type === 'null' || (Array.isArray(s.enum) && s.enum.every((v) => v === null));

/** One flat schema: `$ref` followed (siblings such as readOnly win), `allOf` merged, `oneOf`/`anyOf` narrowed. */
function resolve(doc: Json, raw: unknown, seen: readonly string[]): Json {
  if (!isObject(raw) || seen.length > MAX_DEPTH) return {};
  const { $ref, allOf, oneOf, anyOf, ...own } = raw;
  let out: Json = own;
  if (typeof $ref === 'string' && !seen.includes($ref)) out = merge([resolve(doc, lookup(doc, $ref), [...seen, $ref]), own]);
  if (Array.isArray(allOf)) out = merge([...allOf.map((p) => resolve(doc, p, seen)), out]);
  const alternatives = Array.isArray(oneOf) ? oneOf : Array.isArray(anyOf) ? anyOf : undefined;
  if (alternatives) {
    // drf-spectacular writes a nullable or blank choice as oneOf [GenreEnum, BlankEnum, NullEnum].
    const options = alternatives.map((p) => resolve(doc, p, seen)).filter((p) => !isNull(p));
    const enums = options.length && options.every((p) => Array.isArray(p.enum)) ? options.flatMap((p) => p.enum as unknown[]) : undefined;
    out = merge([options[0] ?? {}, out, enums ? { enum: [...new Set(enums)] } : {}]);
  }
  return out;
}

/** The JSON type, whether written 3.0-style or as a 3.1 list with "null". */
function typeOf(s: Json): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t): t is string => typeof t === 'string' && t !== 'null');
  if (typeof s.type === 'string') return s.type;
  if (isObject(s.properties)) return 'object';
  return undefined;
}

function kindOf(s: Json, type: string | undefined, format: string | undefined): FieldKind {
  if (Array.isArray(s.enum)) return 'choice';
  if (format && FORMATS[format]) return FORMATS[format];
  switch (type) {
    case 'boolean': return 'boolean';
    case 'integer': return 'integer';
    case 'number': return 'float';
    case 'string': return 'string';
    case 'array': return 'list';
    case 'object': return isObject(s.properties) ? 'nested' : 'json';
    default: return 'unknown';
  }
}

/** DRF writes max_digits as `maximum: 10^whole` and places as `multipleOf`; drf-spectacular as a pattern. */
function decimalDigits(s: Json, field: FieldSchema): void {
  const pattern = typeof s.pattern === 'string' ? /\\d\{0,(\d+)\}(?:\(\?:\\\.\\d\{0,(\d+)\}\)\?)?/.exec(s.pattern) : null;
  const multiple = num(s.multipleOf);
  const places = pattern ? Number(pattern[2] ?? 0) : multiple ? Math.max(0, Math.round(-Math.log10(multiple))) : undefined;
  let whole = pattern ? Number(pattern[1]) : undefined;
  const max = field.maxValue;
  const power = max !== undefined && max >= 1 ? Math.round(Math.log10(max)) : undefined;
  if (whole === undefined && power !== undefined && 10 ** power === max) {
    // A digit bound, not a max_value: kept as digits, which the payload caps just below.
    whole = power;
    delete field.maxValue;
    if (field.minValue === -max) delete field.minValue;
  }
  if (places !== undefined) field.decimalPlaces = places;
  if (whole !== undefined) field.maxDigits = whole + (places ?? 0);
}

function parseField(ctx: Ctx, name: string, raw: unknown, required: boolean, seen: readonly string[], isChild = false): FieldSchema {
  const s = resolve(ctx.doc, raw, seen);
  const type = typeOf(s);
  const format = str(s.format);
  const field: FieldSchema = {
    name, type: format ?? type ?? 'unknown', kind: kindOf(s, type, format), required, readOnly: s.readOnly === true,
  };
  const list = field.kind === 'list';
  const optional: Partial<FieldSchema> = {
    label: str(s.title), helpText: str(s.description),
    minLength: num(list ? s.minItems : s.minLength), maxLength: num(list ? s.maxItems : s.maxLength),
    minValue: num(s.minimum), maxValue: num(s.maximum),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(field, { [key]: value });
  if (Array.isArray(s.enum)) {
    field.choices = s.enum.map((v) => ({
      value: (['string', 'number', 'boolean'].includes(typeof v) ? v : null) as ChoiceSchema['value'],
      displayName: String(v ?? ''),
    }));
  }
  if (field.kind === 'decimal') decimalDigits(s, field);
  // The component just entered, so a self-reference below it stops at once instead of at MAX_DEPTH.
  const trail = [...seen, isObject(raw) && typeof raw.$ref === 'string' ? raw.$ref : name];
  const depth = trail.length;
  if (list && depth <= MAX_DEPTH) {
    field.child = parseField(ctx, name, s.items, true, trail, true);
    if (field.child.kind === 'choice') Object.assign(field, { kind: 'multiple-choice', choices: field.child.choices });
  }
  if (field.kind === 'nested' && isObject(s.properties) && depth <= MAX_DEPTH) {
    const req = Array.isArray(s.required) ? s.required : [];
    field.children = Object.entries(s.properties).map(([n, p]) => parseField(ctx, n, p, req.includes(n), trail));
  }
  // A foreign key is a plain integer (or list of them) here: its name is the clue, as with OPTIONS' "field".
  const key = field.kind === 'integer' || (field.kind === 'list' && field.child?.kind === 'integer');
  if (key && !isChild && namesCollection(name, ctx.path, ctx.collections)) {
    field.many = field.kind === 'list';
    field.kind = 'related';
    delete field.child;
  }
  return field;
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** The methods a path item has operations for: a CreateAPIView's path has `post` only, and gets no list step. */
function operations(item: Json): string[] {
  return HTTP_METHODS.filter((m) => isObject(item[m])).map((m) => m.toUpperCase());
}

/** The JSON body schema of a POST, from `application/json` or another JSON media type. */
function jsonBody(post: Json): unknown {
  const content = isObject(post.requestBody) && isObject(post.requestBody.content) ? post.requestBody.content : {};
  const type = 'application/json' in content ? 'application/json' : Object.keys(content).find((t) => /^application\/[\w.+-]*json$/.test(t));
  const media = type ? content[type] : undefined;
  return isObject(media) ? media.schema : undefined;
}

/**
 * One EndpointSchema per collection path of an OpenAPI 3 document: a parameterless path whose `post`
 * takes a JSON object. `$ref`s (nested too) and `allOf` are resolved; a path prefix in `servers` is kept.
 */
export function parseOpenApi(doc: unknown): EndpointSchema[] {
  if (!isObject(doc) || !isObject(doc.paths)) return [];
  const server = Array.isArray(doc.servers) && isObject(doc.servers[0]) ? str(doc.servers[0].url) : undefined;
  const prefix = server ? new URL(server, 'http://host').pathname.replace(/\/+$/, '') : '';
  const posts = Object.entries(doc.paths)
    // A templated path (/authors/{id}/books/) has no one URL to POST to.
    .filter(([p, item]) => !p.includes('{') && isObject(item) && isObject(item.post) && jsonBody(item.post) !== undefined)
    .map(([p, item]) => [prefix + p, (item as Json).post as Json, operations(item as Json)] as const);
  // A foreign key may point at a read-only collection too: every parameterless path counts for names.
  const collections = Object.keys(doc.paths).filter((p) => !p.includes('{')).map((p) => prefix + p);
  const out: EndpointSchema[] = [];
  for (const [path, post, methods] of posts) {
    const ctx: Ctx = { doc, path, collections };
    const body = resolve(doc, jsonBody(post), []);
    if (typeOf(body) !== 'object' || !isObject(body.properties)) continue; // bulk (array) bodies are not collections
    const required = Array.isArray(body.required) ? body.required : [];
    const fields = Object.entries(body.properties).map(([n, p]) => parseField(ctx, n, p, required.includes(n), []));
    out.push(buildEndpointSchema({
      path, name: str(post.summary) ?? str(post.operationId) ?? '', description: str(post.description) ?? '', resource: '', canCreate: true,
      source: 'openapi', methods,
      // `/users/create/` with no `/users/create/{id}/` beside it: nothing to retrieve, update or delete there.
      hasDetail: Object.keys(doc.paths).some((p) => (prefix + p).startsWith(path.replace(/\/?$/, '/')) && /^\{[^}/]+\}\/?$/.test((prefix + p).slice(path.replace(/\/?$/, '/').length))),
    }, fields));
  }
  return out;
}

const SCHEMA_VIEW = /SchemaView|SpectacularAPIView|SpectacularJSONAPIView|get_schema_view/;
const SCHEMA_PATH = /^\/(api\/)?(v\d+\/)?(schema|openapi)(\/|\.json\/?)?$/;

/** Likely OpenAPI document URLs among the resolved routes: schema views first, then conventional paths. */
export function findSchemaRoutes(routes: ResolvedRoute[]): string[] {
  const concrete = routes.filter((r): r is ResolvedRoute & { path: string } => r.path !== null && !r.path.startsWith('/admin'));
  const byView = concrete.filter((r) => SCHEMA_VIEW.test(r.view)).map((r) => r.path);
  const byPath = concrete.filter((r) => SCHEMA_PATH.test(r.path)).map((r) => r.path);
  return [...new Set([...byView, ...byPath])];
}

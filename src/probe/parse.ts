/**
 * Reading the probe's output: the `ENID-PROBE {json}` line among whatever Django and the project print
 * around it, checked against the document's shape so that callers get types they can trust, or an
 * error saying exactly what was wrong.
 */
import { z } from 'zod';
import { readLenient, shown, type LenientNote } from './lenient.js';
import {
  PROBE_VERSION, type PermissionRef, type ProbeDocument, type ProbeField, type ProbeSerializer,
} from './types.js';

export const PROBE_PREFIX = 'ENID-PROBE ';

/** The probe's output could not be read; `output` is the raw text, for the report. */
export class ProbeOutputError extends Error {
  constructor(message: string, readonly output: string) {
    super(message);
    this.name = 'ProbeOutputError';
  }
}

const str = z.string();
const strOrNull = z.string().nullable();
const strings = z.array(z.string());
const num = z.number().nullable();

const permissionRef: z.ZodType<PermissionRef> = z.lazy(() =>
  z.union([
    z.string(),
    z.object({ op: z.enum(['and', 'or']), left: permissionRef, right: permissionRef }),
    z.object({ op: z.literal('not'), operand: permissionRef }),
  ]));

const settings = z.object({
  DEBUG: z.boolean().nullable(), ALLOWED_HOSTS: strings.nullable(), INSTALLED_APPS: strings.nullable(),
  MIDDLEWARE: strings.nullable(), ROOT_URLCONF: strOrNull, TEST_RUNNER: strOrNull, SESSION_ENGINE: strOrNull,
  AUTH_USER_MODEL: strOrNull, APPEND_SLASH: z.boolean().nullable(), STATIC_URL: strOrNull, MEDIA_URL: strOrNull,
  USE_TZ: z.boolean().nullable(), TIME_ZONE: strOrNull, DEFAULT_AUTO_FIELD: strOrNull,
  // Optional: probe documents recorded before the probe read them have neither.
  SECURE_SSL_REDIRECT: z.boolean().nullable().optional(), SECURE_PROXY_SSL_HEADER: strings.nullable().optional(),
  DATABASES: z.record(str, z.object({
    ENGINE: strOrNull, NAME: strOrNull, HOST: strOrNull, PORT: z.union([z.string(), z.number()]).nullable(), USER: strOrNull,
  })),
  CACHES: z.record(str, z.object({ BACKEND: strOrNull, LOCATION: z.union([z.string(), strings]).nullable() })),
});

const restFramework = z.object({
  DEFAULT_AUTHENTICATION_CLASSES: strings, DEFAULT_PERMISSION_CLASSES: z.array(permissionRef),
  DEFAULT_THROTTLE_CLASSES: strings, DEFAULT_FILTER_BACKENDS: strings, DEFAULT_RENDERER_CLASSES: strings,
  DEFAULT_PARSER_CLASSES: strings, DEFAULT_PAGINATION_CLASS: strOrNull, DEFAULT_SCHEMA_CLASS: strOrNull,
  DEFAULT_VERSIONING_CLASS: strOrNull, PAGE_SIZE: num, DEFAULT_THROTTLE_RATES: z.record(str, strOrNull).nullable(),
  FORMAT_SUFFIX_KWARG: strOrNull,
});

const userField = z.object({ type: str, maxLength: num, unique: z.boolean(), null: z.boolean(), blank: z.boolean() });
const auth = z.object({
  userModel: str, dbTable: str, usernameField: str, emailField: str, requiredFields: strings,
  fields: z.record(str, userField.nullable()),
  authtoken: z.object({ installed: z.boolean(), importable: z.boolean() }),
  simplejwt: z.object({
    installed: z.boolean(), importable: z.boolean(), authHeaderTypes: strings.nullable(), authHeaderName: strOrNull,
    userIdField: strOrNull, accessTokenLifetimeSeconds: num,
  }),
});

const migrations = z.object({
  unapplied: z.array(z.object({ app: str, name: str })).nullable(),
  conflicts: z.record(str, strings).nullable(),
  changes: z.array(z.object({ app: str, operation: str, model: strOrNull, field: strOrNull, description: str })).nullable(),
});

const cacheDecorator = z.discriminatedUnion('decorator', [
  z.object({ decorator: z.literal('cache_page'), on: str, timeout: num, keyPrefix: strOrNull, cacheAlias: strOrNull }),
  z.object({ decorator: z.literal('never_cache'), on: str }),
  z.object({ decorator: z.literal('cache_control'), on: str, directives: z.record(str, z.unknown()).nullable() }),
  z.object({ decorator: z.literal('vary_on_headers'), on: str, headers: strings.nullable() }),
]);

const limit = z.union([z.number(), z.string()]).optional();
const field: z.ZodType<ProbeField> = z.lazy(() => z.object({
  name: str, field: str, source: str, required: z.boolean(), readOnly: z.boolean(), writeOnly: z.boolean(),
  allowNull: z.boolean(), hasDefault: z.boolean(), default: z.unknown().optional(), unique: z.boolean(),
  allowBlank: z.boolean().optional(), allowEmpty: z.boolean().optional(), maxLength: z.number().optional(),
  minLength: z.number().optional(), maxValue: limit, minValue: limit, maxDigits: z.number().optional(),
  decimalPlaces: z.number().optional(), uuidFormat: str.optional(),
  choices: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  choicesTruncated: z.boolean().optional(), regex: str.optional(), validators: strings,
  modelField: z.object({
    type: str, unique: z.boolean(), null: z.boolean(), hasDefault: z.boolean(), primaryKey: z.boolean(), relatedModel: strOrNull,
    column: strOrNull.optional(),
  }).nullable().optional(),
  validateMethod: z.boolean().optional(),
  related: z.object({ model: strOrNull, slugField: strOrNull, viewName: strOrNull }).optional(),
  many: z.boolean().optional(), child: field.optional(), children: serializer.nullable().optional(),
}));
const serializer: z.ZodType<ProbeSerializer> = z.lazy(() => z.object({
  class: str, model: strOrNull, fields: z.array(field), failedFields: strings, uniqueTogether: z.array(strings), validators: strings,
  validate: z.boolean().optional(),
}));

const drfView = z.object({
  authenticationClasses: strings, permissionClasses: z.array(permissionRef), throttleClasses: strings,
  rendererClasses: strings, parserClasses: strings, filterBackends: strings,
  filtersetFields: z.union([strings, z.record(str, z.unknown())]).nullable(), filtersetClass: strOrNull,
  searchFields: strings.nullable(), orderingFields: z.union([strings, str]).nullable(),
  ordering: z.union([str, strings]).nullable(), lookupField: strOrNull, lookupUrlKwarg: strOrNull,
  pagination: z.object({
    class: str, style: z.enum(['page-number', 'limit-offset', 'cursor', 'other']), pageSize: num.optional(),
    maxPageSize: num.optional(), pageQueryParam: strOrNull.optional(), pageSizeQueryParam: strOrNull.optional(),
    defaultLimit: num.optional(), maxLimit: num.optional(), limitQueryParam: strOrNull.optional(),
    offsetQueryParam: strOrNull.optional(), cursorQueryParam: strOrNull.optional(),
    ordering: z.union([str, strings]).nullable().optional(),
  }).nullable(),
  queryset: z.object({ model: str, dbTable: strOrNull, source: z.enum(['get_queryset', 'queryset', 'serializer']) }).nullable(),
  handlers: z.array(z.object({
    method: str, action: strOrNull, permissionClasses: z.array(permissionRef).nullable(), serializer: strOrNull,
    serializerSource: z.enum(['get_serializer', 'get_serializer_class', 'serializer_class', 'data=']).nullable(),
  })),
});

const urlPattern = z.object({
  route: str, path: strOrNull, params: z.array(z.object({ name: strOrNull, converter: str, regex: strOrNull })),
  name: strOrNull, namespace: strOrNull, view: str, callable: z.enum(['class', 'function']), apiViewFunction: z.boolean(),
  mro: strings, actions: z.record(str, str).nullable(),
  initkwargs: z.record(str, z.union([z.string(), z.number(), z.boolean(), z.null()])),
  methods: strings.nullable(), cache: z.array(cacheDecorator), wrappers: strings, loginNotRequired: z.boolean(),
  drf: drfView.nullable(),
  models: strings.optional(),
  queryParams: strings.optional(),
});

/** The whole document; typed against ProbeDocument, so the schema and the interfaces cannot drift apart. */
export const probeDocumentSchema: z.ZodType<ProbeDocument> = z.object({
  probe: z.literal(PROBE_VERSION),
  versions: z.object({ python: str, django: str, drf: strOrNull }).nullable(),
  settings: settings.nullable(),
  restFramework: restFramework.nullable(),
  auth: auth.nullable(),
  migrations: migrations.nullable(),
  urls: z.array(urlPattern),
  serializers: z.record(str, serializer),
  classes: z.record(str, z.object({ mro: strings, keyword: str.optional(), readsStaff: z.boolean().optional() })),
  errors: z.array(z.object({ section: str, view: strOrNull, message: str })),
});

/** The JSON text of the last `ENID-PROBE ` line in mixed output, or undefined when there is none. */
export function findProbeLine(output: string): string | undefined {
  const lines = output.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    const at = line.indexOf(`${PROBE_PREFIX}{`);
    if (at >= 0) return line.slice(at + PROBE_PREFIX.length).trimEnd();
  }
  return undefined;
}

const tail = (text: string, lines = 8): string => text.trim().split(/\r?\n/).slice(-lines).join('\n');

/** A probe document, and what of it could not be read as written (each a note for the report). */
export interface ParsedProbe {
  document: ProbeDocument;
  /** Parts left out or read as null, one line each, naming the part and the value. */
  notes: string[];
  /** Values read otherwise than written (an int DEBUG as a boolean), one line each. */
  coerced: string[];
  /** Every part given up or coerced, with its path as keys (what the notes say, for code). */
  parts: LenientNote[];
}

/**
 * The probe's document from its output, read part by part: a value of an unexpected type is coerced as
 * Python would read it, or costs only the smallest part that can go without it (a setting, a URL
 * pattern, a serializer field), named in `notes`. Throws ProbeOutputError only when there is no
 * document at all: no line, not JSON, not an object, or another version of the document.
 */
export function parseProbeOutput(output: string): ParsedProbe {
  const line = findProbeLine(output);
  if (line === undefined) {
    const last = tail(output);
    throw new ProbeOutputError(`the Django probe printed no ${PROBE_PREFIX.trim()} line${last ? `; its output ended with:\n${last}` : ' (no output at all)'}`, output);
  }
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (err) {
    throw new ProbeOutputError(`the ${PROBE_PREFIX.trim()} line is not JSON (${(err as Error).message}; ${line.length} characters, starting ${JSON.stringify(line.slice(0, 60))})`, output);
  }
  return readProbeDocument(json, output);
}

/** A probe document from its JSON value, part by part (see parseProbeOutput). */
export function readProbeDocument(json: unknown, output = ''): ParsedProbe {
  const version = (json as { probe?: unknown } | null)?.probe;
  if (typeof json === 'object' && json !== null && version !== undefined && version !== PROBE_VERSION) {
    throw new ProbeOutputError(`the ${PROBE_PREFIX.trim()} document is version ${JSON.stringify(version)}; this enid-test reads version ${PROBE_VERSION}`, output);
  }
  const strict = probeDocumentSchema.safeParse(json);
  if (strict.success) return { document: strict.data, notes: [], coerced: [], parts: [] };
  // The lists and mappings every document has: one of the wrong type is empty, not the end of the document.
  const emptied: string[] = [];
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const doc = { ...(json as Record<string, unknown>) };
    for (const [name, empty] of [['urls', []], ['serializers', {}], ['classes', {}], ['errors', []]] as const) {
      const value = doc[name];
      const fits = Array.isArray(empty) ? Array.isArray(value) : typeof value === 'object' && value !== null && !Array.isArray(value);
      if (fits) continue;
      emptied.push(`${name} read as empty: expected ${Array.isArray(empty) ? 'a list' : 'a mapping'}, found ${shown(value)}`);
      doc[name] = empty;
    }
    json = doc;
  }
  const read = readLenient(probeDocumentSchema, json);
  if (!read.ok) throw new ProbeOutputError(`the ${PROBE_PREFIX.trim()} document cannot be read: ${read.reason}`, output);
  return {
    document: read.value,
    notes: [...emptied, ...read.notes.filter((n) => n.kind === 'dropped').map((n) => n.message)],
    coerced: read.notes.filter((n) => n.kind === 'coerced').map((n) => n.message),
    parts: read.notes,
  };
}

/**
 * The API contract of a service as its probe document states it, flattened for comparison: one entry
 * per method and route, with what the request takes, what the response holds, who may call it, how a
 * list pages and which query parameters it reads. Built from the same classification the API model
 * uses (src/api/classify.ts) and the same access rules (src/probe/access.ts). Pure.
 */
import { classifyPattern, isFormatSuffix } from '../api/classify.js';
import { routeParams, stripAnchors } from '../api/route-path.js';
import { accessContext, accessFor } from '../probe/access.js';
import type { ProbeDocument, ProbeField, ProbeSerializer, ProbeUrlPattern } from '../probe/types.js';

const DRIVEN = new Set(['collection', 'detail', 'singleton', 'action', 'plain']);
const WRITES = new Set(['POST', 'PUT', 'PATCH']);
// Nested serializers deeper than this are compared as a whole (the probe stops at 3).
const MAX_DEPTH = 3;

/** One serializer field as the contract sees it. */
export interface ContractField {
  /** Dotted for nested fields: `author.name`. */
  name: string;
  /** DRF field class (`CharField`), for messages. */
  drfType: string;
  /** The JSON type clients see: string, integer, number, boolean, array, object, decimal, any. */
  jsonType: string;
  required: boolean;
  allowNull: boolean;
  choices?: string[];
  maxLength?: number;
  minLength?: number;
  maxValue?: number;
  minValue?: number;
}

/** One method on one route. */
export interface ContractOperation {
  method: string;
  /** `/api/notes/{pk}/`: anchors dropped, parameters named. */
  route: string;
  /** The route with every parameter as `{}`: a renamed lookup kwarg is the same URL to a client. */
  key: string;
  kind: string;
  view: string;
  /** Fields a client may send (POST/PUT/PATCH), null when no serializer says. */
  request: { serializer: string; fields: ContractField[] } | null;
  /** Fields the response holds, null when no serializer says. */
  response: { serializer: string; fields: ContractField[] } | null;
  /** Anonymous clients are refused (true), let in (false), or a custom rule decides (null). */
  needsAuth: boolean | null;
  /** The list's pagination style (`none` when unpaginated); undefined for anything but a collection GET. */
  pagination?: string;
  pageSize?: number | null;
  /** Query parameters its filter backends read (filters, `search`, `ordering`). */
  query: string[];
}

/** `api/^notes/(?P<pk>[^/.]+)/$` → `/api/notes/{pk}/` (and the `{}` key). */
export function displayRoute(route: string): { route: string; key: string } {
  const bare = stripAnchors(route);
  let shown = '';
  let key = '';
  let at = 0;
  for (const p of routeParams(bare)) {
    const literal = bare.slice(at, p.start);
    shown += `${literal}{${p.name || 'arg'}}`;
    key += `${literal}{}`;
    at = p.end;
  }
  const tidy = (s: string): string => `/${s.replace(/\\([./-])/g, '$1').replace(/\/\?$/, '/').replace(/^\/+/, '')}`;
  return { route: tidy(shown + bare.slice(at)), key: tidy(key + bare.slice(at)) };
}

const STRINGS = ['CharField', 'EmailField', 'URLField', 'SlugField', 'RegexField', 'UUIDField', 'IPAddressField', 'DateField', 'DateTimeField', 'TimeField', 'DurationField', 'FileField', 'ImageField', 'FilePathField', 'PasswordField'];

/** The JSON type a DRF field renders as; `any` where the serializer does not say (a method field, JSON). */
export function jsonTypeOf(f: ProbeField): string {
  if (f.many || f.field === 'ListSerializer' || f.field === 'ManyRelatedField' || f.field === 'ListField' || f.field === 'MultipleChoiceField') return 'array';
  if (f.children) return 'object';
  const t = f.field;
  if (t === 'IntegerField') return 'integer';
  if (t === 'FloatField') return 'number';
  if (t === 'DecimalField') return 'decimal';
  if (t === 'BooleanField' || t === 'NullBooleanField') return 'boolean';
  if (t === 'DictField' || t === 'HStoreField') return 'object';
  if (t === 'PrimaryKeyRelatedField') return f.modelField?.type && /Char|UUID|Slug/.test(f.modelField.type) ? 'string' : 'integer';
  if (t === 'SlugRelatedField' || t === 'HyperlinkedRelatedField' || t === 'HyperlinkedIdentityField' || t === 'StringRelatedField') return 'string';
  if (t === 'ChoiceField') return f.choices?.length && f.choices.every((c) => typeof c === 'number') ? 'integer' : 'string';
  if (STRINGS.some((s) => t === s || t.endsWith(s))) return 'string';
  if (t.endsWith('IntegerField')) return 'integer';
  return 'any';
}

const num = (v: number | string | undefined): number | undefined => {
  const n = typeof v === 'string' ? Number(v) : v;
  return n !== undefined && Number.isFinite(n) ? n : undefined;
};

/** A serializer's fields on one side of the wire, nested ones flattened with dotted names. */
export function contractFields(s: ProbeSerializer | null | undefined, side: 'request' | 'response', prefix = '', depth = 0): ContractField[] {
  const out: ContractField[] = [];
  for (const f of s?.fields ?? []) {
    const hidden = f.field === 'HiddenField';
    if (side === 'request' ? f.readOnly || hidden : f.writeOnly || hidden) continue;
    const field: ContractField = { name: prefix + f.name, drfType: f.field, jsonType: jsonTypeOf(f), required: side === 'response' || f.required, allowNull: f.allowNull };
    if (f.choices && !f.choicesTruncated) field.choices = f.choices.map((c) => String(c));
    for (const key of ['maxLength', 'minLength'] as const) if (typeof f[key] === 'number') field[key] = f[key];
    const max = num(f.maxValue);
    const min = num(f.minValue);
    if (max !== undefined) field.maxValue = max;
    if (min !== undefined) field.minValue = min;
    out.push(field);
    const nested = f.children ?? f.child?.children;
    if (nested && depth + 1 < MAX_DEPTH) out.push(...contractFields(nested, side, `${field.name}.`, depth + 1));
  }
  return out;
}

function serializerFor(doc: ProbeDocument, u: ProbeUrlPattern, method: string): ProbeSerializer | undefined {
  const key = u.drf?.handlers.find((h) => h.method === method)?.serializer;
  return key ? doc.serializers[key] : undefined;
}

function queryParams(u: ProbeUrlPattern): string[] {
  const drf = u.drf;
  if (!drf) return [];
  const fields = drf.filtersetFields;
  const out = Array.isArray(fields) ? [...fields] : Object.keys(fields ?? {});
  if (drf.filterBackends.some((b) => /SearchFilter/.test(b)) && drf.searchFields?.length) out.push('search');
  if (drf.filterBackends.some((b) => /OrderingFilter/.test(b)) && drf.orderingFields) out.push('ordering');
  return out.sort();
}

/** Every method of every API route the run would drive, keyed `METHOD key`. */
export function buildContract(doc: ProbeDocument): Map<string, ContractOperation> {
  const ctx = accessContext(doc);
  const kwarg = doc.restFramework?.FORMAT_SUFFIX_KWARG ?? 'format';
  const out = new Map<string, ContractOperation>();
  for (const u of doc.urls) {
    const kind = classifyPattern(u);
    if (!u.drf || isFormatSuffix(u, kwarg) || !DRIVEN.has(kind)) continue;
    const { route, key } = displayRoute(u.route);
    const get = serializerFor(doc, u, 'GET');
    for (const method of (u.methods ?? []).map((m) => m.toUpperCase())) {
      const own = serializerFor(doc, u, method);
      // A write answers with its own serializer's readable fields; a DELETE with nothing.
      const read = method === 'GET' ? get : WRITES.has(method) ? own : undefined;
      const op: ContractOperation = {
        method, route, key, kind, view: u.view,
        request: WRITES.has(method) && own ? { serializer: own.class, fields: contractFields(own, 'request') } : null,
        response: read ? { serializer: read.class, fields: contractFields(read, 'response') } : null,
        needsAuth: accessFor(u, method, ctx).needsAuth,
        query: method === 'GET' && kind === 'collection' ? queryParams(u) : [],
      };
      if (method === 'GET' && kind === 'collection') {
        op.pagination = u.drf.pagination?.style ?? 'none';
        op.pageSize = u.drf.pagination?.pageSize ?? u.drf.pagination?.defaultLimit ?? null;
      }
      if (!out.has(`${method} ${key}`)) out.set(`${method} ${key}`, op);
    }
  }
  return out;
}

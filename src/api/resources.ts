/**
 * The service's API as kinds of endpoint, from the probe's URL patterns (classifyPattern): collections
 * with their detail routes, singletons (`/me/`), and the other endpoints (viewset actions, APIViews,
 * `@api_view` functions, detail routes without a collection). Sign-in, schema, docs, admin and static
 * views are set apart, never driven. Without the probe, the collections OPTIONS / OpenAPI described.
 */
import { classifyPattern, isFormatSuffix, type EndpointKind } from './classify.js';
import type { ProbeDocument, ProbeSerializer, ProbeUrlPattern } from '../probe/types.js';
import type { ApiMap } from './endpoints.js';
import { schemaFromSerializer } from './probe-fields.js';
import { paramAfter, routeKey } from './route-path.js';
import { buildEndpointSchema, type EndpointSchema } from './schema.js';
import type { CollectionResource, ListQuery, OtherResource, ResourceMap, SingletonResource } from './resource-types.js';

export type * from './resource-types.js';

const DRIVEN: ReadonlySet<EndpointKind> = new Set(['collection', 'detail', 'singleton', 'action', 'plain']);
// Without the probe only names are left: what reads as sign-in, schema or admin is never a collection.
const NOT_A_RESOURCE = /(^|[/_ -])(token|login|logout|password|schema|swagger|redoc|docs|admin)([/_ -]|$)/i;

/** The resource map of a service: from the probe when it ran, else from the API map's collections. */
export function buildResources(probe: ProbeDocument | undefined, api: ApiMap): ResourceMap {
  const guarded = new Map(api.protected.map((p) => [p.path, p.status]));
  const map: ResourceMap = { collections: [], singletons: [], others: [], excluded: [] };
  if (probe?.auth) map.user = { model: probe.auth.userModel, usernameField: probe.auth.usernameField };
  if (probe) fromProbe(probe, api, map);
  // Collections only the API roots, OPTIONS or OpenAPI named (or every one, without the probe). A path
  // the probe knows is never one of them: it is what the probe said it is (a token view stays one).
  const known = new Set([...map.collections.map((c) => c.path), ...(probe?.urls.map((u) => u.path).filter((p): p is string => !!p) ?? [])]);
  for (const schema of api.schemas) {
    if (known.has(schema.path)) continue;
    if (!probe && (NOT_A_RESOURCE.test(schema.path) || NOT_A_RESOURCE.test(schema.name))) {
      map.excluded.push({ route: schema.path.replace(/^\//, ''), view: schema.name, kind: 'named like sign-in, schema or admin' });
      continue;
    }
    // The methods the source gave (OpenAPI's operations, OPTIONS' Allow header): a POST-only create view gets no list step.
    const methods = schema.methods?.length ? schema.methods : schema.canCreate ? ['GET', 'POST'] : ['GET'];
    map.collections.push({ path: schema.path, route: schema.path.replace(/^\//, ''), view: schema.name, methods, schema, source: 'api' });
  }
  for (const c of map.collections) if (guarded.has(c.path)) c.guarded = guarded.get(c.path)!;
  return map;
}

function fromProbe(probe: ProbeDocument, api: ApiMap, map: ResourceMap): void {
  const kwarg = probe.restFramework?.FORMAT_SUFFIX_KWARG ?? 'format';
  const details: ProbeUrlPattern[] = [];
  const pending: Array<[ProbeUrlPattern, OtherResource['kind']]> = [];
  for (const u of probe.urls) {
    if (isFormatSuffix(u, kwarg)) continue;
    const kind = classifyPattern(u);
    if (!u.drf) {
      // A plain Django view (a health check, a JsonResponse function): nothing says what its body is,
      // so it gets one GET, which must answer below 500; a view that does not take GET gets nothing.
      if (kind === 'plain' && (!u.methods || u.methods.map((m) => m.toUpperCase()).includes('GET'))) pending.push([u, 'plain']);
      continue;
    }
    const methods = (u.methods ?? []).map((m) => m.toUpperCase());
    if (!DRIVEN.has(kind)) map.excluded.push({ route: u.route, view: u.view, kind });
    else if (kind === 'collection' && u.path) map.collections.push(collection(probe, api, u, methods));
    else if (kind === 'singleton' && u.path) map.singletons.push(singleton(probe, u, methods));
    else if (kind === 'detail') details.push(u);
    else pending.push([u, kind as OtherResource['kind']]);
  }
  for (const d of details) {
    const param = (c: CollectionResource): string | undefined => paramAfter(c.route, d.route);
    const candidates = map.collections.filter((c) => param(c) !== undefined && !c.detail);
    // Several collections end where this route's parameter begins only with odd URLconfs: the model decides.
    const owner = candidates.find((c) => c.schema.model && c.schema.model === d.drf?.queryset?.model) ?? candidates[0];
    if (!owner) {
      pending.push([d, 'detail']);
      continue;
    }
    const lookupField = d.drf?.lookupField ?? 'pk';
    owner.detail = {
      route: d.route, view: d.view, methods: (d.methods ?? []).map((m) => m.toUpperCase()),
      kwarg: d.drf?.lookupUrlKwarg ?? param(owner) ?? lookupField, lookupField,
      ...optional('schema', bodySchema(probe, d, 'PUT', owner.path) ?? bodySchema(probe, d, 'PATCH', owner.path)),
      ...optional('readSerializer', serializerOf(probe, d, 'GET')),
    };
  }
  for (const [u, kind] of pending) map.others.push(other(probe, u, kind, map.collections));
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The serializer the handler of `method` at pattern `u` uses. */
function serializerOf(probe: ProbeDocument, u: ProbeUrlPattern, method: string): ProbeSerializer | undefined {
  const key = u.drf?.handlers.find((h) => h.method === method)?.serializer;
  return key ? probe.serializers[key] : undefined;
}

/** The query parameters a list view's filter backends read. */
function listQuery(u: ProbeUrlPattern): ListQuery {
  const drf = u.drf;
  const backends = drf?.filterBackends ?? [];
  const fields = drf?.filtersetFields;
  const filters = Array.isArray(fields) ? fields : Object.keys(fields ?? {});
  const orderingFields = drf?.orderingFields;
  const ordering = backends.some((b) => /OrderingFilter/.test(b)) && Array.isArray(orderingFields) ? orderingFields : [];
  return { filters, ordering, search: backends.some((b) => /SearchFilter/.test(b)) && !!drf?.searchFields?.length };
}

/** The schema of what `method` takes at pattern `u`, from the serializer its handler uses. */
function bodySchema(probe: ProbeDocument, u: ProbeUrlPattern, method: string, path: string): EndpointSchema | undefined {
  const serializer = serializerOf(probe, u, method);
  if (!serializer) return undefined;
  return schemaFromSerializer({ path, view: u.view, canCreate: method === 'POST', model: u.drf?.queryset?.model }, serializer);
}

function collection(probe: ProbeDocument, api: ApiMap, u: ProbeUrlPattern, methods: string[]): CollectionResource {
  const path = u.path!;
  const fallback = api.schemas.find((s) => s.path === path);
  // The create serializer is what POST validates; a read-only list still shows the list's fields.
  const schema = bodySchema(probe, u, 'POST', path) ?? fallback ?? bodySchema(probe, u, 'GET', path)
    ?? buildEndpointSchema({ path, name: u.view, description: '', resource: '', canCreate: false }, []);
  return {
    path, route: u.route, view: u.view, methods, schema: { ...schema, canCreate: methods.includes('POST') },
    source: 'probe', pagination: u.drf?.pagination ?? null, lookupField: u.drf?.lookupField ?? 'pk',
    table: u.drf?.queryset?.dbTable ?? null, query: listQuery(u), ...optional('readSerializer', serializerOf(probe, u, 'GET')), ...ownParams(u),
  };
}

function singleton(probe: ProbeDocument, u: ProbeUrlPattern, methods: string[]): SingletonResource {
  const schema = bodySchema(probe, u, 'PUT', u.path!) ?? bodySchema(probe, u, 'PATCH', u.path!);
  return { path: u.path!, route: u.route, view: u.view, methods, ...optional('schema', schema), ...ownParams(u) };
}

function other(probe: ProbeDocument, u: ProbeUrlPattern, kind: OtherResource['kind'], collections: CollectionResource[]): OtherResource {
  const kwarg = probe.restFramework?.FORMAT_SUFFIX_KWARG ?? 'format';
  const params = u.params.filter((p) => p.name !== kwarg).map((p) => ({ name: p.name ?? '', converter: p.converter }));
  const parents: OtherResource['parents'] = {};
  for (const p of params) {
    // `api/items/<int:pk>/adjust/`: the items collection's rows fill `pk`.
    const parent = collections.find((c) => paramAfter(c.route, u.route, true) === p.name);
    if (parent) parents[p.name] = { path: parent.path, lookupField: parent.detail?.lookupField ?? parent.lookupField ?? 'pk' };
  }
  // A viewset action given the viewset's own serializer may read its body any way it likes: only a
  // serializer of its own says what a valid body is.
  const standard = (x: ProbeUrlPattern): boolean => ['collection', 'detail'].includes(classifyPattern(x));
  const siblings = new Set(probe.urls.filter((x) => x.view === u.view && standard(x)).flatMap((x) => x.drf?.handlers.map((h) => h.serializer) ?? []));
  const bodies: OtherResource['bodies'] = {};
  for (const method of ['POST', 'PUT', 'PATCH']) {
    const schema = bodySchema(probe, u, method, u.path ?? `/${u.route}`);
    const key = u.drf?.handlers.find((h) => h.method === method)?.serializer;
    if (schema) bodies[method] = { schema, specific: kind !== 'action' || !siblings.has(key ?? null) };
  }
  const methods = u.drf ? (u.methods ?? []).map((m) => m.toUpperCase()) : ['GET'];
  return { kind, route: u.route, path: u.path, view: u.view, methods, params, parents, bodies, ...(u.drf ? {} : { django: true }), ...(u.models?.length ? { models: u.models } : {}), ...ownParams(u) };
}

/** The query parameters the view's own code reads, when the probe found any. */
function ownParams(u: ProbeUrlPattern): { queryParams?: string[] } {
  return u.queryParams?.length ? { queryParams: u.queryParams } : {};
}

/**
 * The resource map less the paths the config leaves out (`seed.skip`, and `flows.skip` for flows); a
 * route with parameters is named as the report names it (`/api/items/<int:pk>/adjust/`).
 */
export function withoutSkipped(map: ResourceMap, skip: readonly string[]): ResourceMap {
  if (!skip.length) return map;
  const out = new Set(skip);
  return { ...map, collections: map.collections.filter((c) => !out.has(c.path)), singletons: map.singletons.filter((s) => !out.has(s.path)), others: map.others.filter((o) => !out.has(o.path ?? routeKey(o.route))) };
}

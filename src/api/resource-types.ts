/** The shapes of the resource map (src/api/resources.ts builds it): what each kind of endpoint is driven with. */
import type { ProbePagination, ProbeSerializer } from '../probe/types.js';
import type { EndpointSchema } from './schema.js';

/** A collection's detail route (`api/items/<int:pk>/`, `api/^courses/(?P<public_id>[^/.]+)/$`). */
export interface DetailRoute {
  route: string;
  view: string;
  methods: string[];
  /** The URL kwarg of the lookup: `pk`, `public_id`, `slug`… */
  kwarg: string;
  /** The row field whose value fills it (DRF's lookup_field; `pk` is the row's `id`). */
  lookupField: string;
  /** What PUT and PATCH take, when the detail view's serializer is known. */
  schema?: EndpointSchema;
  /** The serializer its GET renders with (the probe's), for relation shapes. */
  readSerializer?: ProbeSerializer;
}

/** Query parameters a list view declares through its filter backends (the probe's DRF policy). */
export interface ListQuery {
  /** filterset_fields (django-filter) by name. */
  filters: string[];
  /** ordering_fields, when OrderingFilter is among the backends. */
  ordering: string[];
  /** search_fields is set (SearchFilter reads `search`). */
  search: boolean;
}

/** A list/create endpoint without route parameters. */
export interface CollectionResource {
  path: string;
  route: string;
  view: string;
  /** Methods the view handles (upper case). */
  methods: string[];
  /** What POST takes; a read-only collection's list fields. `canCreate` follows `methods`. */
  schema: EndpointSchema;
  /** Where the schema came from: the probe's serializer, or the API map (OPTIONS / OpenAPI). */
  source: 'probe' | 'api';
  /** The pagination the probe found (null: none); undefined when unknown. */
  pagination?: ProbePagination | null;
  /** The view's lookup_field, for rows of this collection that other routes point at. */
  lookupField?: string;
  detail?: DetailRoute;
  /** The table its queryset reads (the probe's), null when unknown. */
  table?: string | null;
  /** The serializer its GET renders with. */
  readSerializer?: ProbeSerializer;
  /** The query parameters its filter backends read. */
  query?: ListQuery;
  /** Query parameters the view's own code reads (`query_params.get('x')`: the probe read its source), beyond its filter backends'. */
  queryParams?: string[];
  /** OPTIONS refused the run's client with this status: the endpoint needs credentials the run lacks. */
  guarded?: number;
}

/** An object endpoint without a lookup (`/api/users/me/`): get_object() finds the one object. */
export interface SingletonResource {
  path: string;
  route: string;
  view: string;
  methods: string[];
  /** What PUT / PATCH take. */
  schema?: EndpointSchema;
  /** Query parameters the view's own code reads (`query_params.get('x')`: the probe read its source), beyond its filter backends'. */
  queryParams?: string[];
}

/** Anything else the API serves: viewset actions, APIViews, `@api_view` functions, orphan detail routes. */
export interface OtherResource {
  kind: 'action' | 'plain' | 'detail' | 'collection' | 'singleton';
  route: string;
  /** Null when the route has parameters. */
  path: string | null;
  view: string;
  methods: string[];
  params: Array<{ name: string; converter: string }>;
  /** The collection whose rows fill a route parameter, by parameter name. */
  parents: Record<string, { path: string; lookupField: string }>;
  /** Body schemas by method; `specific` when the serializer is the endpoint's own (a valid body must get 2xx). */
  bodies: Record<string, { schema: EndpointSchema; specific: boolean }>;
  /** A plain Django view, not DRF: it gets one GET (no schema says what else it takes). */
  django?: boolean;
  /** Models the view's own code names (a function view): real rows of them fill its route parameters. */
  models?: string[];
  /** Query parameters the view's own code reads (`query_params.get('x')`: the probe read its source), beyond its filter backends'. */
  queryParams?: string[];
}

/** The API as kinds of endpoint, and what is never driven. */
export interface ResourceMap {
  collections: CollectionResource[];
  singletons: SingletonResource[];
  others: OtherResource[];
  /** Sign-in, schema, docs, admin, static and non-API views (by the probe's kind), never driven. */
  excluded: Array<{ route: string; view: string; kind: string }>;
  /** The user model and its USERNAME_FIELD: a /me/ update keeps the signed-in identity. */
  user?: { model: string; usernameField: string };
}

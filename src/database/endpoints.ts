/** Which endpoints the phase measures, and how to ask one for a given number of rows. Pure. */
import { stripAnchors } from '../api/route-path.js';
import type { ResourceMap } from '../api/resources.js';
import type { ProbePagination, ProbeSerializer } from '../probe/types.js';

/** A list endpoint: where it is, how it pages, the serializer its GET uses, its table and query parameters. */
export interface ListEndpoint {
  path: string;
  pagination: ProbePagination | null;
  serializer?: ProbeSerializer;
  table: string | null;
  /** ordering_fields and filterset_fields it declares. */
  ordering: string[];
  filters: string[];
}

/** A detail route and the collection whose ids fill it. */
export interface DetailEndpoint {
  route: string;
  collection: string;
  serializer?: ProbeSerializer;
}

/** The probed collections that answer GET: the API model's lists. */
export function listEndpoints(resources: ResourceMap): ListEndpoint[] {
  return resources.collections
    .filter((c) => c.source === 'probe' && c.methods.includes('GET'))
    .map((c) => ({
      path: c.path, pagination: c.pagination ?? null, serializer: c.readSerializer, table: c.table ?? null,
      ordering: c.query?.ordering ?? [], filters: c.query?.filters ?? [],
    }));
}

/** The detail routes of those collections that answer GET, each with its collection's path. */
export function detailEndpoints(resources: ResourceMap): DetailEndpoint[] {
  return resources.collections
    .filter((c) => c.detail?.methods.includes('GET'))
    .map((c) => ({ route: c.detail!.route, collection: c.path, serializer: c.detail!.readSerializer }));
}

/**
 * `api/^notes/(?P<pk>[^/.]+)/$` or `api/notes/<int:pk>/` with `7` → `/api/notes/7/`; undefined when
 * the route has more than one parameter (nothing says what the others should be).
 */
export function detailPath(route: string, id: string | number): string | undefined {
  const text = stripAnchors(route);
  const params = /\(\?P<[^>]+>(?:[^()]|\([^()]*\))*\)|<(?:\w+:)?\w+>/g;
  const found = text.match(params) ?? [];
  if (found.length !== 1) return undefined;
  const out = `/${text.replace(params, String(id))}`;
  return /[()[\]*+?\\]/.test(out) ? undefined : out;
}

/** Query parameters that ask for `rows` rows, or undefined when the pagination's page size is fixed. */
export function sizeQuery(pagination: ProbePagination | null, rows: number): Record<string, number> | undefined {
  if (!pagination) return undefined;
  if (pagination.style === 'limit-offset') return { [pagination.limitQueryParam ?? 'limit']: rows };
  return pagination.pageSizeQueryParam ? { [pagination.pageSizeQueryParam]: rows } : undefined;
}

/** The rows a list response holds: a bare array, or DRF's `results` (page-number, limit-offset, cursor). */
export function rowsIn(body: unknown): number | undefined {
  if (Array.isArray(body)) return body.length;
  const results = (body as { results?: unknown } | null)?.results;
  return Array.isArray(results) ? results.length : undefined;
}

/** Which endpoints the phase measures, and how to ask one for a given number of rows. Pure. */
import { stripAnchors } from '../seed/route-path.js';
import { classifyPattern, isFormatSuffix } from '../probe/classify.js';
import type { ProbeDocument, ProbePagination, ProbeSerializer, ProbeUrlPattern } from '../probe/types.js';

/** A list endpoint: where it is, how it pages, and the serializer its GET uses. */
export interface ListEndpoint {
  path: string;
  pagination: ProbePagination | null;
  serializer?: ProbeSerializer;
  table: string | null;
}

/** A detail route and the collection whose ids fill it. */
export interface DetailEndpoint {
  route: string;
  collection: string;
  serializer?: ProbeSerializer;
}

const getSerializer = (u: ProbeUrlPattern, probe: ProbeDocument): ProbeSerializer | undefined => {
  const key = u.drf?.handlers.find((h) => h.method === 'GET')?.serializer;
  return key ? probe.serializers[key] : undefined;
};

const answersGet = (u: ProbeUrlPattern): boolean => (u.methods ?? []).includes('GET') || Object.keys(u.actions ?? {}).includes('get');

/** The DRF list endpoints with a concrete path that answer GET (format-suffix variants left out). */
export function listEndpoints(probe: ProbeDocument): ListEndpoint[] {
  const kwarg = probe.restFramework?.FORMAT_SUFFIX_KWARG ?? 'format';
  return probe.urls
    .filter((u) => u.drf && u.path && !isFormatSuffix(u, kwarg) && classifyPattern(u) === 'collection' && answersGet(u))
    .map((u) => ({ path: u.path!, pagination: u.drf!.pagination, serializer: getSerializer(u, probe), table: u.drf!.queryset?.dbTable ?? null }));
}

/** Detail routes with one lookup parameter, each with the collection path its ids come from. */
export function detailEndpoints(probe: ProbeDocument): DetailEndpoint[] {
  const kwarg = probe.restFramework?.FORMAT_SUFFIX_KWARG ?? 'format';
  const out: DetailEndpoint[] = [];
  for (const u of probe.urls) {
    if (!u.drf || isFormatSuffix(u, kwarg) || classifyPattern(u) !== 'detail' || !answersGet(u)) continue;
    const collection = detailPath(u.route, '')?.replace(/[^/]*\/?$/, '');
    if (collection) out.push({ route: u.route, collection, serializer: getSerializer(u, probe) });
  }
  return out;
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

/**
 * Endpoint discovery from Django's own URL resolver, run inside the service container with
 * `manage.py shell -c` (python/url_routes.py): finds function views outside the DRF router (`@api_view`, `cache_page`) too.
 */

/** One URL pattern as the in-container snippet reports it. */
export interface ResolvedRoute {
  /** Concrete path when the route has no parameters, e.g. "/api/stats/"; null otherwise. */
  path: string | null;
  route: string;
  name: string | null;
  view: string;
  /** DRF viewset action map ({get: 'list', post: 'create'}), when a router made the route. */
  actions: Record<string, string> | null;
  drf: boolean;
  /** Wrapped by Django's cache_page (a CacheMiddleware in the view's decorator chain). */
  cached: boolean;
  /** Wrapped by never_cache: evidence against a cache. */
  neverCache?: boolean;
  /** Methods the view handles (upper case), when the probe told. */
  methods?: string[] | null;
}

/** Reads the snippet's output (Django may print warnings around it). */
export function parseResolverOutput(output: string): ResolvedRoute[] {
  const line = output.split('\n').find((l) => l.startsWith('ENID-ROUTES '));
  if (!line) return [];
  return JSON.parse(line.slice('ENID-ROUTES '.length)) as ResolvedRoute[];
}

/** Collection endpoints (list + create) that a router or a generic view exposes. */
export function collectionPaths(routes: ResolvedRoute[]): string[] {
  return routes
    .filter((r) => r.path && r.actions && r.actions.get === 'list')
    .map((r) => r.path!)
    .filter((p, i, all) => all.indexOf(p) === i);
}

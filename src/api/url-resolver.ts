/**
 * Endpoint discovery from Django's own URL resolver, run inside the service container with
 * `manage.py shell -c`: finds function views outside the DRF router (`@api_view`, `cache_page`) too.
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

// Kept small and dependency-free: it runs in whatever Python and Django version the service has.
export const RESOLVER_SNIPPET = String.raw`
import json, re
from django.urls import get_resolver, URLPattern, URLResolver
try:
    from django.middleware.cache import CacheMiddleware
except Exception:
    CacheMiddleware = None
def cached(cb):
    f, seen = cb, 0
    while f is not None and seen < 8:
        seen += 1
        for cell in (getattr(f, '__closure__', None) or ()):
            try:
                v = cell.cell_contents
            except ValueError:
                continue
            if CacheMiddleware is not None and isinstance(v, CacheMiddleware):
                return True
        f = getattr(f, '__wrapped__', None)
    return False
def concrete(route):
    # Router regexes are anchored per segment ("api/^notes/$"): anchors anywhere are not path text.
    r = route.replace('^', '').replace('\\Z', '').replace('$', '')
    if '<' in r or '(' in r or '[' in r or '*' in r or '+' in r or '?' in r:
        return None
    return '/' + r.replace('\\', '')
out = []
def walk(patterns, prefix):
    for p in patterns:
        if isinstance(p, URLResolver):
            walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            cb = p.callback
            view = getattr(cb, 'cls', None) or getattr(cb, 'view_class', None)
            name = (view.__module__ + '.' + view.__qualname__) if view else (getattr(cb, '__module__', '?') + '.' + getattr(cb, '__qualname__', '?'))
            route = prefix + str(p.pattern)
            out.append({'path': concrete(route), 'route': route, 'name': p.name, 'view': name,
                        'actions': getattr(cb, 'actions', None), 'drf': bool(view is not None and hasattr(view, 'renderer_classes')),
                        'cached': cached(cb)})
walk(get_resolver().url_patterns, '')
print('ENID-ROUTES ' + json.dumps(out))
`;

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

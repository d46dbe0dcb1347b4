import type { ProbeDocument } from '../probe/types.js';
import type { ResolvedRoute } from './url-resolver.js';

/** The probe's URL patterns in the shape the API discovery reads. */
export function routesFromProbe(doc: ProbeDocument): ResolvedRoute[] {
  return doc.urls.map((u) => ({
    path: u.path,
    route: u.route,
    name: u.name,
    view: u.view,
    actions: u.actions,
    drf: u.drf !== null,
    cached: u.cache.some((c) => c.decorator === 'cache_page'),
    neverCache: u.cache.some((c) => c.decorator === 'never_cache'),
    methods: u.methods,
  }));
}

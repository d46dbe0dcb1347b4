import createDebug from 'debug';
import type { HttpClient } from '../http/client.js';
import { bootstrap, urlWalkFile } from '../probe/run-probe.js';
import { pythonSource } from '../python/scripts.js';
import type { StartedDjangoService } from '../stack/django-service-container.js';
import { findSchemaRoutes, parseOpenApi } from './openapi.js';
import { parseApiRoot, parseOptionsMetadata, type EndpointSchema } from './schema.js';
import { collectionPaths, parseResolverOutput, type ResolvedRoute } from './url-resolver.js';

const debug = createDebug('enid:seed');

/** One row as the service rendered it. */
export type Row = Record<string, unknown>;

/** The service's API as discovered at run time. */
export interface ApiMap {
  /** Collection endpoints with their POST schema, in discovery order. */
  schemas: EndpointSchema[];
  /** Every URL pattern Django resolves (empty when the resolver could not be asked). */
  routes: ResolvedRoute[];
  /** Ids of the rows seeding created, per collection path. */
  created: Record<string, Array<string | number>>;
  /**
   * The rows seeding created as the service answered them (scalar fields only), per collection path:
   * what lookups (`public_id`), slug relations and hyperlinks are filled from.
   */
  rows?: Record<string, Row[]>;
  /** Collections that refused an anonymous OPTIONS (401/403): reported as skipped, never as failures. */
  protected: Array<{ path: string; status: number }>;
}

/**
 * Finds collection endpoints from the DRF API roots and from Django's URL resolver inside the
 * container, then reads each one's OPTIONS metadata. When the service publishes an OpenAPI schema, it
 * describes the collections OPTIONS cannot (no POST action there) and those the roots and resolver missed.
 */
export async function discoverApi(http: HttpClient, service: StartedDjangoService, apiRoots: string[], skip: string[] = [], known?: ResolvedRoute[]): Promise<{ api: ApiMap; notes: string[] }> {
  const notes: string[] = [];
  let routes: ResolvedRoute[] = known ?? [];
  if (!known) {
    // Without the probe's URL patterns, its URL walk alone (python/url_routes.py) still asks Django.
    const resolved = await resolveRoutes(service).catch((err: unknown) => ({ exitCode: -1, output: String(err) }));
    if (resolved.exitCode === 0) routes = parseResolverOutput(resolved.output);
    else notes.push(`URL resolver not read (manage.py shell exited ${resolved.exitCode}): only API roots were used`);
  }
  debug('resolver found %d routes', routes.length);

  const paths: string[] = [];
  for (const root of apiRoots) {
    const res = await http.get(root).catch(() => undefined);
    if (res && res.status === 200 && typeof res.body === 'object') paths.push(...parseApiRoot(res.body, http.origin));
    else notes.push(`API root ${root} answered ${res?.status ?? 'nothing'}`);
  }
  paths.push(...collectionPaths(routes));
  const unique = [...new Set(paths)].filter((p) => !skip.includes(p));

  const openApi = new Map((await readOpenApi(http, routes, apiRoots, notes)).filter((s) => !skip.includes(s.path)).map((s) => [s.path, s]));
  const schemas: EndpointSchema[] = [];
  const guarded: ApiMap['protected'] = [];
  for (const path of unique) {
    const res = await http.request('OPTIONS', path);
    const parsed = res.status === 200 && typeof res.body === 'object' ? parseOptionsMetadata(path, res.body) : undefined;
    // DRF's OPTIONS answer says in its Allow header which methods the view has.
    const allow = String(res.headers?.allow ?? '').split(',').map((m) => m.trim().toUpperCase()).filter((m) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(m));
    const options = parsed && allow?.length ? { ...parsed, methods: allow } : parsed;
    const fallback = openApi.get(path);
    openApi.delete(path);
    // OPTIONS describes what the running serializer validates; the schema is only as good as its generator.
    if (options?.canCreate || (options && !fallback)) {
      schemas.push(options);
      notes.push(`schema of ${path} from OPTIONS${options.canCreate ? '' : ' (read-only)'}`);
    } else if (fallback) {
      schemas.push(fallback);
      notes.push(`schema of ${path} from OpenAPI (OPTIONS ${options ? 'has no POST action' : `answered ${res.status}`})`);
    } else if (res.status === 401 || res.status === 403) {
      guarded.push({ path, status: res.status });
      notes.push(`${path} needs authentication (OPTIONS answered ${res.status})`);
    } else notes.push(`OPTIONS ${path} answered ${res.status}`);
  }
  for (const schema of openApi.values()) {
    schemas.push(schema);
    notes.push(`schema of ${schema.path} from OpenAPI (not in the API roots or resolver)`);
  }
  return { api: { schemas, routes, created: {}, protected: guarded }, notes };
}

const URL_ROUTES_CONTAINER_PATH = '/tmp/enid/url-routes.py';

/**
 * The URL fallback (python/url_routes.py) run through the service's manage.py, beside the URL walk it
 * imports: the probe's own walk, without its other sections. Its output is read by parseResolverOutput.
 */
export async function resolveRoutes(service: StartedDjangoService): Promise<{ exitCode: number; output: string }> {
  await service.copyContentToContainer([{ content: pythonSource('url_routes'), target: URL_ROUTES_CONTAINER_PATH, mode: 0o644 }, urlWalkFile()]);
  return service.manage(['shell', '-c', bootstrap(URL_ROUTES_CONTAINER_PATH)], { PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' });
}

/** The service's OpenAPI schema, parsed, from the first schema URL that serves JSON; none when it has no such URL. */
async function readOpenApi(http: HttpClient, routes: ResolvedRoute[], apiRoots: string[], notes: string[]): Promise<EndpointSchema[]> {
  // With ?format= DRF still checks Accept against the renderer's own media type, so that asks for anything.
  const tries = [
    { headers: { accept: 'application/vnd.oai.openapi+json, application/json' } },
    { headers: { accept: '*/*' }, query: { format: 'openapi-json' } },
  ];
  // Without the URLconf (no probe, no resolver), what answers decides: the usual schema URLs under each root.
  const urls = routes.length ? findSchemaRoutes(routes) : conventionalSchemaUrls(apiRoots);
  for (const url of urls) {
    for (const { headers, query } of tries) {
      const res = await http.get(url, { headers, query }).catch(() => undefined);
      if (res?.status !== 200 || typeof res.body !== 'object' || res.body === null) continue;
      // A guessed URL may answer JSON that is no schema (an API root's links): only an OpenAPI document counts.
      if (!routes.length && !('openapi' in res.body || 'swagger' in res.body)) continue;
      const schemas = parseOpenApi(res.body);
      notes.push(`OpenAPI schema read from ${url}${query ? '?format=openapi-json' : ''}: ${schemas.length} collection(s)`);
      debug('OpenAPI %s: %o', url, schemas.map((s) => s.path));
      return schemas;
    }
    if (routes.length) notes.push(`OpenAPI schema at ${url} not read as JSON`);
  }
  return [];
}

/** Where DRF and drf-spectacular services usually publish their schema, under each API root and the site root. */
export function conventionalSchemaUrls(apiRoots: string[]): string[] {
  const bases = [...new Set([...apiRoots, '/'])];
  return [...new Set(bases.flatMap((b) => ['schema/', 'openapi/', 'openapi.json', 'schema.json'].map((p) => `${b.replace(/\/?$/, '/')}${p}`)))];
}

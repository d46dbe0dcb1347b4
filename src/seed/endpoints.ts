import createDebug from 'debug';
import type { HttpClient } from '../http/client.js';
import type { StartedDjangoService } from '../stack/django-service-container.js';
import { parseApiRoot, parseOptionsMetadata, type EndpointSchema } from './schema.js';
import { collectionPaths, parseResolverOutput, RESOLVER_SNIPPET, type ResolvedRoute } from './url-resolver.js';

const debug = createDebug('enid:seed');

/** The service's API as discovered at run time. */
export interface ApiMap {
  /** Collection endpoints with their POST schema, in discovery order. */
  schemas: EndpointSchema[];
  /** Every URL pattern Django resolves (empty when the resolver could not be asked). */
  routes: ResolvedRoute[];
  /** Ids of the rows seeding created, per collection path. */
  created: Record<string, Array<string | number>>;
}

/**
 * Finds collection endpoints from the DRF API roots and from Django's URL resolver inside the
 * container, then reads each one's OPTIONS metadata.
 */
export async function discoverApi(http: HttpClient, service: StartedDjangoService, apiRoots: string[], skip: string[] = []): Promise<{ api: ApiMap; notes: string[] }> {
  const notes: string[] = [];
  let routes: ResolvedRoute[] = [];
  const resolved = await service.manage(['shell', '-c', RESOLVER_SNIPPET]).catch((err: unknown) => ({ exitCode: -1, output: String(err) }));
  if (resolved.exitCode === 0) routes = parseResolverOutput(resolved.output);
  else notes.push(`URL resolver not read (manage.py shell exited ${resolved.exitCode}): only API roots were used`);
  debug('resolver found %d routes', routes.length);

  const paths: string[] = [];
  for (const root of apiRoots) {
    const res = await http.get(root).catch(() => undefined);
    if (res && res.status === 200 && typeof res.body === 'object') paths.push(...parseApiRoot(res.body, http.origin));
    else notes.push(`API root ${root} answered ${res?.status ?? 'nothing'}`);
  }
  paths.push(...collectionPaths(routes));
  const unique = [...new Set(paths)].filter((p) => !skip.includes(p));

  const schemas: EndpointSchema[] = [];
  for (const path of unique) {
    const res = await http.request('OPTIONS', path);
    if (res.status !== 200 || typeof res.body !== 'object') {
      notes.push(`OPTIONS ${path} answered ${res.status}`);
      continue;
    }
    schemas.push(parseOptionsMetadata(path, res.body));
  }
  return { api: { schemas, routes, created: {} }, notes };
}

import { ExitCode } from '../src/exit-codes.js';
import { EnidError } from '../src/errors.js';
import type { HttpClient } from '../src/http/client.js';
import type { RelatedIds } from '../src/seed/payload.js';
import { orderByDependencies } from '../src/api/dependencies.js';
import { parseApiRoot, parseOptionsMetadata, type EndpointSchema } from '../src/api/schema.js';

/**
 * One collection's POST schema and ids its relations can point at, read from the running service the way
 * the harness's seed phase reads them (API roots, then OPTIONS), without container access: related ids
 * come from the first page of each target collection, which the globalSetup seeded.
 */
export async function loadEndpoint(http: HttpClient, apiRoots: string[], endpoint: string, given: RelatedIds = {}): Promise<{ schema: EndpointSchema; relatedIds: RelatedIds }> {
  const paths: string[] = [];
  for (const root of apiRoots) {
    const res = await http.get(root).catch(() => undefined);
    if (res?.status === 200) paths.push(...parseApiRoot(res.body, http.origin));
  }
  const schemas: EndpointSchema[] = [];
  for (const path of [...new Set([...paths, endpoint])]) {
    const res = await http.request('OPTIONS', path).catch(() => undefined);
    if (res?.status === 200 && typeof res.body === 'object') schemas.push(parseOptionsMetadata(path, res.body));
    else if (path === endpoint) throw unusable(endpoint, `OPTIONS ${endpoint} answered ${res?.status ?? 'nothing'}`, 'check the path (with its trailing slash) against the API root');
  }
  const schema = schemas.find((s) => s.path === endpoint)!;
  if (!schema.canCreate) throw unusable(endpoint, `OPTIONS ${endpoint} lists no POST action`, 'a read-only endpoint has no CRUD flow; if it needs authentication, pass crudSuite(path, { headers })');
  const plan = orderByDependencies(schemas.filter((s) => s.canCreate));
  const relatedIds: RelatedIds = {};
  for (const rel of plan.relations.filter((r) => r.endpoint === endpoint)) {
    relatedIds[rel.field] = given[rel.field] ?? (await existingIds(http, rel.target));
  }
  return { schema, relatedIds: { ...relatedIds, ...given } };
}

async function existingIds(http: HttpClient, collection: string): Promise<Array<string | number>> {
  const res = await http.get(collection).catch(() => undefined);
  const body = res?.body as { results?: unknown } | unknown[] | undefined;
  const rows = Array.isArray(body) ? body : Array.isArray(body?.results) ? body.results : [];
  return (rows as Array<Record<string, unknown>>)
    .map((r) => (r.id ?? r.pk ?? r.uuid ?? r.url) as string | number | undefined)
    .filter((id): id is string | number => id !== undefined);
}

function unusable(endpoint: string, message: string, hint: string): EnidError {
  return new EnidError(`crudSuite('${endpoint}'): ${message}`, { code: 'ENID_SUITE_ENDPOINT', exitCode: ExitCode.CheckFailed, phase: 'suites', hint });
}

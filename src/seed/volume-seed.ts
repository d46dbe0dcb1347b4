/**
 * Seeding at volume: a few rows per collection go through the API (they prove the create view works and
 * give the flows real rows), the rest of `--rows` go in by COPY on Django's connection in the container,
 * from the same payload generator, so a service whose create view costs a password hash per request
 * (HTTP Basic) does not make a large `--rows` cost minutes.
 */
import type { CollectionResource, ResourceMap } from '../api/resource-types.js';
import type { EndpointSchema } from '../api/schema.js';
import { pythonSource } from '../python/scripts.js';
import { bootstrap } from '../probe/run-probe.js';
import type { StartedDjangoService } from '../stack/django-service-container.js';
import type { PayloadLessons } from './lessons.js';
import { createPayloadGenerator, type Payload, type RelatedIds } from './payload.js';
import type { SeedApiResult } from './run-seed.js';

/**
 * Rows each collection gets through the API when COPY can take the rest: enough for the flows (which
 * create their own rows too) and for relations to point at; the database phase adds what it measures.
 */
export const API_ROWS_PER_COLLECTION = 5;
const SCRIPT = '/tmp/enid/db-rows.py';

/** The table a collection's rows can be COPYed into: its queryset's, as the probe read it. Pure. */
export function copyTable(c: Pick<CollectionResource, 'source' | 'table'>): string | undefined {
  return c.source === 'probe' && c.table ? c.table : undefined;
}

/** Rows through the API per collection: all of them where no table is known (the API is the only way). Pure. */
export function apiRowsFor(resources: Pick<ResourceMap, 'collections'>, rows: number): (path: string) => number {
  const copyable = new Set(resources.collections.filter((c) => copyTable(c)).map((c) => c.path));
  return (path) => (copyable.has(path) ? Math.min(rows, API_ROWS_PER_COLLECTION) : rows);
}

/** One collection's rows beyond the API's: payload indexes `from` to `to` (exclusive). */
export interface CopyRequest {
  path: string;
  table: string;
  schema: EndpointSchema;
  from: number;
  to: number;
  related: RelatedIds;
  /** Rows the API created here: the script reads from them what the service sets itself (the owner). */
  apiIds: Array<string | number>;
}

/**
 * What COPY takes: the rest of `rows` of every collection with a table whose API rows were created,
 * parents first (the API report's order). A collection the API could not write to gets nothing: COPY
 * would put in rows the service itself refuses. Pure.
 */
export function copyRequests(resources: Pick<ResourceMap, 'collections'>, api: Pick<SeedApiResult, 'report' | 'created' | 'related'>, rows: number): CopyRequest[] {
  const out: CopyRequest[] = [];
  for (const e of api.report.endpoints) {
    const c = resources.collections.find((x) => x.path === e.path);
    const table = c && copyTable(c);
    if (!c || !table || e.skipped || e.created === 0) continue;
    const from = Math.min(rows, API_ROWS_PER_COLLECTION);
    if (from >= rows) continue;
    // Ids that can be a primary key: a hyperlinked serializer's URL cannot.
    const apiIds = (api.created[e.path] ?? []).filter((id) => typeof id === 'number' || !/^[a-z]+:\/\//i.test(id));
    out.push({ path: e.path, table, schema: c.schema, from, to: rows, related: api.related[e.path] ?? {}, apiIds });
  }
  return out;
}

/** What the container put in, per collection path, and what it could not. */
export interface CopyOutcome {
  seeded: Record<string, { rows: number; method: 'copy' | 'bulk_create' }>;
  errors: string[];
  durationMs: number;
}

/**
 * Generates the payloads (same generator and seed as the API's, the following indexes), hands them to
 * the rows script as JSON lines and runs it once: every request in one `manage.py shell`, committed.
 */
export async function seedByCopy(service: StartedDjangoService, requests: CopyRequest[], seed: number, lessons?: PayloadLessons): Promise<CopyOutcome> {
  const generator = createPayloadGenerator({ seed });
  // What the service's own validation taught the API rows (a code's shape, an order of dates) holds for
  // these too: COPY runs no serializer, so a row the service would refuse must not go in this way.
  const made = (r: CopyRequest, index: number): Payload => {
    const payload = generator.generate(r.schema, { relatedIds: r.related, index });
    return lessons ? lessons.apply(r.schema, payload, index) : payload;
  };
  const files = requests.map((r, n) => {
    const lines: string[] = [];
    for (let index = r.from; index < r.to; index++) lines.push(JSON.stringify(made(r, index)));
    return { content: `${lines.join('\n')}\n`, target: `/tmp/enid/seed-${n}.jsonl`, mode: 0o644 };
  });
  await service.copyContentToContainer([{ content: pythonSource('db_rows'), target: SCRIPT, mode: 0o644 }, ...files]);
  const input = {
    seed: requests.map((r, n) => ({ path: r.path, table: r.table, file: files[n]!.target, apiIds: r.apiIds })),
    commit: true, tables: [], rows: 0,
  };
  const res = await service.exec(['python', 'manage.py', 'shell', '-c', bootstrap(SCRIPT)], {
    workingDir: service.codeDir,
    env: { ENID_DB_INPUT: JSON.stringify(input), PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' },
  });
  const line = res.stdout.split('\n').find((l) => l.startsWith('ENID-DB '));
  if (!line) throw new Error(`the rows script printed no result (exit ${res.exitCode}): ${res.stderr.trim().split('\n').at(-1) ?? ''}`);
  const out = JSON.parse(line.slice('ENID-DB '.length)) as Partial<CopyOutcome>;
  return { seeded: out.seeded ?? {}, errors: out.errors ?? [], durationMs: out.durationMs ?? 0 };
}

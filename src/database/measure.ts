/** Requests sent one at a time, each between a reset and a read of pg_stat_statements. */
import type { HttpClient } from '../http/client.js';
import type { ProbeDocument } from '../probe/types.js';
import type { ApiMap } from '../api/endpoints.js';
import type { ResourceMap } from '../api/resources.js';
import { seedApi } from '../seed/run-seed.js';
import type { StartedDjangoService } from '../stack/django-service-container.js';
import { detailEndpoints, detailPath, listEndpoints, rowsIn, sizeQuery, type ListEndpoint } from './endpoints.js';
import { detectGrowth, modelTables, relationFields, type SizedSample } from './growth.js';
import type { StatementCounter } from './pg-stats.js';
import { queryCount } from './statements.js';
import type { DatabaseReport } from './types.js';
import { createRows } from './volume.js';

type Measured = DatabaseReport['requests'][number];

/** One GET, alone on the database: its status, rows and every statement it ran (the counter was reset before). */
export async function measureRequest(http: HttpClient, counter: StatementCounter, path: string, query?: Record<string, number>): Promise<Measured & { firstId?: string | number; count?: number }> {
  const res = await http.get(path, query ? { query } : {});
  const statements = await counter.take();
  const shown = query ? `${path}?${Object.entries(query).map(([k, v]) => `${k}=${v}`).join('&')}` : path;
  const rows = rowsIn(res.body);
  const first = (Array.isArray(res.body) ? res.body[0] : (res.body as { results?: unknown[] } | null)?.results?.[0]) as Record<string, unknown> | undefined;
  const firstId = (first?.id ?? first?.pk) as string | number | undefined;
  const count = (res.body as { count?: unknown } | null)?.count;
  return {
    method: 'GET', path: shown, status: res.status, ...(rows !== undefined ? { rows } : {}),
    queries: queryCount(statements), timeMs: Math.round(statements.reduce((t, s) => t + s.timeMs, 0) * 1000) / 1000, statements,
    ...(firstId !== undefined ? { firstId } : {}),
    ...(typeof count === 'number' ? { count } : {}),
  };
}

type Sample = Measured & { firstId?: string | number; count?: number };
const strip = ({ firstId: _, count: __, ...m }: Sample): Measured => m;

export interface TrafficInput {
  http: HttpClient;
  service: StartedDjangoService;
  counter: StatementCounter;
  api: ApiMap;
  probe: ProbeDocument;
  resources: ResourceMap;
  seed: number;
  sizes: [number, number];
  level: 'fail' | 'warn';
  signal: AbortSignal;
  log: (line: string) => void;
}

/**
 * Every list endpoint at a small page, then (after more rows were created) at a large one; every
 * detail endpoint once. Counts that grow with the rows are N+1s.
 */
export async function measureTraffic(input: TrafficInput): Promise<Pick<DatabaseReport, 'requests' | 'nPlusOne' | 'flat' | 'notes'>> {
  const { http, counter, probe, sizes: [small, large] } = input;
  const out: Pick<DatabaseReport, 'requests' | 'nPlusOne' | 'flat' | 'notes'> = { requests: [], nPlusOne: [], flat: [], notes: [] };
  const lists = listEndpoints(input.resources);
  if (!lists.length) out.notes.push('no list endpoint with a concrete path: nothing to measure for N+1');
  const before = new Map<string, Measured>();
  await counter.reset();
  for (const e of lists) {
    if (input.signal.aborted) return out;
    const m = await measureRequest(http, counter, e.path, sizeQuery(e.pagination, small));
    before.set(e.path, m);
    out.requests.push(strip(m));
  }

  let { api, via } = lists.length ? await moreRows(input, lists, out.notes, 'orm') : { api: input.api, via: 'api' };
  const firstIds: Record<string, string | number> = {};
  const tables = modelTables(probe);
  const after = new Map<string, Sample>();
  const measureLarge = async (e: ListEndpoint): Promise<void> => {
    const b = await measureRequest(http, counter, e.path, sizeQuery(e.pagination, large));
    if (b.firstId !== undefined) firstIds[e.path] = b.firstId;
    after.set(e.path, b);
  };
  await counter.reset();
  for (const e of lists) if (!input.signal.aborted) await measureLarge(e);
  // Rows made through the ORM belong to no user: a view that shows the caller's own rows did not grow.
  // A fixed page size can still grow while the page is not full.
  const notFull = (e: ListEndpoint): boolean => typeof e.pagination?.pageSize === 'number' && (before.get(e.path)?.rows ?? 0) < e.pagination.pageSize;
  const canGrow = (e: ListEndpoint): boolean => !e.pagination || !!sizeQuery(e.pagination, large) || notFull(e);
  const stuck = lists.filter((e) => canGrow(e) && (after.get(e.path)?.rows ?? 0) <= (before.get(e.path)?.rows ?? 0));
  if (via === 'orm' && stuck.length && !input.signal.aborted) {
    ({ api, via } = await moreRows(input, stuck, out.notes, 'api'));
    await counter.reset();
    for (const e of stuck) if (!input.signal.aborted) await measureLarge(e);
  }
  for (const e of lists) {
    const b = after.get(e.path);
    if (!b) return out;
    out.requests.push(strip(b));
    // A fixed page size that was full both times: its last page is the smaller sample.
    const last = b.rows === before.get(e.path)?.rows && !input.signal.aborted ? await lastPage(http, counter, e, b) : undefined;
    if (last) out.requests.push(strip(last));
    judge(e, last ?? before.get(e.path)!, b, tables, input.level, out);
  }

  for (const d of detailEndpoints(input.resources)) {
    const id = api.created[d.collection]?.[0] ?? firstIds[d.collection];
    const path = id !== undefined ? detailPath(d.route, id) : undefined;
    if (!path || input.signal.aborted) continue;
    out.requests.push(strip(await measureRequest(http, counter, path)));
  }
  return out;
}

/** The last page of a page-number list whose page size is fixed, when it holds fewer rows than a full page. */
async function lastPage(http: HttpClient, counter: StatementCounter, e: ListEndpoint, full: Sample): Promise<Sample | undefined> {
  const size = full.rows ?? 0;
  if (e.pagination?.style !== 'page-number' || !full.count || size < 2 || full.count <= size || full.count % size === 0) return undefined;
  await counter.reset();
  return measureRequest(http, counter, e.path, { [e.pagination.pageQueryParam ?? 'page']: Math.ceil(full.count / size) });
}

/**
 * `large` more rows in every listed table: through the service's models in the container (one exec,
 * parents first), else through the API as seeding makes them (one POST a row: much slower).
 */
async function moreRows(input: TrafficInput, lists: ListEndpoint[], notes: string[], via: 'orm' | 'api'): Promise<{ api: ApiMap; via: 'orm' | 'api' }> {
  const large = input.sizes[1];
  const tables = [...new Set(lists.map((e) => e.table).filter((t): t is string => !!t))];
  const t = Date.now();
  if (via === 'orm') {
    try {
      // One more than the large page: a total that a fixed page size divides leaves no short last page.
      const made = await createRows(input.service, { tables, rows: large + 1, commit: true, offset: 1_000_000 });
      notes.push(...made.errors.map((e) => `extra rows: ${e}`));
      input.log(`database: ${Object.values(made.tables).reduce((a, b) => a + b, 0)} more row(s) through the ORM in ${Date.now() - t} ms for the ${large}-row page`);
      if (tables.every((x) => made.tables[x])) return { api: input.api, via: 'orm' };
    } catch (err) {
      notes.push(`extra rows through the ORM failed (${(err as Error).message}): created through the API instead`);
    }
  }
  if (!input.api.schemas.some((s) => s.canCreate)) return { api: input.api, via: 'api' };
  const { report, created } = await seedApi(input.http, input.api, { seed: input.seed + 1, rows: large, concurrency: 4, signal: input.signal });
  input.log(`database: ${report.rows} more row(s) through the API in ${Date.now() - t} ms for the ${large}-row page`);
  for (const e of report.endpoints.filter((x) => x.created < large && !x.skipped)) notes.push(`only ${e.created} of ${large} extra row(s) could be created at ${e.path}${e.errors[0] ? ` (${e.errors[0]})` : ''}`);
  return { api: { ...input.api, created: mergeIds(input.api.created, created) }, via: 'api' };
}

function judge(e: ListEndpoint, a: Measured, b: Measured, tables: Record<string, string>, level: 'fail' | 'warn', out: Pick<DatabaseReport, 'nPlusOne' | 'flat' | 'notes'>): void {
  const sizes = [a, b].map((m) => ({ rows: m.rows ?? 0, queries: m.queries }));
  if (a.status !== 200 || b.status !== 200 || a.rows === undefined || b.rows === undefined) {
    out.notes.push(`${e.path}: not judged for N+1 (answered ${a.status}/${b.status}${a.rows === undefined ? ', no rows in the body' : ''})`);
    return;
  }
  if (b.rows <= a.rows) {
    out.notes.push(`${e.path}: not judged for N+1 (${a.rows} then ${b.rows} row(s): ${sizeQuery(e.pagination, 2) ? 'the extra rows did not show in it' : 'its page size is fixed and the page was already full'})`);
    return;
  }
  const sample = (m: Measured): SizedSample => ({ rows: m.rows ?? 0, statements: m.statements });
  const growth = detectGrowth(sample(a), sample(b), relationFields(e.serializer), tables);
  if (growth) out.nPlusOne.push({ path: e.path, sizes, ...growth, level });
  else out.flat.push({ path: e.path, sizes });
}

function mergeIds(a: ApiMap['created'], b: ApiMap['created']): ApiMap['created'] {
  const out: ApiMap['created'] = { ...a };
  for (const [k, ids] of Object.entries(b)) out[k] = [...(out[k] ?? []), ...ids];
  return out;
}

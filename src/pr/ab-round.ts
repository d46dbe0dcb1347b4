/**
 * The A/B round: every list and detail endpoint both sides have, requested on base, head and base
 * again in rotated, interleaved triples through each side's own client until the sampler can tell
 * (ab-sampler.ts), then once more on each side between resets of pg_stat_statements for the queries
 * it runs. Before it, both databases get the same number of rows in every listed table and fresh
 * statistics, so the two sides answer the same data shape.
 */
import { detailEndpoints, detailPath, listEndpoints, rowsIn } from '../database/endpoints.js';
import { statementCounter, type StatementCounter } from '../database/pg-stats.js';
import { queryCount } from '../database/statements.js';
import { createRows } from '../database/volume.js';
import type { HttpClient, HttpResponse } from '../http/client.js';
import type { ResourceMap } from '../api/resources.js';
import type { SqlTarget } from '../stack/backing/backing-container.js';
import type { StartedDjangoService } from '../stack/django-service-container.js';
import { serverTimingMs } from '../timing/cache-headers.js';
import { createAbSampler } from './ab-sampler.js';
import { compareQueries, latencyRow, noiseFloor, type AbSamples, type QuerySample } from './ab-stats.js';
import type { StatusPair } from './contract-diff.js';
import { displayRoute } from './contract.js';
import { countRows, vacuumAnalyze } from './pg.js';
import type { LatencyComparison, NoiseFloor, QueryComparison } from './types.js';

/** One side of the comparison. */
export interface AbSide {
  http: HttpClient;
  resources: ResourceMap;
  service: StartedDjangoService;
  pg: SqlTarget;
}

export interface AbInput {
  base: AbSide;
  head: AbSide;
  seed: number;
  minSlowdown: number;
  /** Most kept triples per endpoint. */
  maxTriples: number;
  /** Wall-clock budget of the whole round, shared by its endpoints (3 to 15 s each); sampling stops with what it has. */
  budgetMs: number;
  signal: AbortSignal;
  log: (line: string) => void;
}

export interface AbOutput {
  latency: LatencyComparison[];
  floor?: NoiseFloor;
  queries: QueryComparison[];
  statuses: StatusPair[];
  notes: string[];
}

/** An endpoint both sides serve, with each side's concrete path. */
interface Pair {
  endpoint: string;
  base: string;
  head: string;
  table?: { base: string | null; head: string | null };
}

export async function abRound(input: AbInput): Promise<AbOutput> {
  const out: AbOutput = { latency: [], queries: [], statuses: [], notes: [] };
  const lists = pairLists(input.base.resources, input.head.resources);
  if (!lists.length) {
    out.notes.push('no list endpoint both sides serve: latency and queries were not compared');
    return out;
  }
  await equalise(input, lists, out.notes);
  const pairs = [...lists, ...(await pairDetails(input, out.notes))];
  // One after the other: each creates the extension in the maintenance database, and two at once race.
  const counters = await statementCounter(input.base.pg)
    .then(async (base) => [base, await statementCounter(input.head.pg).catch(async (err: unknown) => { await base.close(); throw err; })] as const)
    .catch((err: unknown) => {
      out.notes.push(`queries not compared: ${(err as Error).message}`);
      return undefined;
    });
  const measured: Array<{ pair: Pair; samples: AbSamples }> = [];
  const perEndpointMs = Math.min(15_000, Math.max(3_000, input.budgetMs / Math.max(1, pairs.length)));
  try {
    for (const pair of pairs) {
      if (input.signal.aborted) break;
      // One endpoint that cannot be measured (a request timing out) costs its own row, not the round.
      try {
        let [b, h] = [await input.base.http.get(pair.base), await input.head.http.get(pair.head)];
        // A status change is a contract finding (a 2xx lost is breaking): it must answer so twice, not
        // once on a stalled runner (a worker timing out, a connection dropped).
        if (b.status !== h.status) [b, h] = [await input.base.http.get(pair.base), await input.head.http.get(pair.head)];
        out.statuses.push({ endpoint: pair.endpoint, base: b.status, head: h.status });
        if (b.status >= 300 || h.status >= 300) {
          out.notes.push(`${pair.endpoint}: not timed (base answered ${b.status}, head ${h.status})`);
          continue;
        }
        const samples = await sample(input, pair, perEndpointMs);
        // Fewer than three triples (the budget ran out at once) say nothing a bootstrap can bound.
        if (samples.base.length < 3 || samples.head.length < 3 || samples.baseAgain.length < 3) out.notes.push(`${pair.endpoint}: not timed (only ${samples.base.length} sample(s) within the budget)`);
        else measured.push({ pair, samples });
        if (counters) out.queries.push(compareQueries(pair.endpoint, await queries(counters[0], input.base.http, pair.base), await queries(counters[1], input.head.http, pair.head)));
      } catch (err) {
        out.notes.push(`${pair.endpoint}: not compared (${(err as Error).message})`);
      }
    }
  } finally {
    await Promise.all((counters ?? []).map((c) => c.close()));
  }
  if (!measured.length) return out;
  const floor = noiseFloor(measured.map((m) => latencyRow(m.pair.endpoint, m.samples, input.minSlowdown, input.seed).aa), input.minSlowdown);
  out.floor = floor;
  out.latency = measured.map((m) => latencyRow(m.pair.endpoint, m.samples, floor.threshold, input.seed));
  return out;
}

function pairLists(base: ResourceMap, head: ResourceMap): Pair[] {
  const theirs = new Map(listEndpoints(base).map((e) => [e.path, e]));
  return listEndpoints(head).filter((e) => theirs.has(e.path)).map((e) => ({
    endpoint: `GET ${e.path}`, base: e.path, head: e.path, table: { base: theirs.get(e.path)!.table, head: e.table },
  }));
}

/** Detail routes both sides have, each filled with an id its own list shows first. */
async function pairDetails(input: AbInput, notes: string[]): Promise<Pair[]> {
  const key = (route: string): string => displayRoute(route).key;
  const theirs = new Map(detailEndpoints(input.base.resources).map((d) => [key(d.route), d]));
  const out: Pair[] = [];
  for (const d of detailEndpoints(input.head.resources)) {
    const b = theirs.get(key(d.route));
    if (!b) continue;
    const [bid, hid] = [await firstId(input.base, b.collection), await firstId(input.head, d.collection)];
    const [bp, hp] = [bid === undefined ? undefined : detailPath(b.route, bid), hid === undefined ? undefined : detailPath(d.route, hid)];
    if (!bp || !hp) {
      notes.push(`GET ${displayRoute(d.route).route}: not compared (no row to show on ${!bp ? 'the base' : 'the head'})`);
      continue;
    }
    out.push({ endpoint: `GET ${displayRoute(d.route).route}`, base: bp, head: hp });
  }
  return out;
}

async function firstId(side: AbSide, collection: string): Promise<string | number | undefined> {
  const c = side.resources.collections.find((x) => x.path === collection);
  const res = await side.http.get(collection).catch(() => undefined);
  const body = res?.body as { results?: unknown[] } | unknown[] | undefined;
  const row = (Array.isArray(body) ? body[0] : body?.results?.[0]) as Record<string, unknown> | undefined;
  const field = c?.detail?.lookupField ?? 'pk';
  return (row?.[field === 'pk' ? 'id' : field] ?? row?.pk) as string | number | undefined;
}

/**
 * The same number of rows on both sides in every listed table (the ORM's COPY path), then fresh
 * statistics. Rows made for a child table bring rows for its parents too, so counts are read again:
 * at most three passes, enough for a parent of a parent.
 */
async function equalise(input: AbInput, lists: Pair[], notes: string[]): Promise<void> {
  const failed = new Set<string>();
  for (let pass = 0; pass < 3; pass++) {
    let changed = false;
    for (const p of lists) {
      const [bt, ht] = [p.table?.base, p.table?.head];
      if (!bt || !ht || failed.has(p.endpoint)) continue;
      const [b, h] = await Promise.all([countRows(input.base.pg, bt), countRows(input.head.pg, ht)]);
      if (b === undefined || h === undefined || b === h) continue;
      const [side, table, rows] = b < h ? [input.base, bt, h - b] : [input.head, ht, b - h];
      const made = await createRows(side.service, { tables: [table], rows, commit: true, offset: 4_000_000 + 100_000 * pass + Math.max(b, h) }).catch((err: unknown) => {
        notes.push(`${p.endpoint}: rows not equalised (${(err as Error).message}); base has ${b}, head ${h}`);
        failed.add(p.endpoint);
        return undefined;
      });
      if (made) {
        changed = true;
        input.log(`${table}: ${rows} row(s) added on the ${side === input.base ? 'base' : 'head'} so both hold ${Math.max(b, h)}`);
      }
    }
    if (!changed) break;
  }
  await Promise.all([vacuumAnalyze(input.base.pg), vacuumAnalyze(input.head.pg)]).catch((err: unknown) => notes.push(`VACUUM ANALYZE failed: ${(err as Error).message}`));
}

async function sample(input: AbInput, pair: Pair, budgetMs: number): Promise<AbSamples> {
  const sampler = createAbSampler({ minSlowdown: input.minSlowdown, maxTriples: input.maxTriples, seed: input.seed });
  const deadline = Date.now() + budgetMs;
  const timed = (res: HttpResponse): number => serverTimingMs(res.headers) ?? res.durationMs;
  // Bounded by the sampler's maxTriples and by the deadline; the loop guard is a third bound.
  for (let i = 0; i < 3 * (input.maxTriples + 2); i++) {
    const step = sampler.next();
    if (step.kind === 'done') return step.samples;
    if (input.signal.aborted || Date.now() > deadline) break;
    const res = step.side === 'head' ? await input.head.http.get(pair.head) : await input.base.http.get(pair.base);
    sampler.record(step.side, timed(res));
  }
  return sampler.kept();
}

async function queries(counter: StatementCounter, http: HttpClient, path: string): Promise<QuerySample> {
  await counter.reset();
  const res = await http.get(path);
  const statements = await counter.take();
  const rows = rowsIn(res.body);
  return { queries: queryCount(statements), ...(rows !== undefined ? { rows } : {}), statements };
}

import pg from 'pg';
import { orderByDependencies } from '../api/dependencies.js';
import type { Row } from '../api/endpoints.js';
import { listRows, relatedIdsFor } from '../api/related.js';
import { withoutSkipped } from '../api/resources.js';
import type { CollectionResource, OtherResource } from '../api/resource-types.js';
import { fillRoute, routeKey } from '../api/route-path.js';
import type { EndpointSchema } from '../api/schema.js';
import { pgTarget } from '../database/phase.js';
import { statementCounter, type StatementCounter } from '../database/pg-stats.js';
import { createRows } from '../database/volume.js';
import type { RunContext } from '../pipeline/context.js';
import type { Phase } from '../pipeline/phase.js';
import { createPayloadGenerator } from '../seed/payload.js';
import { cacheControlFor } from '../timing/cache-control.js';
import { checkAnonymousOther, checkAnonymousWrites } from './anonymous-writes.js';
import { cachedEndpoints, checkLeaks, checkStaleness } from './caches.js';
import { CheckBook, type CheckEnv } from './context.js';
import { checkCrossUser } from './cross-user.js';
import { checkDatabase, type ServicePaging } from './db-evidence.js';
import { checkBody, checkQuery } from './input-check.js';
import { checkPrivileged } from './privileged-fields.js';
import { builtinParsers, patternOf, serializerFor } from './probe-facts.js';
import { queryCases } from './query-cases.js';
import { summarize } from './summary.js';
import { CHECK_INDEX_BASE } from './rows.js';
import { CheckSession } from './session.js';
import { checksSettings } from './settings.js';
import { checkStaffOnly } from './staff-only.js';
import { TracebackCollector } from './tracebacks.js';
import type { CacheObservation, ChecksReport } from './types.js';
import { anonymousClient, secondUser } from './users.js';
import { checkWrites } from './writes-stick.js';

// However large the API, the phase sends nothing after this long (each endpoint also has its budget).
const PHASE_BUDGET_MS = 5 * 60_000;

/**
 * checks: the bugs that matter, on the seeded and signed-in stack — edge and negative input per field
 * and query parameter, a second user against the first one's rows, staff-only endpoints, anonymous
 * writes, privileged fields, caches that leak or go stale, writes that do not stick, nested N+1 and
 * unbounded lists. Each check can be turned off or made warn-only (`checks.<name>`); every finding
 * carries a curl line, the exchange, the server's traceback for a 5xx and the statements for database
 * findings. Deterministic for a seed; bounded per endpoint (`checks.maxRequestsPerEndpoint`).
 */
export const checksPhase: Phase<'checks'> = {
  name: 'checks',
  // A check of the whole service, and it writes rows: split across shards it would run n times.
  scope: 'first-shard',
  skipReason(ctx) {
    if (ctx.options.checks === false) return 'disabled by --no-checks';
    if (!checksSettings(ctx.config).enabled) return 'disabled by checks.enabled: false';
    return undefined;
  },
  async run(ctx) {
    const started = performance.now();
    const settings = checksSettings(ctx.config);
    const notes: string[] = [];
    const log = (line: string): void => ctx.reporter.onLog?.(line);
    const anonymous = anonymousClient(ctx);
    const tracebacks = new TracebackCollector();
    const unsubscribe = ctx.stack.onServiceLine((line) => tracebacks.accept(line));
    const db = await openDatabase(ctx, notes);
    try {
      const users = await secondUser(ctx, anonymous);
      if (users.missing) notes.push(`no second user: ${users.missing}`);
      const session = new CheckSession({
        clients: { a: ctx.state.http, anonymous, ...(users.client ? { b: users.client } : {}) },
        baseUrl: ctx.info.baseUrl, maxRequestsPerEndpoint: settings.maxRequestsPerEndpoint, deadline: started + PHASE_BUDGET_MS,
        tracebacks, proxyHeaders: Object.keys(ctx.state.proxyHeaders ?? {}), signal: ctx.signal, ...(db.counter ? { counter: db.counter } : {}),
      });
      const env = environment(ctx, session, settings, users.aIsStaff, db.count);
      const book = new CheckBook(env);
      const caches = await runChecks(ctx, env, book, users.userId, notes);
      notes.push(...book.notes);
      const spent = session.budgetSpent();
      if (spent.length) notes.push(`request budget (${settings.maxRequestsPerEndpoint} per endpoint) spent at ${spent.join(', ')}: later cases there were not sent`);
      if (session.stopped() && !ctx.signal.aborted) notes.push(`the phase stopped sending after ${PHASE_BUDGET_MS / 60_000} min`);
      const report: ChecksReport = {
        findings: session.findings, checks: summarize(settings, book, session.findings), endpoints: session.statusTable(), caches,
        requests: session.total, maxRequestsPerEndpoint: settings.maxRequestsPerEndpoint, durationMs: Math.round(performance.now() - started), notes,
      };
      for (const n of notes) log(`checks: ${n}`);
      const failing = report.findings.filter((f) => f.level === 'fail');
      const warnings = report.findings.length - failing.length;
      const head = `${report.requests} request(s), ${report.findings.length} finding(s)${warnings ? ` (${warnings} warning(s))` : ''}`;
      return {
        status: failing.length ? 'failed' : 'passed',
        detail: failing.length ? `${head}; first: ${failing[0]!.check} ${failing[0]!.method} ${failing[0]!.endpoint}: ${failing[0]!.message}` : head,
        result: report,
      };
    } finally {
      unsubscribe();
      await db.close();
      await anonymous.close().catch(() => undefined);
    }
  },
};

async function runChecks(ctx: RunContext, env: CheckEnv, book: CheckBook, bId: string | number | undefined, notes: string[]): Promise<CacheObservation[]> {
  const skip = [...(ctx.config.flows?.skip ?? []), ...(ctx.config.seed?.skip ?? [])];
  const resources = withoutSkipped(env.resources, skip);
  const order = orderByDependencies(resources.collections.map((c) => c.schema)).order.map((s) => resources.collections.find((c) => c.path === s.path)!);
  const paging = servicePaging(ctx);
  const grow = growRows(ctx, notes);
  const has = (name: Parameters<CheckBook['on']>[0]): boolean => book.on(name);
  const b = env.session.has('b');
  const bodiesChecked = new Map<string, string>();
  for (const c of order) {
    if (env.signal.aborted || env.session.stopped()) break;
    if (c.guarded !== undefined) {
      notes.push(`${c.path}: not checked, it needs credentials the run lacks (${c.guarded})`);
      continue;
    }
    const probed = c.source === 'probe';
    if (probed && (has('updatePersists') || has('partialUpdateKeepsOthers'))) await checkWrites(env, book, c);
    if (probed && b && has('crossUserAccess')) await checkCrossUser(env, book, c);
    else if (probed && !b) book.skip('crossUserAccess', `${c.path}: no second user`);
    if (probed && has('privilegedFields') && c.methods.includes('POST')) await checkPrivileged(env, book, c, c.schema.fields, { ...(bId !== undefined ? { bId } : {}), ...(ctx.state.resources.user ? { userModel: ctx.state.resources.user.model } : {}) });
    if (probed && has('anonymousWrites')) await checkAnonymousWrites(env, book, c);
    if (probed && env.session.has('a') && (has('nestedNPlusOne') || has('unboundedList')) && c.methods.includes('GET')) {
      if (ctx.stack.backing.postgres) await checkDatabase(env, book, c, paging, grow);
    }
    // Query parameters before the bodies: fewer cases, and the ones a rich serializer's budget would cut.
    if (c.methods.includes('GET')) await checkQuery(env, book, c.path, c.path, queryCases({ viewParams: patternOf(env.probe, c.route)?.queryParams ?? [], query: c.query, pagination: c.pagination ?? null }));
    // One serializer validates alike wherever it is used (notes-redis serves one at /api/notes/ and, behind
    // HTTP Basic, at /api/private-notes/): its bodies are checked once.
    const serializer = patternOf(env.probe, c.route)?.drf?.handlers.find((h) => h.method === 'POST')?.serializer;
    if (serializer && bodiesChecked.has(serializer)) book.note(`${c.path}: bodies not checked again, ${serializer} was checked at ${bodiesChecked.get(serializer)}`);
    else if (c.methods.includes('POST') && !c.schema.needsMultipart) {
      if (serializer) bodiesChecked.set(serializer, c.path);
      await checkBody(env, book, collectionBody(env, c));
    }
  }
  for (const o of resources.others) {
    if (env.signal.aborted || env.session.stopped()) break;
    await checkOther(env, book, o);
  }
  for (const s of resources.singletons) {
    const params = patternOf(env.probe, s.route)?.queryParams ?? [];
    if (params.length && s.methods.includes('GET')) await checkQuery(env, book, s.path, s.path, queryCases({ viewParams: params }));
  }
  if (has('staffOnly')) {
    if (b) await checkStaffOnly(env, book);
    else book.skip('staffOnly', 'no second user');
  }
  return cacheChecks(ctx, env, book, notes);
}

/** Action and plain endpoints: their bodies (where a serializer says what they take) and the query parameters their code reads. */
async function checkOther(env: CheckEnv, book: CheckBook, o: OtherResource): Promise<void> {
  const path = o.path ?? (await fillOther(env, o));
  const endpoint = o.path ?? routeKey(o.route);
  if (!path) return;
  const u = patternOf(env.probe, o.route);
  for (const method of ['POST', 'PUT', 'PATCH'] as const) {
    const body = o.bodies[method];
    if (!body || !o.methods.includes(method) || body.schema.needsMultipart) continue;
    await checkBody(env, book, {
      endpoint, method, path, schema: body.schema, serializer: serializerFor(env.probe, o.route, method),
      provable: body.specific && !!u, builtinParsers: builtinParsers(u),
    });
  }
  const params = u?.queryParams ?? [];
  if (o.methods.includes('GET') && params.length) await checkQuery(env, book, endpoint, path, queryCases({ viewParams: params }));
  // Only where a GET tells whether anonymous clients are refused, and a POST is what the view takes.
  if (o.path && !o.django && o.methods.includes('GET') && o.methods.includes('POST') && book.on('anonymousWrites')) {
    await checkAnonymousOther(env, book, endpoint, path, o.route, o.bodies.POST?.schema);
  }
}

/** A route with parameters filled from its parents' rows (the flows fill them the same way). */
async function fillOther(env: CheckEnv, o: OtherResource): Promise<string | undefined> {
  const values: Record<string, string | number> = {};
  for (const [param, parent] of Object.entries(o.parents)) {
    const row = (await env.rowsOf(parent.path))[0];
    const v = row?.[parent.lookupField === 'pk' ? 'id' : parent.lookupField] ?? row?.pk;
    if (typeof v !== 'string' && typeof v !== 'number') return undefined;
    values[param] = v;
  }
  return Object.keys(values).length === o.params.length ? fillRoute(o.route, values) : undefined;
}

function collectionBody(env: CheckEnv, c: CollectionResource): Parameters<typeof checkBody>[2] {
  const u = patternOf(env.probe, c.route);
  return {
    endpoint: c.path, method: 'POST', path: c.path, schema: c.schema, serializer: serializerFor(env.probe, c.route, 'POST'),
    provable: c.source === 'probe', builtinParsers: builtinParsers(u), table: c.table ?? null, existing: env.api.rows?.[c.path] ?? [],
  };
}

/** Caches are checked through Redis only: the run can flush it between samples (a per-process cache it cannot). */
async function cacheChecks(ctx: RunContext, env: CheckEnv, book: CheckBook, notes: string[]): Promise<CacheObservation[]> {
  if (!book.on('cacheLeaks') && !book.on('cacheStaleness')) return [];
  if (!ctx.stack.backing.redis) {
    book.skip('cacheLeaks', 'the run has no Redis to flush between samples');
    return [];
  }
  // Flushing Redis would sign out a user whose session lives in it.
  const cookies = Object.keys(ctx.state.http.defaultHeaders()).some((h) => h.toLowerCase() === 'cookie');
  if (cookies && /cache/.test(env.probe?.settings?.SESSION_ENGINE ?? '')) {
    notes.push('caches not checked: the run signs in with a session that lives in the cache it would flush');
    return [];
  }
  const cache = cacheControlFor(ctx.stack);
  try {
    const throttled = (env.probe?.restFramework?.DEFAULT_THROTTLE_CLASSES.length ?? 0) > 0;
    const found = await cachedEndpoints(env, cache, !throttled);
    const out: CacheObservation[] = [];
    for (const e of found) {
      if (env.signal.aborted || env.session.stopped()) break;
      if (book.on('cacheLeaks')) await checkLeaks(env, book, cache, e);
      if (book.on('cacheStaleness')) out.push(await checkStaleness(env, book, cache, e));
    }
    if (!found.length) book.skip('cacheLeaks', 'no endpoint with evidence of a cache');
    return out;
  } finally {
    cache.close();
  }
}

function environment(ctx: RunContext, session: CheckSession, settings: ReturnType<typeof checksSettings>, aIsStaff: boolean, count: CheckEnv['count']): CheckEnv {
  const { api } = ctx.state;
  const schemas = ctx.state.resources.collections.map((c) => c.schema);
  const listed = new Map<string, Row[]>();
  let index = CHECK_INDEX_BASE;
  return {
    session, resources: ctx.state.resources, api, settings, aIsStaff, signal: ctx.signal,
    ...(ctx.state.probe ? { probe: ctx.state.probe } : {}),
    ...(count ? { count } : {}),
    // Its own seed: the phase's bodies do not depend on how many values seeding and flows drew.
    generator: createPayloadGenerator({ seed: ctx.seed + 2 }),
    relatedFor: (schema: EndpointSchema) => relatedIdsFor(orderByDependencies([...schemas.filter((s) => s.path !== schema.path), schema]), schema.path, api),
    async rowsOf(path: string) {
      if (api.rows?.[path]?.length) return api.rows[path];
      if (!listed.has(path)) {
        const sent = await session.send('a', path, { method: 'GET', path });
        listed.set(path, sent?.status === 200 ? listRows(sent.response?.body) : []);
      }
      return listed.get(path)!;
    },
    nextIndex: () => (index += 1),
    log: (line: string) => ctx.reporter.onLog?.(line),
  };
}

/** The page size the service's REST_FRAMEWORK applies to lists, when it pages them by default. */
function servicePaging(ctx: RunContext): ServicePaging | null {
  const rf = ctx.state.probe?.restFramework;
  return rf?.DEFAULT_PAGINATION_CLASS && rf.PAGE_SIZE ? { pageSize: rf.PAGE_SIZE } : null;
}

/** More rows in a table through the service's models (as the database phase makes them), committed. */
function growRows(ctx: RunContext, notes: string[]): (table: string, rows: number) => Promise<boolean> {
  let offset = 3_000_000;
  return async (table, rows) => {
    try {
      offset += rows;
      const made = await createRows(ctx.stack.service, { tables: [table], rows, commit: true, offset });
      notes.push(...made.errors.map((e) => `rows for ${table}: ${e}`));
      return (made.tables[table] ?? 0) > 0;
    } catch (err) {
      notes.push(`rows for ${table} could not be made: ${(err as Error).message}`);
      return false;
    }
  };
}

/** The statement counter and a row counter on the run's PostgreSQL; neither when it cannot be reached. */
async function openDatabase(ctx: RunContext, notes: string[]): Promise<{ counter?: StatementCounter; count?: CheckEnv['count']; close(): Promise<void> }> {
  if (!ctx.stack.backing.postgres) return { close: async () => undefined };
  const target = pgTarget(ctx);
  let counter: StatementCounter | undefined;
  try {
    counter = await statementCounter(target);
  } catch (err) {
    notes.push(`queries per request not measured: ${(err as Error).message}`);
  }
  const client = new pg.Client({ host: target.host, port: target.port, user: target.user, password: target.password, database: target.database, connectionTimeoutMillis: 10_000, query_timeout: 10_000, application_name: 'enid-test' });
  client.on('error', () => undefined);
  const connected = await client.connect().then(() => true, () => false);
  const count = async (table: string): Promise<number | undefined> => {
    // The comment keeps this out of the statements attributed to the service's requests.
    const res = await client.query<{ n: string }>(`/* enid */ SELECT count(*) AS n FROM "${table.replace(/"/g, '""')}"`).catch(() => undefined);
    return res ? Number(res.rows[0]?.n) : undefined;
  };
  return {
    ...(counter ? { counter } : {}),
    ...(connected ? { count } : {}),
    close: async () => {
      await counter?.close();
      if (connected) await client.end().catch(() => undefined);
    },
  };
}

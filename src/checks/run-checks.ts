/**
 * The order the checks run in: collection by collection (parents first), each through the checks that
 * need a row of its own before the ones that spend its budget on bodies; then actions and plain views,
 * singletons' query parameters, staff-only endpoints, and caches last (they flush Redis).
 */
import { orderByDependencies } from '../api/dependencies.js';
import { withoutSkipped } from '../api/resources.js';
import type { CollectionResource, OtherResource } from '../api/resource-types.js';
import { fillRoute, routeKey } from '../api/route-path.js';
import type { RunContext } from '../pipeline/context.js';
import { cacheControlFor } from '../timing/cache-control.js';
import { checkAnonymousOther, checkAnonymousWrites } from './anonymous-writes.js';
import { cachedEndpoints, checkLeaks, checkStaleness } from './caches.js';
import type { CheckBook, CheckEnv } from './context.js';
import { checkCrossUser } from './cross-user.js';
import { checkDatabase } from './db-evidence.js';
import { checkBody, checkQuery } from './input-check.js';
import { checkPrivileged } from './privileged-fields.js';
import { builtinParsers, patternOf, serializerFor } from './probe-facts.js';
import { queryCases } from './query-cases.js';
import { growRows, servicePaging } from './setup.js';
import { checkStaffOnly } from './staff-only.js';
import type { CacheObservation } from './types.js';
import { checkWrites } from './writes-stick.js';

/** Runs every check the config leaves on; returns what was seen of the caches. */
export async function runChecks(ctx: RunContext, env: CheckEnv, book: CheckBook, bId: string | number | undefined, notes: string[]): Promise<CacheObservation[]> {
  const resources = withoutSkipped(env.resources, ctx.options.flows.skip);
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
      if (ctx.stack.sqlDatabase()) await checkDatabase(env, book, c, paging, grow);
    }
    // Query parameters before the bodies: fewer cases, and the ones a rich serializer's budget would cut.
    if (c.methods.includes('GET')) await checkQuery(env, book, c.path, c.path, queryCases({ viewParams: c.queryParams ?? [], query: c.query, pagination: c.pagination ?? null }));
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
    const params = s.queryParams ?? [];
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
  const params = o.queryParams ?? [];
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

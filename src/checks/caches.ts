/**
 * Caches that tell the truth. For each GET endpoint with evidence of a cache (cache_page in its view,
 * or keys that appear in Redis after one request): the same GET as the second user, and with a query
 * parameter the view reads, must not be answered with the first body when the view's own (uncached)
 * answer differs — a leak fails. After writes through the API, a cache that some write paths
 * invalidate and others do not is a warning; one that no write invalidates is its TTL, reported.
 *
 * Every comparison is a sandwich: the cached answer, then fresh answers (after a flush) of both
 * requests twice, interleaved, so that what changes on its own (a `generated_at`) is masked and
 * nothing is blamed on the cache that a clock explains.
 */
import type { CacheControl } from '../timing/cache-control.js';
import { timingCandidates, uncacheableBecause } from '../timing/candidates.js';
import { freshBody } from './bodies.js';
import type { CheckBook, CheckEnv } from './context.js';
import { serverError } from './input-check.js';
import { patternOf } from './probe-facts.js';
import { createRow, detailEndpoint, ok } from './rows.js';
import type { CheckRequest, Sent, Who } from './session.js';
import type { CacheObservation } from './types.js';
import { sameMasked, stable, volatilePaths } from './volatile.js';

/** A GET endpoint with evidence of a cache. */
export interface CachedEndpoint {
  path: string;
  ttlSeconds: number | null;
  /** Query parameters its view reads (the probe's), which a correct cache key must include. */
  params: string[];
}

// Endpoints tried for keys that appear after one request (a view's own cache.set): at most this many.
const MAX_TRIED = 20;

/** Endpoints with cache evidence: cache_page from the probe, else keys in Redis after one uncached GET. */
export async function cachedEndpoints(env: CheckEnv, cache: CacheControl, tryKeys: boolean): Promise<CachedEndpoint[]> {
  const out: CachedEndpoint[] = [];
  const params = (path: string): string[] => {
    const u = env.probe?.urls.find((x) => x.path === path);
    const c = env.resources.collections.find((x) => x.path === path);
    return [...new Set([...(u?.queryParams ?? []), ...(c?.query?.filters ?? [])])];
  };
  const candidates = timingCandidates(env.probe, env.api.routes);
  for (const c of candidates.filter((x) => x.evidence === 'cache_page')) {
    const ttl = patternOf(env.probe, env.probe?.urls.find((u) => u.path === c.path)?.route ?? '')?.cache.find((d) => d.decorator === 'cache_page');
    out.push({ path: c.path, ttlSeconds: ttl && 'timeout' in ttl ? ttl.timeout : null, params: params(c.path) });
  }
  if (!tryKeys) return out;
  for (const c of candidates.filter((x) => x.evidence === 'try').slice(0, MAX_TRIED)) {
    if (env.signal.aborted || !env.session.canSend(c.path)) break;
    await cache.flush();
    const sent = await env.session.send('a', c.path, { method: 'GET', path: c.path });
    if (!sent || sent.status !== 200 || uncacheableBecause(sent.response?.headers ?? {})) continue;
    if (((await cache.keys())?.count ?? 0) > 0) out.push({ path: c.path, ttlSeconds: null, params: params(c.path) });
  }
  return out;
}

/** The cached answer and the fresh ones of a base and a variant request, and whether the cache served the base's body to the variant. */
async function sandwich(env: CheckEnv, cache: CacheControl, endpoint: string, base: [Who, CheckRequest], variant: [Who, CheckRequest]): Promise<{ leak: boolean; differs: boolean; served?: Sent } | undefined> {
  const send = (r: [Who, CheckRequest]): Promise<Sent | undefined> => env.session.send(r[0], endpoint, r[1]);
  if (!env.session.canSend(endpoint, 6)) return undefined;
  await cache.flush();
  const primed = await send(base);
  const served = await send(variant);
  const fresh: Array<Sent | undefined> = [];
  for (const r of [base, variant, base, variant]) {
    await cache.flush();
    fresh.push(await send(r));
  }
  const all = [primed, served, ...fresh];
  if (all.some((s) => s?.status !== 200)) return undefined;
  const [b1, v1, b2, v2] = fresh.map((s) => s!.response!.body);
  const volatile = volatilePaths([primed!.response!.body, b1], [b1, b2], [v1, v2]);
  const differs = sameMasked(v1, v2, volatile) && !sameMasked(v1, primed!.response!.body, volatile);
  const leak = differs && stable(served!.response!.body) === stable(primed!.response!.body);
  return { leak, differs, served: served! };
}

/** Values a query parameter may take that change what a view answers: values the rows have under that name, then plain ones. */
async function valuesFor(env: CheckEnv, param: string): Promise<string[]> {
  const found: string[] = [];
  for (const c of env.resources.collections) {
    for (const row of (await env.rowsOf(c.path)).slice(0, 5)) {
      const v = row[param];
      if ((typeof v === 'string' || typeof v === 'number') && !found.includes(String(v))) found.push(String(v));
    }
    if (found.length >= 2) break;
  }
  return [...found.slice(0, 2), '1'].slice(0, 3);
}

/** Cross-user and cross-query leaks of one cached endpoint. */
export async function checkLeaks(env: CheckEnv, book: CheckBook, cache: CacheControl, e: CachedEndpoint): Promise<void> {
  const check = 'cacheLeaks';
  const get: CheckRequest = { method: 'GET', path: e.path };
  if (env.session.has('b')) {
    const probe = await env.session.send('b', e.path, get);
    if (probe && !serverError(book, probe, 'the second user') && probe.status === 200) {
      const r = await sandwich(env, cache, e.path, ['a', get], ['b', get]);
      if (r) book.judged(check);
      if (r?.leak) book.file(check, r.served!, `GET ${e.path} as a second user was answered from the cache with the first user's body, while its own uncached answer differs: the cache key leaves out who asks`);
    } else if (probe) book.skip(check, `${e.path}: the second user gets ${probe.status}`);
  }
  for (const param of e.params) {
    for (const value of await valuesFor(env, param)) {
      const r = await sandwich(env, cache, e.path, ['a', get], ['a', { ...get, query: { [param]: value } }]);
      if (!r) break;
      if (!r.differs) continue; // this value does not change the view's answer: another might
      book.judged(check);
      if (r.leak) book.file(check, r.served!, `GET ${e.path}?${param}=${value} was answered from the cache with the body of GET ${e.path}, while its own uncached answer differs: the cache key leaves out the query string`);
      return;
    }
  }
}

/**
 * After each write path (POST to a collection, PATCH and DELETE of a row), whether the cached body
 * is still served while the view's own answer changed. Returns the observation; files a warning only
 * where one write path refreshed the cache and another did not.
 */
export async function checkStaleness(env: CheckEnv, book: CheckBook, cache: CacheControl, e: CachedEndpoint): Promise<CacheObservation> {
  const obs: CacheObservation = { path: e.path, ttlSeconds: e.ttlSeconds, staleAfter: [], freshAfter: [] };
  const get = async (): Promise<Sent | undefined> => env.session.send('a', e.path, { method: 'GET', path: e.path });
  await cache.flush();
  const f1 = await get();
  await cache.flush();
  const f2 = await get();
  if (f1?.status !== 200 || f2?.status !== 200) return obs;
  const volatile = volatilePaths([f1.response!.body, f2.response!.body]);
  const stale: Sent[] = [];
  for (const c of env.resources.collections.filter((x) => x.source === 'probe' && x.methods.includes('POST')).slice(0, 3)) {
    const own = (await createRow(env, c, 'a')).own;
    const writes: Array<{ name: string; run: () => Promise<Sent | undefined> }> = [
      { name: `POST ${c.path}`, run: async () => (await createRow(env, c, 'a')).sent },
    ];
    if (own && c.detail?.methods.includes('PATCH')) {
      const schema = c.detail.schema ?? c.schema;
      const patch = freshBody(env, schema);
      writes.push({ name: `PATCH ${own.path}`, run: () => env.session.send('a', detailEndpoint(c), { method: 'PATCH', path: own.path, body: patch }) });
    }
    if (own && c.detail?.methods.includes('DELETE')) writes.push({ name: `DELETE ${own.path}`, run: () => env.session.send('a', detailEndpoint(c), { method: 'DELETE', path: own.path }) });
    let affects = false;
    for (const w of writes) {
      if (!env.session.canSend(e.path, 3) || env.signal.aborted) break;
      await cache.flush();
      const primed = await get();
      const wrote = await w.run();
      if (!primed || primed.status !== 200 || !wrote || !ok(wrote.status)) continue;
      const after = await get();
      await cache.flush();
      const fresh = await get();
      if (after?.status !== 200 || fresh?.status !== 200) continue;
      if (sameMasked(fresh.response!.body, primed.response!.body, volatile)) continue; // this write does not change the view
      affects = true;
      if (stable(after.response!.body) === stable(primed.response!.body)) {
        obs.staleAfter.push(w.name);
        stale.push(after);
      } else if (sameMasked(after.response!.body, fresh.response!.body, volatile)) obs.freshAfter.push(w.name);
    }
    if (affects) break;
  }
  if (obs.staleAfter.length || obs.freshAfter.length) book.judged('cacheStaleness');
  if (obs.freshAfter.length && stale.length) {
    const ttl = e.ttlSeconds !== null ? `for up to ${e.ttlSeconds} s (cache_page)` : 'until its key expires';
    book.file('cacheStaleness', stale[0]!, `GET ${e.path} is refreshed after ${obs.freshAfter.join(', ')} but still serves the old body after ${obs.staleAfter.join(', ')}, ${ttl}`, 'warn');
  }
  return obs;
}

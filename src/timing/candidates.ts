import { classifyPattern, isFormatSuffix } from '../api/classify.js';
import type { ProbeDocument } from '../probe/types.js';
import type { ResolvedRoute } from '../api/url-resolver.js';

/** A GET endpoint worth measuring, and why: the evidence that it is cached, or that it may be. */
export interface TimingCandidate {
  path: string;
  /** `cache_page` found in its view (certain), or only a parameterless GET to try (keys must appear). */
  evidence: 'cache_page' | 'try';
}

// Views that are never a cached resource: signing in and out, schema and docs pages, the admin.
const MEASURABLE = new Set(['collection', 'plain', 'singleton']);

/**
 * Parameterless GET endpoints to consider for timing. With the probe: `cache_page` in the view's chain
 * is evidence; `never_cache` rules a view out; sign-in, schema, docs and admin views are never measured.
 * Without it, the resolver's routes (cache_page seen in closures) and every other concrete path.
 */
export function timingCandidates(probe: ProbeDocument | undefined, routes: ResolvedRoute[]): TimingCandidate[] {
  if (probe) {
    const kwarg = probe.restFramework?.FORMAT_SUFFIX_KWARG ?? 'format';
    const out: TimingCandidate[] = [];
    for (const u of probe.urls) {
      if (!u.path || isFormatSuffix(u, kwarg) || !MEASURABLE.has(classifyPattern(u))) continue;
      if (u.methods && !u.methods.includes('GET')) continue;
      if (u.cache.some((c) => c.decorator === 'never_cache')) continue;
      out.push({ path: u.path, evidence: u.cache.some((c) => c.decorator === 'cache_page') ? 'cache_page' : 'try' });
    }
    return dedupe(out);
  }
  return dedupe(routes
    .filter((r) => r.path && !r.path.startsWith('/admin') && r.name !== 'api-root' && !r.neverCache)
    .map((r) => ({ path: r.path!, evidence: r.cached ? 'cache_page' as const : 'try' as const })));
}

/**
 * Evidence against a cache in one response: `Cache-Control: no-cache/no-store/max-age=0` or an Expires
 * at or before Date (what never_cache sends). An Expires header alone is not evidence for one.
 */
export function uncacheableBecause(headers: Record<string, string | string[] | undefined>): string | undefined {
  const cc = String(headers['cache-control'] ?? '').toLowerCase();
  const directive = ['no-store', 'no-cache', 'max-age=0', 'private'].find((d) => cc.split(/\s*,\s*/).includes(d));
  if (directive) return `Cache-Control: ${directive}`;
  const expires = Date.parse(String(headers.expires ?? ''));
  const date = Date.parse(String(headers.date ?? ''));
  if (Number.isFinite(expires) && Number.isFinite(date) && expires <= date) return 'Expires is not after Date';
  return undefined;
}

function dedupe(list: TimingCandidate[]): TimingCandidate[] {
  const seen = new Map<string, TimingCandidate>();
  for (const c of list) if (!seen.has(c.path) || c.evidence === 'cache_page') seen.set(c.path, c);
  return [...seen.values()];
}

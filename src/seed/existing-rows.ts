import type { HttpClient } from '../http/client.js';
import type { DependencyPlan } from '../api/dependencies.js';
import type { RelatedIds } from './payload.js';
import { listRows, relatedValues } from '../api/related.js';

/**
 * Fills the relations that nothing created rows for with rows the target collection already lists
 * (data the service was started with, or rows another client wrote): one GET of the first page per
 * target, so the cost is bounded. Returns the relation fields still without a value.
 */
export async function fillFromLists(http: HttpClient, plan: Pick<DependencyPlan, 'relations'>, endpoint: string, related: RelatedIds): Promise<{ related: RelatedIds; empty: string[] }> {
  const out: Record<string, RelatedIds[string]> = { ...related };
  const listed = new Map<string, ReturnType<typeof listRows>>();
  for (const rel of plan.relations.filter((r) => r.endpoint === endpoint && !out[r.field]?.length)) {
    if (!listed.has(rel.target)) {
      const res = await http.get(rel.target, { timeoutMs: 10_000 }).catch(() => undefined);
      listed.set(rel.target, res?.status === 200 ? listRows(res.body) : []);
    }
    out[rel.field] = relatedValues(rel, listed.get(rel.target), undefined);
  }
  const empty = plan.relations.filter((r) => r.endpoint === endpoint && r.required && !out[r.field]?.length).map((r) => r.field);
  return { related: out, empty };
}

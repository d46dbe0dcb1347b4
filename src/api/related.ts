/**
 * The values a related field may take, from the rows created earlier: a PrimaryKeyRelatedField takes
 * the target's pk, a SlugRelatedField its slug field, a HyperlinkedRelatedField its URL.
 */
import type { DependencyPlan, ResolvedRelation } from './dependencies.js';
import type { ApiMap, Row } from './endpoints.js';
import type { RelatedIds } from '../seed/payload.js';

type Id = string | number;
const isId = (v: unknown): v is Id => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/** The key a created row is known by: its id, else pk, uuid or URL (what seeding records in `created`). */
export function rowId(row: Row): Id | undefined {
  const v = row.id ?? row.pk ?? row.uuid ?? row.url;
  return isId(v) ? v : undefined;
}

/** The row's value of a lookup field; DRF's `pk` is the model's primary key, which serializers call `id`. */
export function lookupValue(row: Row, field: string): Id | undefined {
  const v = field === 'pk' ? row.pk ?? row.id : row[field];
  return isId(v) ? v : undefined;
}

/** The top-level scalars of a response body: enough to point at the row later, small enough to keep. */
export function keepScalars(body: unknown): Row | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v)));
}

/** What one relation can point at among `rows` (falling back to the ids when no rows were kept). */
export function relatedValues(rel: Pick<ResolvedRelation, 'slugField' | 'hyperlinked'>, rows: readonly Row[] | undefined, ids: readonly Id[] | undefined): Id[] {
  if (!rows?.length) return rel.slugField || rel.hyperlinked ? [] : [...(ids ?? [])];
  const pick = (row: Row): unknown => (rel.slugField ? row[rel.slugField] : rel.hyperlinked ? row.url : row.id ?? row.pk);
  return rows.map(pick).filter(isId);
}

/** The related ids of every relation of `endpoint`, by field path, from what the API map holds. */
export function relatedIdsFor(plan: Pick<DependencyPlan, 'relations'>, endpoint: string, api: Pick<ApiMap, 'created' | 'rows'>): RelatedIds {
  const out: Record<string, Id[]> = {};
  for (const rel of plan.relations.filter((r) => r.endpoint === endpoint)) {
    out[rel.field] = relatedValues(rel, api.rows?.[rel.target], api.created[rel.target]);
  }
  return out;
}

/** The rows of a list response: a bare array, or the `results` of a page. */
export function listRows(body: unknown): Row[] {
  const items = Array.isArray(body) ? body : (body as { results?: unknown } | null)?.results;
  return Array.isArray(items) ? items.map(keepScalars).filter((r): r is Row => r !== undefined) : [];
}

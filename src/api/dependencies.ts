/**
 * The order in which to write collections: parents before children. A related field is matched to the
 * collection holding its target by the model the probe named (certain), else by names (`author` →
 * /api/authors/, `created_by` → /api/users/).
 */
import type { EndpointSchema } from './schema.js';
import { lastSegment, plurals } from './words.js';

/** A related field matched to the collection that holds its targets. */
export interface ResolvedRelation {
  endpoint: string;
  field: string;
  target: string;
  required: boolean;
  many: boolean;
  /** The target's field whose value is sent (SlugRelatedField), when not its pk. */
  slugField?: string;
  /** The target's URL is sent (HyperlinkedRelatedField). */
  hyperlinked?: boolean;
}

/** A related field no collection matched: the seeder can only omit it (or fail, when required). */
export interface UnresolvedRelation {
  endpoint: string;
  field: string;
  required: boolean;
  tried: string[];
}

/** Endpoints that depend on each other; breakable when one of the links is optional (omit it to seed). */
export interface DependencyCycle {
  paths: string[];
  breakable: boolean;
}

/** Endpoints parents first, with the relations found and those no collection holds. */
export interface DependencyPlan {
  /** Parents first; members of a cycle are still all present. */
  order: EndpointSchema[];
  relations: ResolvedRelation[];
  unresolved: UnresolvedRelation[];
  cycles: DependencyCycle[];
}

/** Resolves related fields to collections (by model, then by name) and orders endpoints parents first, reporting cycles. */
export function orderByDependencies(endpoints: EndpointSchema[]): DependencyPlan {
  const unique = [...new Map(endpoints.map((e) => [e.path, e])).values()];
  const position = new Map(unique.map((e, i) => [e.path, i]));
  // Collection segments win over view names: "/api/authors/" is surer than a renamed "Writer List".
  const byKey = new Map<string, string>();
  for (const e of unique) if (!byKey.has(lastSegment(e.path))) byKey.set(lastSegment(e.path), e.path);
  for (const e of unique) for (const k of [e.resource, ...plurals(e.resource)]) if (!byKey.has(k)) byKey.set(k, e.path);
  const byModel = new Map<string, string>();
  for (const e of unique) if (e.model && !byModel.has(e.model)) byModel.set(e.model, e.path);
  const modelOf = new Map(unique.map((e) => [e.path, e.model]));

  const plan: DependencyPlan = { order: [], relations: [], unresolved: [], cycles: [] };
  const deps = new Map<string, ResolvedRelation[]>(unique.map((e) => [e.path, []]));
  for (const e of unique) {
    for (const rel of e.relations) {
      // Names only guess among collections whose model is unknown: a known other model is a certain no.
      const named = (c: string): boolean => byKey.has(c) && (!rel.model || !modelOf.get(byKey.get(c)!));
      const key = rel.candidates.find(named);
      const target = (rel.model ? byModel.get(rel.model) : undefined) ?? (key === undefined ? undefined : byKey.get(key));
      if (target === undefined) {
        plan.unresolved.push({ endpoint: e.path, field: rel.field, required: rel.required, tried: rel.model ? [rel.model, ...rel.candidates] : rel.candidates });
        continue;
      }
      const resolved: ResolvedRelation = {
        endpoint: e.path, field: rel.field, target, required: rel.required, many: rel.many,
        ...(rel.slugField ? { slugField: rel.slugField } : {}), ...(rel.hyperlinked ? { hyperlinked: true } : {}),
      };
      plan.relations.push(resolved);
      // A self-reference (parent → same table) never orders anything; it only matters when required.
      if (target === e.path) plan.cycles.push({ paths: [e.path], breakable: !rel.required });
      else deps.get(e.path)!.push(resolved);
    }
  }

  // Tarjan's algorithm emits strongly connected components dependencies-first.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const { target: w } of deps.get(v)!) {
      if (!index.has(w)) visit(w);
      if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, low.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      onStack.delete(w);
      scc.push(w);
      if (w === v) break;
    }
    plan.order.push(...orderCycle(scc, deps, position, plan).map((p) => unique[position.get(p)!]!));
  };
  for (const e of unique) if (!index.has(e.path)) visit(e.path);
  return plan;
}

function orderCycle(
  scc: string[], deps: Map<string, ResolvedRelation[]>, position: Map<string, number>, plan: DependencyPlan,
): string[] {
  const byInput = scc.sort((a, b) => position.get(a)! - position.get(b)!);
  if (byInput.length === 1) return byInput;
  const inner = (p: string): ResolvedRelation[] => deps.get(p)!.filter((r) => scc.includes(r.target));
  plan.cycles.push({ paths: [...byInput], breakable: byInput.some((p) => inner(p).some((r) => !r.required)) });
  // Seed first whoever needs the fewest required links inside the cycle; its optional ones get omitted.
  const required = (p: string): number => inner(p).filter((r) => r.required).length;
  return byInput.sort((a, b) => required(a) - required(b) || position.get(a)! - position.get(b)!);
}

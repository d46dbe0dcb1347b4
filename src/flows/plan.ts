import type { HttpClient } from '../http/client.js';
import { orderByDependencies, type DependencyPlan } from '../api/dependencies.js';
import type { ApiMap, Row } from '../api/endpoints.js';
import { fillFromLists } from '../seed/existing-rows.js';
import type { PayloadGenerator, RelatedIds } from '../seed/payload.js';
import { listRows, relatedIdsFor, rowId } from '../api/related.js';
import { PayloadLessons } from '../seed/lessons.js';
import type { CollectionResource, OtherResource, ResourceMap, SingletonResource } from '../api/resource-types.js';
import { routeKey } from '../api/route-path.js';
import type { EndpointSchema } from '../api/schema.js';
import type { FlowResult } from '../types.js';
import { runCrudFlow } from './crud-flow.js';
import { runOtherFlow } from './other-flow.js';
import { runSingletonFlow, type SingletonOptions } from './singleton-flow.js';

/** One endpoint's flow, keyed for sharding by the endpoint it reports under. */
export type FlowItem =
  | { kind: 'collection'; key: string; collection: CollectionResource }
  | { kind: 'singleton'; key: string; singleton: SingletonResource }
  | { kind: 'other'; key: string; other: OtherResource };

/** The flows of a run, in order, and the relations between collections. */
export interface FlowPlan {
  items: FlowItem[];
  /** Relations of every collection, resolved: parents come first in `items`. */
  deps: DependencyPlan;
}

// However many endpoints, the phase starts no new flow after this long (each request has its own timeout).
const FLOWS_BUDGET_MS = 15 * 60_000;

/**
 * The order flows run in: collections parents first (children then point at rows that exist), the
 * other endpoints (whose route parameters take those rows), singletons, and last whatever sends DELETE
 * to an endpoint that is not the flow's own row.
 */
export function planFlows(resources: ResourceMap): FlowPlan {
  const deps = orderByDependencies(resources.collections.map((c) => c.schema));
  const byPath = new Map(resources.collections.map((c) => [c.path, c]));
  const items: FlowItem[] = deps.order.map((s) => ({ kind: 'collection', key: s.path, collection: byPath.get(s.path)! }));
  const others = resources.others.map((o): FlowItem => ({ kind: 'other', key: o.path ?? routeKey(o.route), other: o }));
  const deleting = (i: FlowItem): boolean => i.kind === 'other' && i.other.methods.includes('DELETE');
  items.push(...others.filter((i) => !deleting(i)));
  items.push(...resources.singletons.map((s): FlowItem => ({ kind: 'singleton', key: s.path, singleton: s })));
  items.push(...others.filter(deleting));
  return { items, deps };
}

/** How the planned flows run: the abort signal, who the client is, where each result goes. */
export interface RunFlowsOptions extends Pick<SingletonOptions, 'user' | 'keepIdentity'> {
  signal?: AbortSignal;
  signedIn: boolean;
  onResult: (r: FlowResult) => void;
  /** What the service's 400s taught (seeding's lessons), added to as the flows learn more. */
  lessons?: PayloadLessons;
  /** Primary keys of rows of a model, read from its table (for a function view's parameters no collection fills). */
  idsOfModel?: (model: string) => Promise<Array<string | number>>;
}

/** Runs the planned flows in order, with the rows seeding created (else the rows the lists show). */
export async function runPlannedFlows(http: HttpClient, items: FlowItem[], plan: FlowPlan, api: ApiMap, generator: PayloadGenerator, options: RunFlowsOptions): Promise<FlowResult[]> {
  const flows: FlowResult[] = [];
  const listed = new Map<string, Row[]>();
  const rowsOf = async (path: string): Promise<Row[]> => {
    if (api.rows?.[path]?.length) return api.rows[path];
    if (!listed.has(path)) {
      const res = await http.get(path, { timeoutMs: 10_000 }).catch(() => undefined);
      listed.set(path, res?.status === 200 ? listRows(res.body) : (api.created[path] ?? []).map((id) => ({ id })));
    }
    return listed.get(path)!;
  };
  const schemas = plan.deps.order;
  const lessons = options.lessons ?? new PayloadLessons();
  const idsOf = async (model: string): Promise<Array<string | number>> => {
    const owner = schemas.find((s) => s.model === model);
    const own = owner ? (await rowsOf(owner.path)).map((r) => rowId(r)).filter((id): id is string | number => id !== undefined) : [];
    return own.length ? own : ((await options.idsOfModel?.(model).catch(() => [])) ?? []);
  };
  const relatedFor = (schema: EndpointSchema): RelatedIds => relatedIdsFor(orderByDependencies([...schemas, schema]), schema.path, api);
  const deadline = performance.now() + FLOWS_BUDGET_MS;
  for (const item of items) {
    if (options.signal?.aborted) break;
    if (performance.now() > deadline) {
      const result: FlowResult = { name: `${item.key} all steps`, endpoint: item.key, step: 'all steps', status: 'skipped', durationMs: 0, error: `the flows phase ran out of its ${FLOWS_BUDGET_MS / 60_000} min budget` };
      flows.push(result);
      options.onResult(result);
      continue;
    }
    if (item.kind === 'collection') flows.push(...(await collectionFlow(http, item.collection, plan, api, generator, { ...options, lessons }, rowsOf)));
    else if (item.kind === 'singleton') {
      flows.push(...(await runSingletonFlow(http, item.singleton, generator, item.singleton.schema ? relatedFor(item.singleton.schema) : {}, options.onResult, { ...options, lessons })));
    } else {
      const parents = [...new Set(Object.values(item.other.parents).map((p) => p.path))];
      const rows = new Map(await Promise.all(parents.map(async (p) => [p, await rowsOf(p)] as const)));
      // A model the view's code names: the rows the run created of it, else rows read from its table.
      const ids = new Map(await Promise.all((item.other.models ?? []).map(async (m) => [m, await idsOf(m)] as const)));
      flows.push(...(await runOtherFlow(http, item.other, generator, options.onResult, { signedIn: options.signedIn, rowsOf: (p) => rows.get(p) ?? [], idsOf: (m) => ids.get(m) ?? [], relatedFor, lessons })));
    }
  }
  return flows;
}

async function collectionFlow(http: HttpClient, c: CollectionResource, plan: FlowPlan, api: ApiMap, generator: PayloadGenerator, options: RunFlowsOptions, rowsOf: (p: string) => Promise<Row[]>): Promise<FlowResult[]> {
  if (c.guarded !== undefined) {
    const result: FlowResult = {
      name: `${c.path} all steps`, endpoint: c.path, step: 'all steps', status: 'skipped', durationMs: 0,
      error: `needs authentication (OPTIONS answered ${c.guarded}); set flows.authHeader or flows.superuser in enid.config.json`,
    };
    options.onResult(result);
    return [result];
  }
  const writes = c.methods.includes('POST');
  const { related, empty } = writes ? await fillFromLists(http, plan.deps, c.path, relatedIdsFor(plan.deps, c.path, api)) : { related: {}, empty: [] };
  const unresolved = plan.deps.unresolved.filter((u) => u.endpoint === c.path && u.required).map((u) => u.field);
  const cannotWrite = c.schema.needsMultipart ? 'a required field is a file upload, which a JSON body cannot carry'
    : unresolved.length ? `no collection holds the targets of required ${unresolved.join(', ')}`
      : empty.length ? `no row to point required ${empty.join(', ')} at` : undefined;
  const probed = c.source === 'probe';
  const existing = c.detail || !probed ? await rowsOf(c.path) : [];
  return runCrudFlow(http, c.schema, generator, related, options.onResult, {
    ...(options.lessons ? { lessons: options.lessons } : {}),
    methods: c.methods,
    signedIn: options.signedIn,
    existing,
    ...(cannotWrite ? { cannotWrite } : {}),
    // Only the probe knows the detail route and the pagination; without it the flow finds rows by URL or id,
    // unless the OpenAPI document shows no detail path under the collection.
    ...(probed ? { detail: c.detail ?? null, pagination: c.pagination ?? null } : c.schema.hasDetail === false ? { detail: null } : {}),
  });
}

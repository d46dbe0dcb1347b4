import { createPayloadGenerator, type RelatedIds } from '../seed/payload.js';
import { orderByDependencies } from '../seed/schema.js';
import type { Phase } from '../pipeline/phase.js';
import type { FlowResult } from '../types.js';
import { runCrudFlow } from './crud-flow.js';
import { selectShard } from './shard.js';

/** flows: the generated CRUD flow of every writable collection (this shard's share of them). */
export const flowsPhase: Phase<'flows'> = {
  name: 'flows',
  scope: 'every-shard',
  async run(ctx) {
    const { http, api } = ctx.state;
    const skip = new Set(ctx.config.flows?.skip ?? []);
    const plan = orderByDependencies(api.schemas.filter((s) => s.canCreate && !skip.has(s.path)));
    const mine = selectShard(plan.order, (s) => s.path, ctx.shard);
    // Its own seed, so flows do not depend on how many rows seeding drew from the generator.
    const generator = createPayloadGenerator({ seed: ctx.seed + 1 });
    const flows: FlowResult[] = [];
    for (const guarded of selectShard(api.protected, (p) => p.path, ctx.shard)) {
      const result: FlowResult = {
        name: `${guarded.path} all steps`, endpoint: guarded.path, step: 'all steps', status: 'skipped', durationMs: 0,
        error: `needs authentication (OPTIONS answered ${guarded.status}); set flows.authHeader or flows.superuser in enid.config.json`,
      };
      flows.push(result);
      ctx.reporter.onCaseEnd?.('flow', result);
    }
    for (const schema of mine) {
      if (ctx.signal.aborted) break;
      const relatedIds: RelatedIds = {};
      for (const rel of plan.relations.filter((r) => r.endpoint === schema.path)) relatedIds[rel.field] = api.created[rel.target] ?? [];
      flows.push(...(await runCrudFlow(http, schema, generator, relatedIds, (r) => ctx.reporter.onCaseEnd?.('flow', r))));
    }
    const failed = flows.filter((f) => f.status === 'failed');
    const skipped = flows.filter((f) => f.status === 'skipped').length;
    if (!mine.length && !flows.length) return { status: 'skipped', detail: plan.order.length ? 'no endpoint in this shard' : 'no writable collection endpoint found', result: flows };
    return {
      status: failed.length ? 'failed' : 'passed',
      detail: `${flows.length - failed.length - skipped}/${flows.length} steps passed on ${mine.length} endpoint(s)${skipped ? `, ${skipped} skipped` : ''}${failed.length ? `; first failure: ${failed[0]!.name}: ${failed[0]!.error}` : ''}`,
      result: flows,
    };
  },
};

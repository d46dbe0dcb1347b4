import type { Phase } from '../pipeline/phase.js';
import { carriesCredentials, credentialsNameUser } from '../http/credentials.js';
import { createPayloadGenerator } from '../seed/payload.js';
import { withoutSkipped } from '../api/resources.js';
import type { StartedDjangoService } from '../stack/django-service-container.js';
import type { FlowResult } from '../types.js';
import { planFlows, runPlannedFlows } from './plan.js';
import { selectShard } from './shard.js';

/**
 * flows: a generated flow for every kind of endpoint the service has (this shard's share of them):
 * collections (list with their pagination, create, and their detail routes: retrieve, update, partial
 * update, delete, 404 after delete, 400s), singletons (retrieve, update, never delete), actions and
 * plain views (each allowed method once). Sign-in, schema, docs and admin views are never driven.
 */
export const flowsPhase: Phase<'flows'> = {
  name: 'flows',
  scope: 'every-shard',
  async run(ctx) {
    const { http, api } = ctx.state;
    const skip = [...(ctx.config.flows?.skip ?? []), ...(ctx.config.seed?.skip ?? [])];
    const resources = withoutSkipped(ctx.state.resources, skip);
    const plan = planFlows(resources);
    const mine = selectShard(plan.items, (i) => i.key, ctx.shard);
    // Its own seed, so flows do not depend on how many rows seeding drew from the generator.
    const generator = createPayloadGenerator({ seed: ctx.seed + 1 });
    const flows: FlowResult[] = await runPlannedFlows(http, mine, plan, api, generator, {
      signal: ctx.signal,
      signedIn: carriesCredentials(http.defaultHeaders()),
      keepIdentity: credentialsNameUser(http.defaultHeaders()),
      onResult: (r) => ctx.reporter.onCaseEnd?.('flow', r),
      ...(ctx.state.lessons ? { lessons: ctx.state.lessons } : {}),
      idsOfModel: (model) => idsInTable(ctx.stack.service, model),
      ...(resources.user ? { user: resources.user } : {}),
    });
    if (resources.excluded.length) {
      ctx.reporter.onLog?.(`not driven: ${resources.excluded.filter((e) => e.kind !== 'admin').map((e) => `${e.route} (${e.kind})`).join(', ') || 'the admin site'}`);
    }
    const failed = flows.filter((f) => f.status === 'failed');
    const skipped = flows.filter((f) => f.status === 'skipped').length;
    if (!flows.length) return { status: 'skipped', detail: plan.items.length ? 'no endpoint in this shard' : 'no API endpoint to drive found', result: flows };
    return {
      status: failed.length ? 'failed' : 'passed',
      detail: `${flows.length - failed.length - skipped}/${flows.length} steps passed on ${mine.length} endpoint(s)${skipped ? `, ${skipped} skipped` : ''}${failed.length ? `; first failure: ${failed[0]!.name}: ${failed[0]!.error}` : ''}`,
      result: flows,
    };
  },
};

/** The primary keys of a few rows of `app.Model`, asked of Django in the container (oldest first). */
async function idsInTable(service: StartedDjangoService, model: string): Promise<Array<string | number>> {
  const code = `import json; from django.apps import apps; print("ENID-IDS " + json.dumps([p if isinstance(p, int) else str(p) for p in apps.get_model(${JSON.stringify(model)}).objects.order_by("pk").values_list("pk", flat=True)[:5]]))`;
  const res = await service.manage(['shell', '-c', code]);
  const line = res.stdout.split('\n').find((l) => l.startsWith('ENID-IDS '));
  return line ? (JSON.parse(line.slice('ENID-IDS '.length)) as Array<string | number>) : [];
}

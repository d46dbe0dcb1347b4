import { discoverApi } from '../api/endpoints.js';
import { routesFromProbe } from '../api/probe-routes.js';
import { buildResources } from '../api/resources.js';
import type { Phase } from '../pipeline/phase.js';
import { runProbe } from '../probe/run-probe.js';
import type { ProbeDocument } from '../probe/types.js';
import type { StartedDjangoService } from '../stack/django-service-container.js';
import { confirmReady, needsConfirmation } from './confirm-ready.js';
import { applyMissingMigrations, checkBackingWiring } from './database-wiring.js';
import { hostedClient } from './host-client.js';
import { inspectReport, inspectVerdict } from './inspect-report.js';
import { signedInClient } from './signed-in-client.js';

/**
 * inspect: ask the running service what it is. The probe reports Django's own settings, migration
 * state and URL patterns; from them the run picks a Host header the service accepts, checks that it
 * talks to the run's database, applies migrations it never applied itself, signs in as configured, and
 * maps the API (the probe's URL patterns, then API roots, OPTIONS and OpenAPI). Every later phase works
 * from the API map and the client this phase hands on.
 */
export const inspectPhase: Phase<'inspect'> = {
  name: 'inspect',
  scope: 'every-shard',
  async run(ctx) {
    const log = (line: string): void => ctx.reporter.onLog?.(line);
    const service = ctx.stack.service;
    const notes: string[] = [];
    const assumptions: string[] = [];
    const probe = await probeOf(service, notes);
    const host = hostedClient(ctx, probe, notes);
    if (needsConfirmation(service.readiness)) {
      notes.push(await confirmReady(host.http, { path: ctx.spec.healthPath, service: service.spec.name, logTail: (n) => ctx.stack.serviceLogTail(n), signal: ctx.signal }));
    }

    if (probe) checkBackingWiring(probe, ctx.spec, service);
    const applied = await applyMissingMigrations(service, probe);
    if (applied) {
      assumptions.push(applied);
      log(applied);
    }

    const signedIn = await signedInClient(host.http, service, ctx.options.inspect.signIn, probe, log);
    // The probe's URLconf is the truth: roots read from urls.py before anything ran are asked only without it.
    const roots = probe && !ctx.options.inspect.apiRoots ? [] : ctx.spec.apiRoots;
    const { api, notes: found } = await discoverApi(signedIn.http, service, roots, [...ctx.options.inspect.skip], probe ? routesFromProbe(probe) : undefined);
    notes.push(...found);
    log(`found ${api.schemas.length} collection endpoint(s), ${api.routes.length} URL pattern(s)`);
    notes.forEach(log);
    return {
      ...inspectVerdict(api, signedIn),
      result: inspectReport(api, probe, host, signedIn, notes, found),
      assumptions,
      state: { http: signedIn.http, api, resources: buildResources(probe, api), probe, ...(host.https.kind === 'proxy' ? { proxyHeaders: host.https.headers } : {}) },
    };
  },
};

async function probeOf(service: StartedDjangoService, notes: string[]): Promise<ProbeDocument | undefined> {
  try {
    const run = await runProbe(service, service.codeDir);
    const doc = run.document;
    notes.push(`probe: Django ${doc.versions?.django ?? '?'}, DRF ${doc.versions?.drf ?? 'absent'}, ${doc.urls.length} URL pattern(s) in ${run.durationMs} ms${doc.errors.length ? `, ${doc.errors.length} part(s) unread` : ''}`);
    // What the probe could not read in Django, and what this side could not read of the probe: each costs its part only.
    for (const line of new Set(doc.errors.map((e) => `probe: ${e.section}${e.view ? ` ${e.view}` : ''} not read: ${e.message}`))) notes.push(line);
    for (const n of [...run.notes, ...run.coerced]) notes.push(`probe: ${n}`);
    return doc;
  } catch (err) {
    notes.push(`the Django probe could not run (${(err as Error).message.split('\n')[0]}): endpoints come from the API roots, OPTIONS and OpenAPI`);
    return undefined;
  }
}


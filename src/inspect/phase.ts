import { EnidError } from '../errors.js';
import type { HttpClient } from '../http/client.js';
import { ExitCode } from '../exit-codes.js';
import type { Phase } from '../pipeline/phase.js';
import { classifyPattern, isFormatSuffix } from '../api/classify.js';
import { runProbe } from '../probe/run-probe.js';
import type { ProbeDocument } from '../probe/types.js';
import { discoverApi } from '../api/endpoints.js';
import { buildResources } from '../api/resources.js';
import type { StartedDjangoService } from '../stack/django-service-container.js';
import type { InspectReport } from '../types.js';
import { confirmReady, needsConfirmation } from './confirm-ready.js';
import { hostHeaderOf, httpsAnswer } from './host.js';
import { routesFromProbe } from '../api/probe-routes.js';
import { stripAnchors } from '../api/route-path.js';
import { autoSignIn, planSignIn, type SignInPlan } from './auto-sign-in.js';
import { routeMatcher } from './route-match.js';
import { configuredSignIn } from './sign-in.js';

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

    const { hostHeader, because } = hostHeaderOf(probe?.settings, ctx.info.baseUrl);
    notes.push(`requests carry Host: ${hostHeader} (${because})`);
    let http = ctx.state.http.withHeaders({ host: hostHeader });
    const https = httpsAnswer(probe?.settings, hostHeader);
    if (https.kind === 'https-only') {
      throw new EnidError(`the service redirects every request to HTTPS: ${https.because}`, {
        code: 'ENID_HTTPS_ONLY', exitCode: ExitCode.BootFailed, phase: 'inspect', service: service.spec.name,
        hint: 'turn SECURE_SSL_REDIRECT off through the variable its settings read (service.env in enid.config.json), or set SECURE_PROXY_SSL_HEADER so it can run behind a TLS proxy',
        logTail: ctx.stack.serviceLogTail(20),
      });
    }
    if (https.kind === 'proxy') {
      http = http.withHeaders(https.headers);
      notes.push(`requests carry ${Object.entries(https.headers).map(([k, v]) => `${k}: ${v}`).join(', ')} as its TLS proxy would (${https.because})`);
    }

    if (needsConfirmation(service.readiness)) {
      const confirmed = await confirmReady(http, { path: ctx.spec.healthPath, service: service.spec.name, logTail: (n) => ctx.stack.serviceLogTail(n), signal: ctx.signal });
      notes.push(confirmed);
    }

    if (probe) checkDatabase(probe, ctx.spec.backing.postgres?.aliases ?? [], service);
    const unapplied = probe?.migrations?.unapplied ?? [];
    if (unapplied.length || (service.readiness.state === 'ready' && 'problem' in service.readiness && service.readiness.problem === 'unmigrated')) {
      const applied = await migrate(service, unapplied.length);
      assumptions.push(applied);
      log(applied);
    }

    const anonymous = http;
    const plan = probe ? planSignIn(probe) : undefined;
    const signIn = (await configuredSignIn(service, ctx.config.flows)) ?? (plan ? await autoSignIn(service, plan) : undefined);
    if (signIn) {
      // HTTP Basic makes the service hash the password on every request (PBKDF2: ~0.1 s each): sent
      // only where an endpoint needs a user, it costs seconds instead of minutes. Other schemes go everywhere.
      const costly = plan && signIn.description.endsWith('(HTTP Basic)') && !ctx.config.flows?.superuser;
      http = costly ? http.withScopedHeaders(signIn.headers, routeMatcher(plan.credentialRoutes)) : http.withHeaders(signIn.headers);
      log(`signed in as ${signIn.description}${costly ? ', sent only to the endpoints that need it' : ''}`);
    }
    // Every endpoint that needs a user must refuse one who is not signed in.
    const refused = plan ? await checkRefused(anonymous, plan) : [];
    const open = refused.filter((r) => !r.refused);
    // The probe's URLconf is the truth: roots read from urls.py before anything ran are asked only without it.
    const roots = probe && !ctx.config.service?.apiRoots ? [] : ctx.spec.apiRoots;
    const { api, notes: found } = await discoverApi(http, service, roots, ctx.config.seed?.skip, probe ? routesFromProbe(probe) : undefined);
    notes.push(...found);
    log(`found ${api.schemas.length} collection endpoint(s), ${api.routes.length} URL pattern(s)`);
    notes.forEach(log);
    const result: InspectReport = {
      routes: api.routes.length,
      apiRoutes: probe ? apiRoutesOf(probe) : api.routes.filter((r) => r.drf).map((r) => ({ route: r.route, path: r.path, view: r.view, methods: r.methods ?? (r.actions ? Object.keys(r.actions) : []) })),
      endpoints: api.schemas.map((s) => ({ path: s.path, source: sourceOf(s.path, found), canCreate: s.canCreate })),
      protected: api.protected,
      hostHeader,
      ...(https.kind === 'proxy' ? { proxyHeaders: https.headers } : {}),
      ...(probe?.versions ? { django: probe.versions.django, drf: probe.versions.drf } : {}),
      ...(signIn ? { signedInAs: signIn.description } : {}),
      ...(refused.length ? { anonymousRefused: refused } : {}),
      notes,
    };
    return {
      status: open.length ? 'failed' : 'passed',
      detail: open.length
        ? `${open.length} endpoint(s) that need authentication answered an anonymous request: ${open.slice(0, 3).map((r) => `${r.method} ${r.path} → ${r.status}`).join(', ')}`
        : `${api.schemas.length} API endpoint(s) of ${api.routes.length} URL pattern(s)${signIn ? `, signed in as ${signIn.description}` : ''}${refused.length ? `, ${refused.length} refuse anonymous requests` : ''}`,
      result,
      assumptions,
      state: { http, api, resources: buildResources(probe, api), probe, ...(https.kind === 'proxy' ? { proxyHeaders: https.headers } : {}) },
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

// Settings that ignore every variable the run set (a hard-coded HOST) would test another database, or none.
function checkDatabase(probe: ProbeDocument, aliases: string[], service: StartedDjangoService): void {
  const db = probe.settings?.DATABASES?.default;
  if (!db?.ENGINE || !/postgres/.test(db.ENGINE) || !db.HOST || aliases.includes(db.HOST)) return;
  throw new EnidError(`Django's DATABASES['default'] points at ${db.HOST}, not at the run's PostgreSQL (${aliases.join(', ')})`, {
    code: 'ENID_DATABASE_NOT_WIRED', exitCode: ExitCode.BootFailed, phase: 'inspect', service: service.spec.name,
    hint: `the settings read the host from a variable the harness does not set: name it in service.env of enid.config.json (e.g. {"MY_DB_HOST": "${aliases[0] ?? 'postgres'}"}) or use postgres.aliases`,
  });
}

/** The service never applied its migrations itself: apply them, and say so. */
async function migrate(service: StartedDjangoService, count: number): Promise<string> {
  const res = await service.manage(['migrate', '--noinput']);
  if (res.exitCode !== 0) {
    throw new EnidError(`manage.py migrate failed (exit ${res.exitCode}) on migrations the service had not applied`, {
      code: 'ENID_MIGRATE_FAILED', exitCode: ExitCode.BootFailed, phase: 'inspect', service: service.spec.name,
      hint: 'the service does not migrate at start, so the harness did; the log tail is Django\'s own message',
      logTail: res.output.trim().split('\n').slice(-30),
    });
  }
  return `the service had ${count ? `${count} unapplied migration(s)` : 'no tables'} after it started (its entrypoint does not migrate): applied them with manage.py migrate --noinput`;
}

// The API a run must exercise: DRF resources and plain endpoints, not their format-suffix aliases, the
// API root, schema and docs pages, sign-in views or the admin.
const RESOURCE_KINDS = new Set(['collection', 'detail', 'singleton', 'action', 'plain']);
function apiRoutesOf(probe: ProbeDocument): InspectReport['apiRoutes'] {
  const kwarg = probe.restFramework?.FORMAT_SUFFIX_KWARG ?? 'format';
  return probe.urls
    .filter((u) => u.drf && !isFormatSuffix(u, kwarg))
    .map((u) => ({ route: u.route, path: u.path, view: u.view, methods: u.methods ?? [], kind: classifyPattern(u) }))
    .filter((r) => RESOURCE_KINDS.has(r.kind));
}

/** GET (or OPTIONS, for write-only guards) without credentials to each protected concrete path: 401/403 expected. */
async function checkRefused(anonymous: HttpClient, plan: SignInPlan): Promise<NonNullable<InspectReport['anonymousRefused']>> {
  const out: NonNullable<InspectReport['anonymousRefused']> = [];
  const seen = new Set<string>();
  for (const { route, method } of plan.protectedRoutes) {
    const path = concretePath(route);
    if (!path || seen.has(`${method} ${path}`) || out.length >= 20) continue;
    seen.add(`${method} ${path}`);
    // Writes are asked with an empty body: a refusal comes before validation in DRF.
    const res = await anonymous.request(method, path, method === 'GET' ? {} : { body: {} }).catch(() => undefined);
    if (!res) continue;
    out.push({ method, path, status: res.status, refused: res.status === 401 || res.status === 403 });
  }
  return out;
}

/** `api/^notes/$` → `/api/notes/`; undefined for a route with parameters. */
function concretePath(route: string): string | undefined {
  const text = stripAnchors(route);
  return /[<(\[*+?\\]/.test(text) ? undefined : `/${text}`;
}

function sourceOf(path: string, notes: string[]): string {
  const note = notes.find((n) => n.startsWith(`schema of ${path} from `));
  return note ? note.slice(`schema of ${path} from `.length).split(' ')[0]! : 'api-root';
}

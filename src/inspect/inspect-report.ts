import { classifyPattern, isFormatSuffix } from '../api/classify.js';
import type { ApiMap } from '../api/endpoints.js';
import type { CheckStatus, InspectReport } from '../types.js';
import type { ProbeDocument } from '../probe/types.js';
import type { HostedClient } from './host-client.js';
import type { SignedInClient } from './signed-in-client.js';

/** What the inspect phase learnt, for the report: the API it mapped, the Host it sends, how it signed in. */
export function inspectReport(api: ApiMap, probe: ProbeDocument | undefined, host: HostedClient, signedIn: SignedInClient, notes: string[], apiNotes: string[]): InspectReport {
  const { hostHeader, https } = host;
  const { signIn, refused } = signedIn;
  return {
    routes: api.routes.length,
    apiRoutes: probe ? apiRoutesOf(probe) : api.routes.filter((r) => r.drf).map((r) => ({ route: r.route, path: r.path, view: r.view, methods: r.methods ?? (r.actions ? Object.keys(r.actions) : []) })),
    endpoints: api.schemas.map((s) => ({ path: s.path, source: sourceOf(s.path, apiNotes), canCreate: s.canCreate })),
    protected: api.protected,
    hostHeader,
    ...(https.kind === 'proxy' ? { proxyHeaders: https.headers } : {}),
    ...(probe?.versions ? { django: probe.versions.django, drf: probe.versions.drf } : {}),
    ...(signIn ? { signedInAs: signIn.description } : {}),
    ...(refused.length ? { anonymousRefused: refused } : {}),
    notes,
  };
}

/** Failed when an endpoint that needs a user answered an anonymous request; else one line of what was found. */
export function inspectVerdict(api: ApiMap, signedIn: SignedInClient): { status: CheckStatus; detail: string } {
  const { signIn, refused } = signedIn;
  const open = refused.filter((r) => !r.refused);
  return {
    status: open.length ? 'failed' : 'passed',
    detail: open.length
      ? `${open.length} endpoint(s) that need authentication answered an anonymous request: ${open.slice(0, 3).map((r) => `${r.method} ${r.path} → ${r.status}`).join(', ')}`
      : `${api.schemas.length} API endpoint(s) of ${api.routes.length} URL pattern(s)${signIn ? `, signed in as ${signIn.description}` : ''}${refused.length ? `, ${refused.length} refuse anonymous requests` : ''}`,
  };
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

function sourceOf(path: string, notes: string[]): string {
  const note = notes.find((n) => n.startsWith(`schema of ${path} from `));
  return note ? note.slice(`schema of ${path} from `.length).split(' ')[0]! : 'api-root';
}

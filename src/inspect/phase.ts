import type { Phase } from '../pipeline/phase.js';
import { discoverApi } from '../seed/endpoints.js';
import type { InspectReport } from '../types.js';
import { configuredSignIn } from './sign-in.js';

/**
 * inspect: ask the running service what it is — sign in the way the config says, then find its API from
 * the API roots, Django's URL resolver inside the container, OPTIONS and OpenAPI. Every later phase works
 * from the API map and the signed-in client this phase hands on.
 */
export const inspectPhase: Phase<'inspect'> = {
  name: 'inspect',
  scope: 'every-shard',
  async run(ctx) {
    const log = (line: string): void => ctx.reporter.onLog?.(line);
    const signIn = await configuredSignIn(ctx.stack.service, ctx.config.flows);
    const http = signIn ? ctx.state.http.withHeaders(signIn.headers) : ctx.state.http;
    if (signIn) log(`signed in as ${signIn.description}`);
    const { api, notes } = await discoverApi(http, ctx.stack.service, ctx.spec.apiRoots, ctx.config.seed?.skip);
    log(`found ${api.schemas.length} collection endpoint(s), ${api.routes.length} URL pattern(s)`);
    notes.forEach(log);
    const result: InspectReport = {
      routes: api.routes.length,
      apiRoutes: api.routes.filter((r) => r.drf).map((r) => ({ route: r.route, path: r.path, view: r.view, methods: r.actions ? Object.keys(r.actions) : [] })),
      endpoints: api.schemas.map((s) => ({ path: s.path, source: sourceOf(s.path, notes), canCreate: s.canCreate })),
      protected: api.protected,
      ...(signIn ? { signedInAs: signIn.description } : {}),
      notes,
    };
    return {
      status: 'passed',
      detail: `${api.schemas.length} API endpoint(s) of ${api.routes.length} URL pattern(s)${signIn ? `, signed in as ${signIn.description}` : ''}`,
      result,
      state: { http, api },
    };
  },
};

function sourceOf(path: string, notes: string[]): string {
  const note = notes.find((n) => n.startsWith(`schema of ${path} from `));
  return note ? note.slice(`schema of ${path} from `.length).split(' ')[0]! : 'api-root';
}

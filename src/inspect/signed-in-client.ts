import type { EnidConfig } from '../config.js';
import type { HttpClient } from '../http/client.js';
import type { ProbeDocument } from '../probe/types.js';
import { stripAnchors } from '../api/route-path.js';
import type { StartedDjangoService } from '../stack/django-service-container.js';
import type { InspectReport } from '../types.js';
import { autoSignIn, planSignIn, type SignInPlan } from './auto-sign-in.js';
import { routeMatcher } from './route-match.js';
import { configuredSignIn, type SignIn } from './sign-in.js';

/** The client signed in as configured (or as the probe's auth suggests), and what anonymous requests got. */
export interface SignedInClient {
  http: HttpClient;
  signIn?: SignIn;
  /** Protected endpoints asked without credentials: each should have refused. */
  refused: NonNullable<InspectReport['anonymousRefused']>;
}

/**
 * Signs in (the config's header or superuser, else the scheme the probe's endpoints accept) and checks
 * that every endpoint that needs a user refuses one who is not signed in.
 */
export async function signedInClient(anonymous: HttpClient, service: StartedDjangoService, flows: EnidConfig['flows'], probe: ProbeDocument | undefined, log: (line: string) => void): Promise<SignedInClient> {
  let http = anonymous;
  const plan = probe ? planSignIn(probe) : undefined;
  const signIn = (await configuredSignIn(service, flows)) ?? (plan ? await autoSignIn(service, plan) : undefined);
  if (signIn) {
    // HTTP Basic makes the service hash the password on every request (PBKDF2: ~0.1 s each): sent
    // only where an endpoint needs a user, it costs seconds instead of minutes. Other schemes go everywhere.
    const costly = plan && signIn.description.endsWith('(HTTP Basic)') && !flows?.superuser;
    http = costly ? http.withScopedHeaders(signIn.headers, routeMatcher(plan.credentialRoutes)) : http.withHeaders(signIn.headers);
    log(`signed in as ${signIn.description}${costly ? ', sent only to the endpoints that need it' : ''}`);
  }
  // Every endpoint that needs a user must refuse one who is not signed in.
  const refused = plan ? await checkRefused(anonymous, plan) : [];
  return { http, ...(signIn ? { signIn } : {}), refused };
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

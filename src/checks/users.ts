/**
 * The clients of the checks phase besides the run's own: nobody signed in, and a second user signed
 * in the same way as the first (the scheme the inspect phase chose from the probe), never staff.
 */
import { HttpClient } from '../http/client.js';
import { autoSignIn, planSignIn } from '../inspect/auto-sign-in.js';
import { routeMatcher } from '../inspect/route-match.js';
import type { RunContext } from '../pipeline/context.js';

/** A client without credentials: the Host and proxy headers the run sends, nothing else. */
export function anonymousClient(ctx: Pick<RunContext, 'info' | 'state'>): HttpClient {
  const host = ctx.state.http.defaultHeaders().host;
  return new HttpClient(ctx.info.baseUrl, { headers: { ...(host ? { host } : {}), ...ctx.state.proxyHeaders }, connections: 4 });
}

export interface SecondUser {
  client?: HttpClient;
  userId?: string | number;
  /** Why there is none. */
  missing?: string;
  /** The run's own user is staff (the plan asked for a superuser, or the config named one). */
  aIsStaff: boolean;
}

/** Signs in `enid-test-b` (a plain user) through the user model's manager, as the run's own user was. */
export async function secondUser(ctx: Pick<RunContext, 'info' | 'state' | 'stack' | 'options'>, anonymous: HttpClient): Promise<SecondUser> {
  const configured = !!ctx.options.inspect.signIn.superuser;
  const plan = ctx.state.probe ? planSignIn(ctx.state.probe) : undefined;
  const aIsStaff = configured || plan?.superuser === true;
  if (!plan) return { aIsStaff, missing: ctx.state.probe ? 'no endpoint refuses anonymous clients: there are no users to tell apart' : 'the probe did not run: the sign-in scheme is unknown' };
  try {
    const signIn = await autoSignIn(ctx.stack.service, { ...plan, superuser: false }, { suffix: '-b' });
    const basic = signIn.description.endsWith('(HTTP Basic)');
    const client = basic ? anonymous.withScopedHeaders(signIn.headers, routeMatcher(plan.credentialRoutes)) : anonymous.withHeaders(signIn.headers);
    return { client, aIsStaff, ...(signIn.userId !== undefined ? { userId: signIn.userId } : {}) };
  } catch (err) {
    return { aIsStaff, missing: `a second user could not be signed in: ${(err as Error).message}` };
  }
}

import { randomBytes } from 'node:crypto';
import { EnidError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { accessContext, accessFor, type AuthScheme } from '../probe/access.js';
import { classifyPattern, isFormatSuffix } from '../api/classify.js';
import { bootstrap } from '../probe/run-probe.js';
import type { ProbeDocument } from '../probe/types.js';
import { pythonSource } from '../python/scripts.js';
import type { StartedDjangoService } from '../stack/django-service-container.js';
import type { SignIn } from './sign-in.js';

const SCRIPT = '/tmp/enid/sign-in.py';
// Token and JWT first: they are what API clients use, and they need no CSRF dance.
const PREFERENCE: AuthScheme['kind'][] = ['token', 'jwt', 'basic', 'session'];
const RESOURCE_KINDS = new Set(['collection', 'detail', 'singleton', 'action', 'plain']);

/** Why the run signs in, and how: the scheme, and whether a permission class asks for staff. */
export interface SignInPlan {
  scheme: AuthScheme;
  superuser: boolean;
  /** Endpoints (route and method) that refuse an anonymous client. */
  protectedRoutes: Array<{ route: string; method: string }>;
  /** Those, and the ones a custom permission decides: where credentials go when they are costly. */
  credentialRoutes: Array<{ route: string; method: string }>;
}

/**
 * Pure: from the probe, whether any API endpoint refuses anonymous clients, and the scheme to sign in
 * with — the one most of those endpoints accept. Undefined when everything is open.
 */
export function planSignIn(doc: ProbeDocument): SignInPlan | undefined {
  const ctx = accessContext(doc);
  const kwarg = doc.restFramework?.FORMAT_SUFFIX_KWARG ?? 'format';
  const guarded: Array<{ route: string; method: string; schemes: AuthScheme[]; access: string }> = [];
  const undecided: Array<{ route: string; method: string }> = [];
  for (const u of doc.urls) {
    if (!u.drf || isFormatSuffix(u, kwarg) || !RESOURCE_KINDS.has(classifyPattern(u))) continue;
    for (const method of u.methods ?? ['GET']) {
      const d = accessFor(u, method, ctx);
      if (d.needsAuth) guarded.push({ route: u.route, method, schemes: d.schemes, access: d.access });
      else if (d.needsAuth === null) undecided.push({ route: u.route, method });
    }
  }
  if (!guarded.length) return undefined;
  const votes = new Map<AuthScheme['kind'], { n: number; scheme: AuthScheme }>();
  for (const g of guarded) for (const s of g.schemes) if (PREFERENCE.includes(s.kind)) votes.set(s.kind, { n: (votes.get(s.kind)?.n ?? 0) + 1, scheme: s });
  const best = [...votes.values()].sort((a, b) => b.n - a.n || PREFERENCE.indexOf(a.scheme.kind) - PREFERENCE.indexOf(b.scheme.kind))[0];
  if (!best) return undefined;
  const protectedRoutes = guarded.map(({ route, method }) => ({ route, method }));
  return { scheme: best.scheme, superuser: guarded.some((g) => g.access === 'superuser'), protectedRoutes, credentialRoutes: [...protectedRoutes, ...undecided] };
}

/**
 * Creates a test user inside the container through the user model's own manager (its USERNAME_FIELD and
 * REQUIRED_FIELDS honoured), then the credentials the scheme needs: a token through the ORM, a simplejwt
 * access token, a session with its CSRF token, or HTTP Basic. Flows then run as that user.
 */
export async function autoSignIn(service: StartedDjangoService, plan: SignInPlan, as: { suffix?: string } = {}): Promise<SignIn> {
  const password = randomBytes(18).toString('base64url');
  await service.copyContentToContainer([{ content: pythonSource('sign_in'), target: SCRIPT, mode: 0o644 }]);
  const env = { ENID_PASSWORD: password, ENID_SCHEME: plan.scheme.kind, ENID_SUPERUSER: plan.superuser ? '1' : '0', ENID_USER_SUFFIX: as.suffix ?? '', PYTHONDONTWRITEBYTECODE: '1' };
  const res = await service.exec(['python', 'manage.py', 'shell', '-c', bootstrap(SCRIPT)], { workingDir: service.codeDir, env });
  const line = res.stdout.split('\n').find((l) => l.startsWith('ENID-SIGN-IN '));
  if (res.exitCode !== 0 || !line) {
    throw new EnidError(`could not create a test user to sign in with (${plan.scheme.kind}; exit ${res.exitCode})`, {
      code: 'ENID_SIGN_IN', exitCode: ExitCode.BootFailed, phase: 'inspect', service: service.spec.name,
      hint: 'the user model\'s manager refused the test user; give credentials with flows.authHeader in enid.config.json',
      logTail: res.output.trim().split('\n').slice(-20),
    });
  }
  const out = JSON.parse(line.slice('ENID-SIGN-IN '.length)) as Record<string, string>;
  const who = `${plan.superuser ? 'superuser' : 'user'} ${out.username}`;
  const id = out.id !== undefined && out.id !== null ? { userId: out.id as string | number } : {};
  switch (plan.scheme.kind) {
    case 'token':
      return { headers: { authorization: `${plan.scheme.keyword ?? 'Token'} ${out.token}` }, description: `${who} (DRF authtoken, Authorization: ${plan.scheme.keyword ?? 'Token'} …)`, ...id };
    case 'jwt':
      return { headers: { authorization: `${plan.scheme.keyword ?? 'Bearer'} ${out.token}` }, description: `${who} (simplejwt access token)`, ...id };
    case 'session':
      return {
        headers: { cookie: `${out.sessionCookie}=${out.sessionKey}; ${out.csrfCookie}=${out.csrfSecret}`, [out.csrfHeader!]: out.csrfToken! },
        description: `${who} (Django session)`, ...id,
      };
    default:
      return { headers: { authorization: `Basic ${Buffer.from(`${out.username}:${password}`).toString('base64')}` }, description: `${who} (HTTP Basic)`, ...id };
  }
}

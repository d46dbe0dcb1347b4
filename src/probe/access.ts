/**
 * Whether an endpoint needs authentication, decided from what the probe reported: DRF permission and
 * authentication classes (per handler, as get_permissions() returned them), Django's login decorators
 * and mixins, and LoginRequiredMiddleware. Pure.
 */
import { classifyPattern, has } from '../api/classify.js';
import type { PermissionRef, ProbeDocument, ProbeUrlPattern } from './types.js';

/** Who may call an endpoint: the least privileged principal let through, 'nobody', or 'unknown'. */
export type Access = 'anonymous' | 'user' | 'superuser' | 'nobody' | 'unknown';
export type Principal = 'anonymous' | 'user' | 'superuser';
const PRINCIPALS: Principal[] = ['anonymous', 'user', 'superuser'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** How a client could authenticate, from the view's DRF authentication classes (or Django's session). */
export interface AuthScheme {
  kind: 'basic' | 'session' | 'token' | 'jwt' | 'remote-user' | 'other';
  class: string;
  /** Authorization header keyword: `Token` (or a subclass's), simplejwt's first AUTH_HEADER_TYPES entry. */
  keyword?: string;
}

export interface AccessDecision {
  access: Access;
  /** False: anonymous clients get in; true: they do not; null: a custom rule decides. */
  needsAuth: boolean | null;
  schemes: AuthScheme[];
  /** What decided, for reports. */
  reason: string;
}

/** What accessFor needs from the rest of the document. */
export type AccessContext = {
  classes: Record<string, { mro: string[]; keyword?: string }>;
  middleware?: string[] | null;
  jwtHeaderTypes?: string[] | null;
};

/** The AccessContext of a probe document. */
export function accessContext(doc: Pick<ProbeDocument, 'classes' | 'settings' | 'auth'>): AccessContext {
  return { classes: doc.classes, middleware: doc.settings?.MIDDLEWARE ?? null, jwtHeaderTypes: doc.auth?.simplejwt.authHeaderTypes ?? null };
}

// DRF's built-in permissions, for a principal without model permissions ('user') and a superuser.
type Rule = (who: Principal, safe: boolean) => boolean;
const PERMISSIONS: Record<string, Rule> = {
  'rest_framework.permissions.AllowAny': () => true,
  'rest_framework.permissions.IsAuthenticated': (who) => who !== 'anonymous',
  'rest_framework.permissions.IsAdminUser': (who) => who === 'superuser',
  'rest_framework.permissions.IsAuthenticatedOrReadOnly': (who, safe) => safe || who !== 'anonymous',
  'rest_framework.permissions.DjangoModelPermissions': (who, safe) => who === 'superuser' || (who === 'user' && safe),
  'rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly': (who, safe) => safe || who === 'superuser',
};
const SCHEMES: [string, AuthScheme['kind']][] = [
  ['rest_framework.authentication.BasicAuthentication', 'basic'], ['rest_framework.authentication.SessionAuthentication', 'session'],
  ['rest_framework.authentication.TokenAuthentication', 'token'], ['rest_framework_simplejwt.authentication.JWTAuthentication', 'jwt'],
  ['rest_framework.authentication.RemoteUserAuthentication', 'remote-user'],
];

/** A class's MRO from the document (a class the probe did not record is only itself). */
const mroOf = (ctx: AccessContext, cls: string): string[] => ctx.classes[cls]?.mro ?? [cls];

/** Whether `ref` lets `who` through. Kleene logic: a custom permission class is null (unknown), and AND / OR / NOT keep what is certain. */
export function allows(ref: PermissionRef, who: Principal, safe: boolean, ctx: AccessContext): boolean | null {
  if (typeof ref === 'string') {
    // A subclass is taken to keep its built-in base's rule; a fully custom class is unknown.
    const base = mroOf(ctx, ref).find((c) => c in PERMISSIONS);
    return base ? PERMISSIONS[base]!(who, safe) : null;
  }
  if (ref.op === 'not') {
    const v = allows(ref.operand, who, safe, ctx);
    return v === null ? null : !v;
  }
  const [a, b] = [allows(ref.left, who, safe, ctx), allows(ref.right, who, safe, ctx)];
  if (ref.op === 'and') return a === false || b === false ? false : a === null || b === null ? null : true;
  return a === true || b === true ? true : a === null || b === null ? null : false;
}

/** DRF checks every permission class; none at all lets everyone through. */
function allowsAll(refs: PermissionRef[], who: Principal, safe: boolean, ctx: AccessContext): boolean | null {
  let result: boolean | null = true;
  for (const ref of refs) {
    const v = allows(ref, who, safe, ctx);
    if (v === false) return false;
    if (v === null) result = null;
  }
  return result;
}

function scheme(cls: string, ctx: AccessContext): AuthScheme {
  const mro = mroOf(ctx, cls);
  const kind = SCHEMES.find(([base]) => mro.includes(base))?.[1] ?? 'other';
  const keyword = kind === 'token' ? ctx.classes[cls]?.keyword ?? 'Token' : kind === 'jwt' ? ctx.jwtHeaderTypes?.[0] ?? 'Bearer' : undefined;
  return { kind, class: cls, ...(keyword ? { keyword } : {}) };
}

const SESSION: AuthScheme = { kind: 'session', class: 'django.contrib.auth.middleware.AuthenticationMiddleware' };

function decision(access: Access, schemes: AuthScheme[], reason: string, anonymous?: boolean | null): AccessDecision {
  // Whether anonymous clients get in can be certain even where the rest is not ('unknown' beyond it).
  const anon = anonymous !== undefined ? anonymous : access === 'anonymous' ? true : access === 'unknown' ? null : false;
  return { access, needsAuth: anon === null ? null : !anon, schemes, reason };
}

/** Plain Django views: login_required & co. in the wrapper chain, the auth mixins in the MRO. */
function djangoAccess(p: ProbeUrlPattern): [Access, string] {
  const wrapped = (s: string): boolean => p.wrappers.some((w) => w.includes(s));
  if (classifyPattern(p) === 'admin') return p.name?.endsWith(':login') ? ['anonymous', 'admin login page'] : ['superuser', 'admin site (staff)'];
  if (wrapped('staff_member_required.') || wrapped('permission_required.') || has(p, 'django.contrib.auth.mixins.PermissionRequiredMixin')) return ['superuser', 'staff or permission required'];
  if (wrapped('login_required.') || has(p, 'django.contrib.auth.mixins.LoginRequiredMixin')) return ['user', 'login required'];
  if (wrapped('django.contrib.auth.decorators.') || has(p, 'django.contrib.auth.mixins.UserPassesTestMixin')) return ['unknown', 'custom user test'];
  return ['anonymous', 'no login requirement'];
}

/**
 * Whether `method` on pattern `p` needs authentication. DRF views: the handler's own get_permissions()
 * (else the view's permission classes) evaluated for an anonymous client, a user without model
 * permissions and a superuser (object-level checks are not considered); needing a user where the view
 * has no authentication class makes it 'nobody'. Plain Django views: login decorators and mixins.
 * Django 5.1's LoginRequiredMiddleware raises anything not marked login_not_required to 'user'.
 */
export function accessFor(p: ProbeUrlPattern, method: string, ctx: AccessContext): AccessDecision {
  const upper = method.toUpperCase();
  const loginMiddleware = !p.loginNotRequired && (ctx.middleware ?? []).includes('django.contrib.auth.middleware.LoginRequiredMiddleware');
  if (!p.drf) {
    const [access, reason] = djangoAccess(p);
    return loginMiddleware && access === 'anonymous' ? decision('user', [SESSION], 'LoginRequiredMiddleware') : decision(access, [SESSION], reason);
  }
  const refs = p.drf.handlers.find((h) => h.method === upper)?.permissionClasses ?? p.drf.permissionClasses;
  const safe = SAFE_METHODS.has(upper);
  const schemes = p.drf.authenticationClasses.map((c) => scheme(c, ctx));
  const names = refs.map((r) => (typeof r === 'string' ? r.split('.').at(-1) : `(${r.op})`)).join(', ');
  const reason = refs.length ? `permissions ${names}` : 'no permission classes';
  const anonymous = allowsAll(refs, 'anonymous', safe, ctx);
  // Without an authentication class every request is anonymous: the others cannot even sign in.
  const principals = schemes.length ? PRINCIPALS : PRINCIPALS.slice(0, 1);
  let access: Access = 'nobody';
  for (const who of principals) {
    const ok = who === 'anonymous' ? anonymous : allowsAll(refs, who, safe, ctx);
    if (ok === null) { access = 'unknown'; break; }
    if (ok) { access = who; break; }
  }
  const why = access === 'nobody' && !schemes.length ? `${reason}, but no authentication class` : reason;
  // The middleware reads Django's own session user: a DRF token or JWT does not get past it.
  if (loginMiddleware) return decision(access === 'anonymous' ? 'user' : access, [SESSION], `LoginRequiredMiddleware; ${why}`, false);
  return decision(access, schemes, why, anonymous);
}

import { describe, expect, it } from 'vitest';
import { accessContext, accessFor, type AccessContext } from '../../../src/probe/access.js';
import type { PermissionRef, ProbeUrlPattern } from '../../../src/probe/types.js';
import { named, probed } from './recorded.js';

const notes = probed('notes-redis-django3.2');
const ledger = probed('drift-pytest-django4.2');
const inventory = probed('drift-subfolder-django4.2');

/** A recorded DRF pattern whose handlers all carry `perms` (as get_permissions() would return them). */
function withPermissions(p: ProbeUrlPattern, perms: PermissionRef[], authentication = p.drf!.authenticationClasses): ProbeUrlPattern {
  return { ...p, drf: { ...p.drf!, permissionClasses: perms, authenticationClasses: authentication, handlers: p.drf!.handlers.map((h) => ({ ...h, permissionClasses: perms })) } };
}
const P = (name: string): string => `rest_framework.permissions.${name}`;
const ctx = (extra: Partial<AccessContext> = {}): AccessContext => ({ ...accessContext(ledger), ...extra });

describe('accessFor on recorded services', () => {
  it('notes: open notes, HTTP Basic for the private ones', () => {
    const c = accessContext(notes);
    expect(accessFor(named(notes, 'note-list'), 'POST', c)).toMatchObject({ access: 'anonymous', needsAuth: false });
    expect(accessFor(named(notes, 'private-note-detail'), 'DELETE', c)).toEqual({
      access: 'user', needsAuth: true, reason: 'permissions IsAuthenticated',
      schemes: [{ kind: 'basic', class: 'rest_framework.authentication.BasicAuthentication' }],
    });
    expect(accessFor(named(notes, 'health'), 'GET', c)).toMatchObject({ access: 'anonymous', needsAuth: false, reason: 'no login requirement' });
  });

  it('drift-pytest: token sign-in and sign-up are open, the rest needs the token', () => {
    const c = accessContext(ledger);
    // ObtainAuthToken has no permission classes at all: DRF lets everyone in.
    expect(accessFor(named(ledger, 'token-obtain'), 'POST', c)).toMatchObject({ access: 'anonymous', reason: 'no permission classes' });
    expect(accessFor(named(ledger, 'user-register'), 'POST', c)).toMatchObject({ access: 'anonymous', needsAuth: false, schemes: [] });
    for (const [name, method] of [['user-me', 'GET'], ['expense-list', 'POST'], ['expense-totals', 'GET'], ['api-root', 'GET']] as const) {
      expect(accessFor(named(ledger, name), method, c)).toMatchObject({
        access: 'user', needsAuth: true, schemes: [{ kind: 'token', keyword: 'Token', class: 'rest_framework.authentication.TokenAuthentication' }],
      });
    }
  });

  it('auth-jwt: token views are open, orders need a Bearer JWT, the report staff, a custom rule is unknown', () => {
    const orders = probed('auth-jwt-django3.2');
    const c = accessContext(orders);
    expect(accessFor(named(orders, 'token_obtain_pair'), 'POST', c)).toMatchObject({ access: 'anonymous', needsAuth: false, schemes: [] });
    expect(accessFor(named(orders, 'token_refresh'), 'POST', c)).toMatchObject({ access: 'anonymous', needsAuth: false });
    expect(accessFor(named(orders, 'order-list'), 'GET', c)).toMatchObject({
      access: 'user', needsAuth: true, schemes: [{ kind: 'jwt', class: 'rest_framework_simplejwt.authentication.JWTAuthentication', keyword: 'Bearer' }],
    });
    expect(accessFor(named(orders, 'sales-report'), 'GET', c)).toMatchObject({ access: 'superuser', reason: 'permissions IsAdminUser' });
    expect(accessFor(named(orders, 'product-list'), 'GET', c)).toMatchObject({ access: 'unknown', needsAuth: null, reason: 'permissions IsStaffOrReadOnly' });
  });

  it('drift-nomigrate: reading is open, writing needs Basic or a session', () => {
    const courseware = probed('drift-nomigrate-django3.2');
    const c = accessContext(courseware);
    expect(accessFor(named(courseware, 'course-list'), 'GET', c).access).toBe('anonymous');
    expect(accessFor(named(courseware, 'course-list'), 'POST', c)).toMatchObject({ access: 'user', schemes: [{ kind: 'session' }, { kind: 'basic' }] });
  });

  it('drift-subfolder: the admin is for staff, except its login page', () => {
    const c = accessContext(inventory);
    const admin = inventory.urls.filter((u) => u.namespace === 'admin');
    expect(accessFor(admin.find((u) => u.name === 'admin:index')!, 'GET', c)).toMatchObject({ access: 'superuser', needsAuth: true });
    expect(accessFor(admin.find((u) => u.name === 'admin:login')!, 'POST', c)).toMatchObject({ access: 'anonymous', needsAuth: false });
    expect(accessFor(named(inventory, 'inventory:item-list'), 'POST', c)).toMatchObject({
      access: 'anonymous', schemes: [{ kind: 'session' }, { kind: 'basic' }],
    });
  });
});

describe('accessFor: DRF permission rules', () => {
  const list = named(ledger, 'expense-list');
  const decide = (perms: PermissionRef[], method: string, c = ctx()) => accessFor(withPermissions(list, perms), method, c);

  it('read-only variants let anonymous clients read, not write', () => {
    expect(decide([P('IsAuthenticatedOrReadOnly')], 'GET').access).toBe('anonymous');
    expect(decide([P('IsAuthenticatedOrReadOnly')], 'POST').access).toBe('user');
    expect(decide([P('DjangoModelPermissionsOrAnonReadOnly')], 'HEAD').access).toBe('anonymous');
    expect(decide([P('DjangoModelPermissionsOrAnonReadOnly')], 'PATCH').access).toBe('superuser');
  });

  it('model permissions: any user reads, writing needs the permission (a superuser has it)', () => {
    expect(decide([P('DjangoModelPermissions')], 'GET').access).toBe('user');
    expect(decide([P('DjangoModelPermissions')], 'DELETE')).toMatchObject({ access: 'superuser', needsAuth: true });
    expect(decide([P('IsAdminUser')], 'GET').access).toBe('superuser');
  });

  it('every class must agree; composed permissions follow & | ~', () => {
    expect(decide([P('AllowAny'), P('IsAdminUser')], 'GET').access).toBe('superuser');
    expect(decide([{ op: 'or', left: P('IsAdminUser'), right: P('IsAuthenticatedOrReadOnly') }], 'GET').access).toBe('anonymous');
    expect(decide([{ op: 'or', left: P('IsAdminUser'), right: P('IsAuthenticatedOrReadOnly') }], 'PUT').access).toBe('user');
    expect(decide([{ op: 'and', left: P('IsAuthenticated'), right: P('IsAdminUser') }], 'GET').access).toBe('superuser');
    expect(decide([{ op: 'not', operand: P('IsAuthenticated') }], 'GET').access).toBe('anonymous');
    expect(decide([{ op: 'not', operand: P('AllowAny') }], 'GET')).toMatchObject({ access: 'nobody', needsAuth: true });
  });

  it('a custom class is unknown, but what it is combined with may still be certain', () => {
    const custom = 'shop.permissions.IsOwner';
    expect(decide([custom], 'GET')).toMatchObject({ access: 'unknown', needsAuth: null });
    // IsAuthenticated & custom: anonymous clients are certainly refused, the rest is up to the custom rule.
    expect(decide([P('IsAuthenticated'), custom], 'GET')).toMatchObject({ access: 'unknown', needsAuth: true });
    expect(decide([{ op: 'or', left: P('AllowAny'), right: custom }], 'GET')).toMatchObject({ access: 'anonymous', needsAuth: false });
  });

  it('a subclass keeps its built-in base rule, through the MROs the probe recorded', () => {
    const sub = 'shop.permissions.StaffOnly';
    const c = ctx({ classes: { ...ledger.classes, [sub]: { mro: [sub, P('IsAdminUser'), P('BasePermission')] } } });
    expect(decide([sub], 'GET', c).access).toBe('superuser');
  });

  it('needing a user where the view cannot authenticate anyone is nobody', () => {
    expect(accessFor(withPermissions(list, [P('IsAuthenticated')], []), 'GET', ctx())).toMatchObject({
      access: 'nobody', needsAuth: true, reason: 'permissions IsAuthenticated, but no authentication class',
    });
  });

  it('names JWT and custom token keywords', () => {
    const jwt = 'rest_framework_simplejwt.authentication.JWTAuthentication';
    const bearer = 'shop.auth.BearerToken';
    const c = ctx({ jwtHeaderTypes: ['JWT'], classes: { ...ledger.classes, [jwt]: { mro: [jwt] }, [bearer]: { mro: [bearer, 'rest_framework.authentication.TokenAuthentication'], keyword: 'Bearer' } } });
    expect(accessFor(withPermissions(list, [P('IsAuthenticated')], [jwt, bearer]), 'GET', c).schemes).toEqual([
      { kind: 'jwt', class: jwt, keyword: 'JWT' }, { kind: 'token', class: bearer, keyword: 'Bearer' },
    ]);
  });
});

describe('accessFor: plain Django views', () => {
  const health = named(notes, 'health');
  const c = accessContext(notes);

  it('login_required, staff_member_required and the auth mixins', () => {
    const lambda = (name: string) => `django.contrib.auth.decorators.${name}.<locals>.<lambda>`;
    expect(accessFor({ ...health, wrappers: ['django.contrib.auth.decorators._wrapped_view', lambda('login_required')] }, 'GET', c).access).toBe('user');
    expect(accessFor({ ...health, wrappers: ['django.contrib.admin.views.decorators.staff_member_required.<locals>.<lambda>'] }, 'GET', c).access).toBe('superuser');
    expect(accessFor({ ...health, wrappers: ['django.contrib.auth.decorators.user_passes_test.<locals>.decorator.<locals>._wrapper_view'] }, 'GET', c)).toMatchObject({ access: 'unknown', needsAuth: null });
    expect(accessFor({ ...health, callable: 'class', mro: ['x.Dash', 'django.contrib.auth.mixins.LoginRequiredMixin', 'django.views.generic.base.View'] }, 'GET', c).access).toBe('user');
  });

  it("Django 5.1's LoginRequiredMiddleware closes everything not marked login_not_required, DRF views too", () => {
    const guarded = { ...c, middleware: [...(notes.settings?.MIDDLEWARE ?? []), 'django.contrib.auth.middleware.LoginRequiredMiddleware'] };
    expect(accessFor(health, 'GET', guarded)).toMatchObject({ access: 'user', reason: 'LoginRequiredMiddleware' });
    expect(accessFor({ ...health, loginNotRequired: true }, 'GET', guarded).access).toBe('anonymous');
    expect(accessFor(named(notes, 'note-list'), 'GET', guarded)).toMatchObject({ access: 'user', needsAuth: true, schemes: [{ kind: 'session' }] });
  });
});

import { describe, expect, it } from 'vitest';
import { planSignIn } from '../../../src/inspect/auto-sign-in.js';
import { probed } from '../probe/recorded.js';

// Real probe documents of the fixtures: which sign-in each one needs, decided from what Django said.
describe('planSignIn', () => {
  it('open services need none', () => {
    expect(planSignIn(probed('library-pg-django3.2'))).toBeUndefined();
    expect(planSignIn(probed('drift-subfolder-django4.2'))).toBeUndefined();
  });

  it('TokenAuthentication + IsAuthenticated everywhere: a token, no staff', () => {
    const plan = planSignIn(probed('drift-pytest-django4.2'))!;
    expect(plan.scheme).toMatchObject({ kind: 'token', keyword: 'Token' });
    expect(plan.superuser).toBe(false);
    expect(plan.protectedRoutes.map((r) => `${r.method} ${r.route}`)).toContain('GET api/^expenses/$');
    // Registration is AllowAny: it is not among the protected endpoints.
    expect(plan.protectedRoutes.some((r) => r.method === 'POST' && r.route === 'api/users/')).toBe(false);
  });

  it('simplejwt with a staff-only endpoint: a Bearer token for a superuser', () => {
    const plan = planSignIn(probed('auth-jwt-django3.2'))!;
    expect(plan.scheme).toMatchObject({ kind: 'jwt', keyword: 'Bearer' });
    expect(plan.superuser).toBe(true);
  });

  it('Session + Basic with IsAuthenticatedOrReadOnly: writes need a user, HTTP Basic is preferred over a session', () => {
    const plan = planSignIn(probed('drift-nomigrate-django3.2'))!;
    expect(plan.scheme.kind).toBe('basic');
    expect(plan.protectedRoutes.every((r) => r.method !== 'GET')).toBe(true);
  });

  it('one protected viewset among open ones: its own scheme (Basic on the notes fixture)', () => {
    const plan = planSignIn(probed('notes-redis-django4.2'))!;
    expect(plan.scheme.kind).toBe('basic');
    expect(new Set(plan.protectedRoutes.map((r) => r.route.split('/')[1]))).toEqual(new Set(['^private-notes']));
  });
});

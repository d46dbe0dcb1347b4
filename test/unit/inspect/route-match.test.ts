import { describe, expect, it } from 'vitest';
import { routeMatcher, routeRegex } from '../../../src/inspect/route-match.js';

describe('routeRegex: a Django pattern over request paths', () => {
  it.each([
    ['api/^notes/$', '/api/notes/', true],
    ['api/^notes/(?P<pk>[^/.]+)/$', '/api/notes/12/', true],
    ['api/^notes/(?P<pk>[^/.]+)/$', '/api/notes/', false],
    ['api/courses/<uuid:public_id>/', '/api/courses/3f1e0a5c-0000-4000-8000-000000000000/', true],
    ['api/items/<int:pk>/adjust/', '/api/items/7/adjust/', true],
    ['files/<path:rest>', '/files/a/b/c', true],
    ['api/users/me/', '/api/users/me/', true],
  ])('%s matches %s: %s', (route, path, expected) => {
    expect(routeRegex(route).test(path)).toBe(expected);
  });
});

describe('routeMatcher', () => {
  it('matches the method as well as the path', () => {
    const needs = routeMatcher([{ route: 'api/^tags/$', method: 'POST' }, { route: 'api/^tags/(?P<pk>[^/.]+)/$', method: 'DELETE' }]);
    expect(needs('POST', '/api/tags/')).toBe(true);
    expect(needs('GET', '/api/tags/')).toBe(false);
    expect(needs('delete', '/api/tags/4/')).toBe(true);
    // OPTIONS is answered with the caller's permissions: it goes with the route's guarded methods.
    expect(needs('OPTIONS', '/api/tags/')).toBe(true);
    expect(needs('OPTIONS', '/api/other/')).toBe(false);
  });
});

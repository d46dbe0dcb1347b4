import { describe, expect, it } from 'vitest';
import { fillRoute, paramAfter, routeKey, routeParams, unknownValue } from '../../../src/api/route-path.js';
import { probed, RECORDED } from '../seed/probed.js';

describe('route-path on the recorded URL patterns', () => {
  it('finds the same parameters the probe reported, for every pattern of every recording', () => {
    for (const name of RECORDED) {
      for (const u of probed(name).urls) {
        expect(routeParams(u.route).map((p) => p.name), `${name} ${u.route}`).toEqual(u.params.map((p) => p.name ?? ''));
      }
    }
  });

  it('fills path converters and router regex groups, and drops the anchors', () => {
    expect(fillRoute('api/items/<int:pk>/adjust/', { pk: 7 })).toBe('/api/items/7/adjust/');
    expect(fillRoute('api/^courses/(?P<public_id>[^/.]+)/$', { public_id: '0b6e3f5c-9f1e-4a57-8d2c-1f7b1e9f2a10' })).toBe('/api/courses/0b6e3f5c-9f1e-4a57-8d2c-1f7b1e9f2a10/');
    expect(fillRoute('api/^expenses/totals/$', {})).toBe('/api/expenses/totals/');
    expect(fillRoute('api/^notes\\.(?P<format>[a-z0-9]+)/?$', { format: 'json' })).toBe('/api/notes.json/');
    // A value is escaped, a missing one is no path at all.
    expect(fillRoute('api/tags/<slug:slug>/', { slug: 'a b' })).toBe('/api/tags/a%20b/');
    expect(fillRoute('api/items/<int:pk>/', {})).toBeUndefined();
    expect(fillRoute('api/(?:old|new)/', {})).toBeUndefined();
  });

  it('pairs a detail route with its collection by route prefix, one parameter segment after it', () => {
    expect(paramAfter('api/items/', 'api/items/<int:pk>/')).toBe('pk');
    expect(paramAfter('api/^courses/$', 'api/^courses/(?P<public_id>[^/.]+)/$')).toBe('public_id');
    expect(paramAfter('api/items/', 'api/items/<int:pk>/adjust/')).toBeUndefined();
    expect(paramAfter('api/items/', 'api/items/<int:pk>/adjust/', true)).toBe('pk');
    expect(paramAfter('api/users/', 'api/users/me/')).toBeUndefined();
    expect(paramAfter('api/^notes/$', 'api/^notes\\.(?P<format>[a-z0-9]+)/?$')).toBeUndefined();
  });

  it('names routes the way the API coverage does, and makes up values that fit the converter', () => {
    // Exactly apiCoverage's normalisation, which drops every ^ and $, a class's negation included.
    expect(routeKey('api/^notes/(?P<pk>[^/.]+)/$')).toBe('/api/notes/(?P<pk>[^/.]+)/');
    expect(routeKey('api/items/<int:pk>/adjust/')).toBe('/api/items/<int:pk>/adjust/');
    expect(unknownValue({ converter: 'int' })).toMatch(/^\d+$/);
    expect(unknownValue({ converter: 'uuid' })).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('unknownValue: a lookup value no row has, shaped like the converter or the rows\' own', () => {
  it.each([
    ['api/items/<int:pk>/', 'pk', undefined, '987654321'],
    ['api/items/<uuid:public_id>/', 'public_id', undefined, '00000000-0000-4000-8000-000000000000'],
    ['api/tags/<slug:slug>/', 'slug', undefined, 'enid-unknown-0'],
    ['api/^courses/(?P<public_id>[^/.]+)/$', 'public_id', 'c0a80121-7ac0-4e1a-9f1b-1d2e3f405060', '00000000-0000-4000-8000-000000000000'],
    ['api/^notes/(?P<pk>[^/.]+)/$', 'pk', 17, '987654321'],
    ['api/^tags/(?P<slug>[^/.]+)/$', 'slug', 'python', 'enid-unknown-0'],
    ['api/^notes/(?P<pk>[^/.]+)/$', 'pk', undefined, 'enid-unknown-0'],
  ] as Array<[string, string, string | number | undefined, string]>)('%s (%s, sample %s) → %s', (route, kwarg, sample, expected) => {
    const param = routeParams(route).find((p) => p.name === kwarg)!;
    expect(unknownValue(param, sample)).toBe(expected);
    // The value fills the route: the URL resolves and the view itself answers.
    expect(fillRoute(route, { [kwarg]: unknownValue(param, sample) })).toBeDefined();
  });
  it('stays below 2^31, so an integer column on Django < 5 does not overflow into a 500', () => {
    expect(Number(unknownValue({ converter: 'int' }))).toBeLessThan(2 ** 31);
  });
});

import { describe, expect, it } from 'vitest';
import { emptyApi } from '../../../src/pipeline/context.js';
import type { ProbeDocument } from '../../../src/probe/types.js';
import { buildResources, withoutSkipped, type ResourceMap } from '../../../src/api/resources.js';
import { authors, books, notes } from '../seed/recorded.js';
import { probed, resourcesOf } from '../seed/probed.js';

const summary = (m: ResourceMap): Record<string, unknown> => ({
  collections: m.collections.map((c) => `${c.path} ${c.methods.join(',')}${c.detail ? ` → ${c.detail.route} [${c.detail.kwarg}=${c.detail.lookupField}]` : ''}`),
  singletons: m.singletons.map((s) => `${s.path} ${s.methods.join(',')}`),
  others: m.others.map((o) => `${o.kind} ${o.route} ${o.methods.join(',')}${Object.keys(o.parents).length ? ` <${Object.entries(o.parents).map(([k, p]) => `${k}=${p.path}`).join(',')}>` : ''}`),
  excluded: m.excluded.map((e) => `${e.kind} ${e.route}`),
});

describe('buildResources from the recorded probes', () => {
  it.each(['3.2', '4.2'])('drift-subfolder (Django %s): generic list and detail views paired by route, @api_view functions with their parent rows', (v) => {
    expect(summary(resourcesOf(`drift-subfolder-django${v}`))).toEqual({
      collections: ['/api/warehouses/ GET,POST → api/warehouses/<int:pk>/ [pk=pk]', '/api/items/ GET,POST → api/items/<int:pk>/ [pk=pk]'],
      singletons: [],
      others: ['plain api/items/<int:pk>/adjust/ POST <pk=/api/items/>', 'plain api/summary/ GET'],
      excluded: [],
    });
  });

  it.each(['3.2', '4.2'])('drift-pytest (Django %s): a create-only sign-up, a /me/ singleton, an @action; the token view is never a resource', (v) => {
    const map = resourcesOf(`drift-pytest-django${v}`);
    expect(summary(map)).toEqual({
      collections: ['/api/users/ POST', '/api/expenses/ GET,POST → api/^expenses/(?P<pk>[^/.]+)/$ [pk=pk]'],
      singletons: ['/api/users/me/ GET,PUT,PATCH'],
      others: ['action api/^expenses/totals/$ GET'],
      excluded: ['auth-token api/auth/token/', `non-api ${v === '3.2' ? 'api/^$' : 'api/'}`],
    });
    expect(map.singletons[0]!.schema?.model).toBe('accounts.User');
    expect(map.user).toEqual({ model: 'accounts.User', usernameField: 'email' });
    expect(map.collections[0]!.schema.writableFields.map((f) => f.name)).toEqual(['email', 'full_name', 'password']);
  });

  it.each(['3.2', '4.2'])('the query parameters a view\'s own code reads ride with its resource (Django %s)', (v) => {
    const pick = (m: ResourceMap): Record<string, unknown> => Object.fromEntries([...m.collections, ...m.singletons, ...m.others].filter((r) => r.queryParams).map((r) => [r.route, r.queryParams]));
    expect(pick(resourcesOf(`drift-subfolder-django${v}`))).toEqual({ 'api/items/': ['warehouse'] });
    expect(pick(resourcesOf(`drift-pytest-django${v}`))).toEqual({ 'api/^expenses/$': ['category'], 'api/^expenses/totals/$': ['category'] });
  });

  it('drift-nomigrate: a UUID lookup, each list\'s own pagination (cursor, none, limit-offset), cached function views', () => {
    const map = resourcesOf('drift-nomigrate-django3.2');
    expect(summary(map).collections).toEqual([
      '/api/instructors/ GET,POST → api/^instructors/(?P<pk>[^/.]+)/$ [pk=pk]',
      '/api/tags/ GET,POST → api/^tags/(?P<pk>[^/.]+)/$ [pk=pk]',
      '/api/courses/ GET,POST → api/^courses/(?P<public_id>[^/.]+)/$ [public_id=public_id]',
    ]);
    expect(map.collections.map((c) => c.pagination?.style ?? null)).toEqual(['cursor', null, 'limit-offset']);
    expect(summary(map).others).toEqual(['plain api/stats/ GET', 'plain api/metrics/ GET']);
  });

  it('auth-jwt: both simplejwt views set apart, the staff report a plain endpoint', () => {
    const map = resourcesOf('auth-jwt-django3.2');
    expect(summary(map).excluded).toEqual(['auth-jwt api/token/', 'auth-jwt api/token/refresh/', 'non-api api/^$']);
    // health/ is a plain Django function view: one GET, whatever methods it takes.
    expect((summary(map).others as string[]).sort()).toEqual(['plain api/reports/sales/ GET', 'plain health/ GET']);
    expect(map.others.find((o) => o.route === 'health/')?.django).toBe(true);
    expect(map.collections.map((c) => c.path)).toEqual(['/api/products/', '/api/orders/']);
  });

  it.each(['notes-redis-django3.2', 'library-pg-django3.2'])('%s: the same collections OPTIONS found, the schema view set apart', (name) => {
    const map = resourcesOf(name);
    expect(map.collections.every((c) => c.source === 'probe' && c.detail)).toBe(true);
    expect(map.others.filter((o) => o.django).map((o) => `${o.route} ${o.methods.join(',')}`)).toEqual(['health/ GET']);
    expect(map.excluded.map((e) => e.kind)).toEqual(name.startsWith('library') ? ['schema', 'non-api'] : ['non-api']);
  });

  it('marks the collections OPTIONS refused as guarded, and keeps collections only the API map knew', () => {
    // The API root's own path is the probe's (a non-API view): an OPTIONS schema does not make it a collection.
    const api = { ...emptyApi(), schemas: [notes, { ...authors, path: '/api/writers/' }, { ...books, path: '/api/' }], protected: [{ path: '/api/private-notes/', status: 401 }] };
    const map = buildResources(probed('notes-redis-django3.2'), api);
    expect(map.collections.map((c) => [c.path, c.source, c.guarded])).toEqual([
      ['/api/notes/', 'probe', undefined], ['/api/private-notes/', 'probe', 401], ['/api/writers/', 'api', undefined],
    ]);
  });

  it('without the probe: the API map\'s collections, less what is named like sign-in, schema or admin', () => {
    const token = { ...notes, path: '/api/auth/token/', name: 'Obtain Auth Token' };
    const login = { ...notes, path: '/api/sessions/', name: 'Login' };
    const map = buildResources(undefined, { ...emptyApi(), schemas: [authors, books, token, login] });
    expect(map.collections.map((c) => [c.path, c.methods.join(','), c.detail])).toEqual([
      ['/api/authors/', 'GET,POST', undefined], ['/api/books/', 'GET,POST', undefined],
    ]);
    expect(map.excluded.map((e) => e.route)).toEqual(['api/auth/token/', 'api/sessions/']);
  });

  it('expects a 2xx for a valid body only where the serializer is the action\'s own, not the viewset\'s', () => {
    // The recorded @action `totals` as a POST action: first with the viewset's serializer, then with another.
    const base = probed('drift-pytest-django3.2');
    const withAction = (serializer: string): ProbeDocument => ({
      ...base,
      urls: base.urls.map((u) => (u.name === 'expense-totals' && !u.params.length
        ? { ...u, methods: ['POST'], actions: { post: 'totals' }, drf: { ...u.drf!, handlers: [{ ...u.drf!.handlers[0]!, method: 'POST', serializer }] } }
        : u)),
    });
    const action = (doc: ProbeDocument) => buildResources(doc, emptyApi()).others.find((o) => o.kind === 'action')!;
    expect(action(withAction('expenses.serializers.ExpenseSerializer')).bodies.POST).toMatchObject({ specific: false });
    expect(action(withAction('accounts.serializers.UserSerializer')).bodies.POST).toMatchObject({ specific: true });
  });

  it('leaves out what the config skips, routes with parameters named as the report names them', () => {
    const map = withoutSkipped(resourcesOf('drift-subfolder-django3.2'), ['/api/items/', '/api/items/<int:pk>/adjust/']);
    expect(summary(map).collections).toEqual(['/api/warehouses/ GET,POST → api/warehouses/<int:pk>/ [pk=pk]']);
    expect(summary(map).others).toEqual(['plain api/summary/ GET']);
  });
});
